/**
 * Click-to-chat under hostile input (e2e): malformed XML, DOCTYPE and entity declarations
 * (billion laughs, external entities), duplicate, empty or missing fields, mixed content, bodies
 * over the limit, names with shell and JID metacharacters, and disconnects aimed at accounts
 * that are not clients. Each gets a 4xx naming the problem (the API's error entity, XML by
 * default), never a 500 or a hang, and no account is left behind; the service still works after.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { accountExists, helpdeskUser, pairs, queued, register, startClickToChat, type ClickToChatGateway, type HelpdeskUser } from '../kit/clicktochat-kit.js';
import { unique } from '../kit/unique.js';

const LAUGHS = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
  + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>]><registration><username>&lol2;</username><password>p</password></registration>";
const XXE = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><registration><username>&x;</username><password>p</password></registration>";

describe('click-to-chat: hostile input (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: ClickToChatGateway;
  let agent: HelpdeskUser;

  const post = (path: string, body: string, contentType = 'text/xml') =>
    request(g.url).post(`/clicktochat/${path}`).set('Authorization', w.secret).set('Content-Type', contentType).send(body);

  /** A 4xx in the API's error format whose message names `problem`. */
  function refused(res: request.Response, status: number, problem: RegExp): void {
    assert.equal(res.status, status, res.text);
    assert.match(res.headers['content-type'] ?? '', /^application\/xml/);
    assert.match(res.text, /^<\?xml[^>]*\?><error><ressource>/);
    assert.match(res.text, problem);
  }

  before(async () => {
    w = await getWorld();
    g = await startClickToChat(w, { 'clicktochat.maxBodyBytes': 1024 });
    agent = await helpdeskUser(w, 'ctchost');
    await queued(g, w.secret, agent.jid);
  });
  after(async () => {
    await agent?.xmpp.stop();
    await g?.stop();
  });

  const BODIES: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['malformed XML', '<registration><username>x</registration>', /malformed XML/],
    ['not XML at all', 'username=x&password=y', /malformed XML|text outside/],
    ['an empty body', '', /XML document is required/],
    ['a DOCTYPE', "<!DOCTYPE registration><registration><username>dt</username><password>p</password></registration>", /DOCTYPE/],
    ['billion laughs', LAUGHS, /DOCTYPE/],
    ['an external entity', XXE, /DOCTYPE/],
    ['an entity declaration without DOCTYPE', "<r><!ENTITY x 'y'><username>e</username><password>p</password></r>", /entity declaration/],
    ['an undeclared entity', '<r><username>&xxe;</username><password>p</password></r>', /malformed XML/],
    ['two usernames', '<r><username>a1</username><username>a2</username><password>p</password></r>', /username: given more than once/],
    ['two passwords', '<r><username>a3</username><password>p</password><password>q</password></r>', /password: given more than once/],
    ['an empty username', '<r><username/><password>p</password></r>', /username: empty/],
    ['an empty password', '<r><username>a4</username><password></password></r>', /password: empty/],
    ['no username', '<r><password>p</password></r>', /username: missing/],
    ['mixed content', '<r><username>a<b/>c</username><password>p</password></r>', /username: must hold text only/],
    ['two roots', '<r><username>a5</username><password>p</password></r><r/>', /exactly one root element/],
  ];
  for (const [what, body, problem] of BODIES) {
    it(`when register gets ${what}, then 400 naming it and nothing is created`, async () => {
      refused(await post('register', body), 400, problem);
      assert.deepEqual((await pairs(g, w.secret)).pairs, []);
    });
  }

  const NAMES = ["o'brien", 'a;b', '$(reboot)', 'a/b', 'a@b', 'a b', 'Upper', 'x'.repeat(65)];
  for (const name of NAMES) {
    it(`when register gets the name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}… (${name.length})` : name)}, then 400 naming the username and no account`, async () => {
      const body = '<registration><username>' + name.replace(/&/g, '&amp;') + '</username><password>p</password></registration>';
      refused(await post('register', body), 400, /username: must match/);
      assert.equal(await accountExists(w, name.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'x', w.domain), false);
    });
  }

  it('when a body is over clicktochat.maxBodyBytes, or over the server\'s limit, then 413', async () => {
    refused(await post('register', `<r><username>big</username><password>${'p'.repeat(2000)}</password></r>`), 413, /larger than 1024 bytes/);
    const huge = await post('register', `<r>${'x'.repeat(2 * 1024 * 1024)}</r>`);
    assert.equal(huge.status, 413);
  });

  it('when a body holds a control character, then 400', async () => {
    const res = await post('register', '<r><username>ctl</username><password>p\u0001</password></r>');
    assert.equal(res.status, 400, res.text);
  });

  it('when a JSON error is asked for, then the error comes as JSON', async () => {
    const res = await request(g.url).post('/clicktochat/register').set('Authorization', w.secret).set('Accept', 'application/json').send('<r/>');
    assert.equal(res.status, 400);
    assert.equal((res.body as { message: string }).message, 'username: missing');
  });

  it('when disconnect names a helpdesk user, another host, a full JID or a non-client account, then it refuses and removes nothing', async () => {
    refused(await post('disconnect', `<username>${agent.jid}</username>`), 400, /client's bare JID on/);
    refused(await post('disconnect', `<username>admin@${w.domain}/res</username>`), 400, /client's bare JID on/);
    refused(await post('disconnect', '<username>no jid</username>'), 400, /client's bare JID on/);
    refused(await post('disconnect', `<username>admin@${w.domain}</username>`), 403, /Not a click-to-chat client/);
    assert.equal(await accountExists(w, 'admin', w.domain), true);
    assert.equal(await accountExists(w, agent.name, g.helpdeskHost), true);
    refused(await post('disconnect', '<x><username>a</username><username>b</username></x>'), 400, /given more than once/);
    assert.equal((await post('disconnect', `<username>${unique('gone')}@${w.domain}</username>`)).status, 200, 'an account already gone: done');
  });

  it('when all that is over, then a good register still works', async () => {
    const name = unique('ctcok');
    const r = await register(g, w.secret, name);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.to, agent.jid);
    assert.equal((await post('disconnect', `<username>${name}@${w.domain}</username>`)).status, 200);
    assert.equal(await accountExists(w, name, w.domain), false);
  });
});
