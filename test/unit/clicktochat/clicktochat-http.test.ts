/**
 * The /clicktochat paths' pieces without a server: who a caller is (admin, secret, API key, a
 * plain user, nobody), the CORS headers (the original's set, the origin per path and config),
 * the OPTIONS answer, and the reply documents (the original's declaration and shapes, every JID
 * escaped).
 */
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { secretDigest } from '../../../gateway/auth/index.js';
import type { GatewayError } from '../../../gateway/errors/index.js';
import { callerOf, requireTrusted } from '../../../gateway/routes/clicktochat/clicktochat-access.js';
import { allowedOrigin, clickToChatPreflight } from '../../../gateway/routes/clicktochat/clicktochat-cors.js';
import { connectedUsersReply, pairsJson, pairsOf, pairsXml, registerReply } from '../../../gateway/routes/clicktochat/clicktochat-replies.js';

const settings = { apiKeyDigests: [secretDigest('key-1'), secretDigest('key-2')] };

describe('clicktochat access', () => {
  const CASES: ReadonlyArray<readonly [string, Parameters<typeof callerOf>[0], string]> = [
    ['the shared secret', { principal: { kind: 'secret' }, headers: {} }, 'trusted'],
    ['an admin', { principal: { kind: 'user', username: 'admin', admin: true }, headers: {} }, 'trusted'],
    ['a plain user', { principal: { kind: 'user', username: 'bob', admin: false }, headers: {} }, 'user'],
    ['nobody', { principal: undefined, headers: {} }, 'anonymous'],
    ['a configured API key', { principal: undefined, headers: { 'x-api-key': 'key-2' } }, 'trusted'],
    ['a configured API key beside a plain user', { principal: { kind: 'user', username: 'bob', admin: false }, headers: { 'x-api-key': 'key-1' } }, 'trusted'],
  ];
  for (const [who, r, caller] of CASES) {
    it(`when ${who} calls, then the caller is ${caller}`, () => assert.equal(callerOf(r, settings), caller));
  }

  it('when a wrong API key is given, then 401 (never silently anonymous)', () => {
    assert.throws(() => callerOf({ principal: undefined, headers: { 'x-api-key': 'key-3' } }, settings), (e: GatewayError) => e.status === 401);
    assert.throws(() => callerOf({ principal: undefined, headers: { 'x-api-key': '' } }, { apiKeyDigests: [] }), (e: GatewayError) => e.status === 401);
  });

  it('when a path needs a trusted caller, then nobody is 401 and a plain user 403', () => {
    requireTrusted('trusted', 'register');
    assert.throws(() => requireTrusted('anonymous', 'register'), (e: GatewayError) => e.status === 401);
    assert.throws(() => requireTrusted('user', 'register'), (e: GatewayError) => e.status === 403);
  });
});

describe('clicktochat CORS', () => {
  it('when no origin is configured, then * on list only (the original sent * everywhere)', () => {
    const none = { corsOrigin: null };
    assert.deepEqual(['register', 'list', 'disconnect', 'pairs'].map((p) => allowedOrigin(none, p)), [null, '*', null, null]);
    assert.deepEqual(['register', 'list'].map((p) => allowedOrigin({ corsOrigin: 'https://shop.example' }, p)), ['https://shop.example', 'https://shop.example']);
  });

  it('when a page preflights, then 200, text/xml, no body, and the original\'s methods and headers (plus ofgate\'s credentials headers)', async () => {
    const app = express();
    app.use('/clicktochat', clickToChatPreflight({ corsOrigin: null }));
    app.use((_req, res) => void res.status(404).end());
    const list = await request(app).options('/clicktochat/list').set('Origin', 'https://a.example');
    assert.equal(list.status, 200);
    assert.match(list.headers['content-type'] ?? '', /^text\/xml/);
    assert.equal(list.text, '');
    assert.equal(list.headers['access-control-allow-origin'], '*');
    assert.equal(list.headers['access-control-allow-methods'], 'POST, PUT, DELETE, GET, OPTIONS');
    assert.equal(list.headers['access-control-allow-headers'], 'origin, content-type, accept, authorization, x-api-key');
    const reg = await request(app).options('/clicktochat/register');
    assert.equal(reg.status, 200);
    assert.equal(reg.headers['access-control-allow-origin'], undefined);
    assert.equal((await request(app).get('/clicktochat/list')).status, 404, 'other methods go on');
  });
});

describe('clicktochat replies', () => {
  it('when register answers, then the original\'s declaration and children, in order', () => {
    assert.equal(registerReply('my_client@client.com', 'agent1@helpdesk.com'),
      "<?xml version='1.0'?><register><status>ok</status><from>my_client@client.com</from><to>agent1@helpdesk.com</to></register>");
  });

  it('when list answers, then one username per helpdesk user, and an empty list is one empty element', () => {
    assert.equal(connectedUsersReply(['a@h', 'b@h']), "<?xml version='1.0'?><connected_users><username>a@h</username><username>b@h</username></connected_users>");
    assert.equal(connectedUsersReply([]), "<?xml version='1.0'?><connected_users/>");
  });

  it('when a JID holds XML characters, then every reply escapes it', () => {
    const odd = 'a<b>&"c\'@h';
    assert.ok(registerReply(odd, odd).includes('a&lt;b&gt;&amp;"c\'@h'));
    assert.ok(!connectedUsersReply([odd]).includes('<b>'));
    const view = pairsOf({ format: 1, queue: [odd], clients: { [odd]: { agent: odd, status: 'active', since: 0, registeredAt: 0, address: null } } });
    assert.ok(!pairsXml(view).includes('<b>'));
    assert.ok(!/[<>&]/.test(pairsJson(view)));
    assert.deepEqual(JSON.parse(pairsJson(view)), { queue: [odd], pairs: [{ client: odd, agent: odd, status: 'active', since: '1970-01-01T00:00:00.000Z' }] });
  });

  it('when pairs are reported, then oldest first, with unpaired ones marked and without an agent element', () => {
    const view = pairsOf({
      format: 1,
      queue: ['a@h'],
      clients: {
        'k2@c': { agent: null, status: 'active', since: 2_000, registeredAt: 0, address: '1.2.3.4' },
        'k1@c': { agent: 'a@h', status: 'pending', since: 1_000, registeredAt: 0, address: null },
      },
    });
    assert.deepEqual(view.pairs.map((p) => [p.client, p.status]), [['k1@c', 'pending'], ['k2@c', 'unpaired']]);
    assert.equal(pairsXml(view), "<?xml version='1.0'?><pairs><queue><agent>a@h</agent></queue>"
      + '<pair><client>k1@c</client><agent>a@h</agent><status>pending</status><since>1970-01-01T00:00:01.000Z</since></pair>'
      + '<pair><client>k2@c</client><status>unpaired</status><since>1970-01-01T00:00:02.000Z</since></pair></pairs>');
    assert.ok(!pairsJson(view).includes('1.2.3.4'), 'the address is never shown');
  });
});
