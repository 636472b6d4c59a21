/**
 * ofchat's long tail against the real ejabberd: admin bookmarks reach the members' own clients
 * (XEP-0048 private storage read back on the member's own stream, its own bookmarks kept), SIP
 * account records, message blasts delivered to a recipient's client, and an upload slot from
 * mod_http_upload that takes a PUT and serves the file back.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/restapi/v1';
const NS_PRIVATE = 'jabber:iq:private';
const NS_BOOKMARKS = 'storage:bookmarks';

describe('ofchat long tail: bookmarks, SIP accounts, message blasts, upload slots', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const http = () => request(world.url);
  const admin = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const user = async (prefix: string) => {
    const name = unique(prefix);
    await registerUser(world.ej.apiUrl, world.domain, name, 'pw');
    return name;
  };
  const connect = async (name: string) => {
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username: name, password: 'pw', presence: false });
    clients.push(c);
    return c;
  };
  /** The member's storage:bookmarks entries, read on its own client. */
  const storageOf = async (c: TestXmpp) => {
    const res = await c.xmpp.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_PRIVATE }, xml('storage', { xmlns: NS_BOOKMARKS }))), 5000);
    return res.getChild('query', NS_PRIVATE)?.getChild('storage', NS_BOOKMARKS)?.getChildren('conference').map((e) => ({ jid: e.attrs.jid as string, autojoin: e.attrs.autojoin as string, name: e.attrs.name as string })) ?? [];
  };

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  describe('bookmarks', () => {
    it('when an admin bookmarks a room for a user, then the user\'s own client reads it from its private storage, its own bookmarks kept', async () => {
      const alice = await user('bma');
      const c = await connect(alice);
      const own = `own${unique('r')}@conference.${world.domain}`;
      await c.xmpp.iqCaller.request(xml('iq', { type: 'set' }, xml('query', { xmlns: NS_PRIVATE }, xml('storage', { xmlns: NS_BOOKMARKS }, xml('conference', { jid: own, name: 'Mine', autojoin: 'false' })))), 5000);
      const room = `help${unique('r')}@conference.${world.domain}`;
      const created = await admin(http().post(`${MODERN}/bookmarks`)).send({ type: 'group_chat', name: 'Support', value: room, users: [alice], properties: [{ key: 'autojoin', value: 'true' }] }).expect(200);
      assert.match(created.body.bookmarkID, /^[0-9]+$/);
      assert.equal(created.headers['x-bookmark-pushed'], '1');
      assert.equal(created.headers['x-bookmark-push-failed'], undefined);
      const entries = await storageOf(c);
      assert.deepEqual(entries.map((e) => e.jid).sort(), [own, room].sort());
      assert.equal(entries.find((e) => e.jid === room)?.autojoin, 'true');
      assert.equal(entries.find((e) => e.jid === room)?.name, 'Support');

      // moved to a group the user is not in: the user loses it (its own stays), the group's member gets it
      const bob = await user('bmb');
      const group = unique('bmg');
      await ejabberdApi(world.ej.apiUrl, 'srg_create', { group, host: world.domain, label: group, description: '', display: '' });
      await ejabberdApi(world.ej.apiUrl, 'srg_user_add', { user: bob, host: world.domain, group, grouphost: world.domain });
      const id = created.body.bookmarkID as string;
      const moved = await admin(http().put(`${MODERN}/bookmarks/${id}`)).send({ type: 'group_chat', name: 'Support', value: room, groups: [group] }).expect(200);
      assert.equal(moved.headers['x-bookmark-pushed'], '2');
      assert.deepEqual((await storageOf(c)).map((e) => e.jid), [own]);
      const cb = await connect(bob);
      assert.deepEqual((await storageOf(cb)).map((e) => e.jid), [room]);

      // the property route, then deletion
      const prop = await admin(http().put(`${MODERN}/bookmarks/${id}/property?name=autojoin&value=true`)).expect(200);
      assert.deepEqual(prop.body.properties, [{ key: 'autojoin', value: 'true' }]);
      assert.equal((await storageOf(cb))[0]?.autojoin, 'true');
      await admin(http().delete(`${MODERN}/bookmarks/${id}`)).expect(200);
      assert.deepEqual(await storageOf(cb), []);
      await admin(http().get(`${MODERN}/bookmarks/${id}`)).expect(404);
    });

    it('when bookmarks are read in both dialects, then ofchat JSON drops the root and a URL bookmark round-trips; a non-numeric id is 400', async () => {
      const b = await admin(http().post(`${OFCHAT}/bookmarks`)).send({ type: 'url', name: 'Docs', value: 'https://example.org/docs', users: [] }).expect(200);
      const id = b.body.bookmarkID as string;
      const one = await admin(http().get(`${OFCHAT}/bookmarks/${id}`)).expect(200);
      assert.equal(one.body.type, 'url');
      assert.equal(one.body.value, 'https://example.org/docs');
      const list = await admin(http().get(`${MODERN}/bookmarks`)).expect(200);
      assert.ok(list.body.bookmarks.some((x: { bookmarkID: string }) => x.bookmarkID === id));
      const err = await admin(http().get(`${OFCHAT}/bookmarks/abc`)).expect(400);
      assert.equal(err.body.exception, 'IllegalArgumentException');
      await admin(http().post(`${MODERN}/bookmarks`)).send({ type: 'group_chat', name: 'x', value: 'not a jid' }).expect(400);
      await http().get(`${MODERN}/bookmarks`).set('Authorization', basic(await user('bmn'), 'pw')).expect(403);
      await admin(http().delete(`${MODERN}/bookmarks/${id}`)).expect(200);
    });
  });

  describe('SIP accounts', () => {
    it('when an admin stores a record, then the user reads its own, another user may not, and upsert/delete behave', async () => {
      const u = await user('sip');
      const ext = unique('ext');
      const rec = { username: u, sipUsername: ext, authUsername: ext, displayName: 'Desk', password: 's3', server: 'sip.example.org', enabled: true, useStun: false, status: 'Unregistered' };
      const first = await admin(http().post(`${MODERN}/sipaccounts`)).send(rec).expect(200);
      assert.equal(first.headers['x-sip-account'], 'created');
      const mine = await http().get(`${MODERN}/sipaccounts/username/${u}`).set('Authorization', basic(u, 'pw')).set('Accept', 'application/json').expect(200);
      assert.equal(mine.body.sipUsername, ext);
      assert.equal(mine.body.enabled, true);
      const other = await user('sipo');
      await http().get(`${MODERN}/sipaccounts/username/${u}`).set('Authorization', basic(other, 'pw')).expect(403);
      const byExt = await admin(http().get(`${OFCHAT}/sipaccounts/extension/${ext}`)).expect(200);
      assert.equal(byExt.body.username, u);
      assert.equal(byExt.body.enabled, 'true'); // ofchat JSON: scalars as strings
      const again = await admin(http().post(`${MODERN}/sipaccounts`)).send({ ...rec, displayName: 'Desk 2' }).expect(200);
      assert.equal(again.headers['x-sip-account'], 'replaced');
      const list = await admin(http().get(`${MODERN}/sipaccounts?count=1000`)).expect(200);
      assert.equal(list.body.accounts.find((a: { username: string }) => a.username === u)?.displayName, 'Desk 2');
      await admin(http().post(`${MODERN}/sipaccounts`)).send({ ...rec, username: unique('nobody') }).expect(400);
      await admin(http().delete(`${MODERN}/sipaccounts/${u}`)).expect(200);
      await admin(http().get(`${MODERN}/sipaccounts/username/${u}`)).expect(404);
    });
  });

  describe('message blasts', () => {
    it('when a user sends a blast, then each recipient\'s client receives it from the user and the sent blast lists who got it', async () => {
      const sender = await user('bls');
      const to1 = await user('blr');
      const to2 = await user('blr');
      const c1 = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username: to1, password: 'pw' });
      clients.push(c1);
      const auth = basic(sender, 'pw');
      const res = await http().post(`${MODERN}/messageblast/sendblast`).set('Authorization', auth).set('Accept', 'application/json')
        .send({ title: 'Notice', message: 'Maintenance at noon', recipients: [to1, `${to2}@${world.domain}`], ackRequired: true }).expect(200);
      assert.equal(res.body.recipientsCount, 2);
      assert.equal(res.body.sentCount, 2);
      const got = await c1.waitFor((el) => el.is('message') && el.getChildText('body') === 'Maintenance at noon', 5000, 'the blast');
      assert.equal((got.attrs.from as string).split('/')[0], `${sender}@${world.domain}`);
      assert.equal(got.getChildText('subject'), 'Notice');
      assert.ok(got.getChild('request', 'urn:xmpp:receipts'));
      const sent = await http().get(`${MODERN}/messageblast/sentblasts`).set('Authorization', auth).set('Accept', 'application/json').expect(200);
      assert.equal(sent.body.sentblasts[0].id, res.body.id);
      const who = await http().get(`${MODERN}/messageblast/sentblasts/${sender}/${res.body.id as string}`).set('Authorization', auth).set('Accept', 'application/json').expect(200);
      assert.deepEqual(who.body.recipients.map((r: { jid: string; group: string }) => [r.jid, r.group]).sort(), [[`${to1}@${world.domain}`, 'sent'], [`${to2}@${world.domain}`, 'sent']].sort());
      await http().get(`${MODERN}/messageblast/sentblasts/${sender}/${res.body.id as string}`).set('Authorization', basic(to1, 'pw')).expect(403);
      await http().post(`${MODERN}/messageblast/senders`).set('Authorization', auth).set('Content-Type', 'application/json').send('[{"jid":"x"}]').expect(200);
      assert.equal((await http().get(`${MODERN}/messageblast/senders`).set('Authorization', auth).expect(200)).text, '[{"jid":"x"}]');
      await http().delete(`${MODERN}/messageblast/sentblasts/${sender}/${res.body.id as string}`).set('Authorization', auth).expect(200);
    });

    it('when the secret alone blasts, or a blast is scheduled, then 400 Access denied and 501', async () => {
      const to = await user('blr');
      const denied = await admin(http().post(`${OFCHAT}/messageblast/sendblast`)).send({ message: 'x', recipients: [to] }).expect(400);
      assert.match(denied.body.message, /Access denied/);
      const later = await http().post(`${OFCHAT}/messageblast/sendblast`).set('Authorization', basic(await user('bls'), 'pw')).set('Accept', 'application/json')
        .send({ message: 'x', recipients: [to], sendlater: true }).expect(501);
      assert.equal(later.body.exception, 'NotImplementedException');
    });
  });

  describe('upload slot', () => {
    it('when a user asks a slot, then mod_http_upload takes the PUT and serves the file at the get URL', async () => {
      const u = await user('up');
      const res = await http().get(`${OFCHAT}/ask/upload/${u}/hello.txt/5`).set('Authorization', basic(u, 'pw')).expect(200);
      const slot = JSON.parse(res.text) as { get: string; put: string };
      assert.match(slot.put, /^http:\/\/localhost:\d+\/upload\//);
      assert.equal(await raw('PUT', slot.put, 'hello'), 201);
      assert.equal(await rawText(slot.get), 'hello');
      const big = await http().get(`${OFCHAT}/ask/upload/${u}/big.bin/${50 * 1024 * 1024}`).set('Authorization', basic(u, 'pw')).set('Accept', 'application/json').expect(413);
      assert.match(big.body.message, /max_size/);
      await http().get(`${OFCHAT}/ask/upload/${u}/hello.txt/5`).set('Authorization', basic(await user('upo'), 'pw')).expect(403);
      await http().get(`${OFCHAT}/ask/upload/${u}/..%2Fx/5`).set('Authorization', basic(u, 'pw')).expect(400);
    });
  });
});

/** A request to ejabberd's upload URL on 127.0.0.1 with the URL's Host header (ejabberd names the upload by it). */
function send(method: string, url: string, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: u.port, path: u.pathname, method, headers: { host: u.host, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) }, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(body);
  });
}
const raw = async (method: string, url: string, body: string) => (await send(method, url, body)).status;
const rawText = async (url: string) => (await send('GET', url)).text;
