/**
 * Click-to-chat end to end on the real ejabberd (the shared world's; helpdesk users on its second
 * virtual host, clients on the domain): a client registered through ofgate logs in over XMPP and
 * talks with its helpdesk user; three helpdesk users with maxSessions 2 take exactly six
 * clients, then 503 and no account; an away helpdesk user is skipped; a client's end (disconnect,
 * or its last session closing) frees its slot and removes its account; a helpdesk user going
 * offline hands its clients to another (told by a message from the new helpdesk user, and over
 * SSE where the client has an ofgate stream) or, with nobody left, unpairs them.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import {
  accountExists,
  disconnect,
  helpdeskResource,
  helpdeskUser,
  pairs,
  queued,
  register,
  startClickToChat,
  type ClickToChatGateway,
  type HelpdeskUser,
} from '../kit/clicktochat-kit.js';
import { eventually } from '../kit/eventually.js';
import { basic } from '../kit/http-auth.js';
import { openSse } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('click-to-chat (e2e, real ejabberd)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: ClickToChatGateway;
  const open: Array<{ stop(): Promise<void> }> = [];
  const online = async (prefix: string, opts: { show?: 'away' } = {}): Promise<HelpdeskUser> => {
    const u = await helpdeskUser(w, prefix, opts);
    open.push(u.xmpp);
    return u;
  };
  const client = async (name: string, password = 'pw'): Promise<TestXmpp> => {
    const x = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: name, password });
    open.push(x);
    return x;
  };
  /** Every helpdesk user of a test goes offline and every client ends: the next test starts empty. */
  async function settle(): Promise<void> {
    for (const x of open.splice(0).reverse()) await x.stop().catch(() => undefined);
    await eventually(async () => {
      const v = await pairs(g, w.secret);
      return v.pairs.length === 0 && v.queue.length === 0;
    }, 'no pairs and no queued helpdesk user left', 15_000);
  }

  before(async () => {
    w = await getWorld();
    g = await startClickToChat(w, { 'clicktochat.maxSessions': 2 });
  });
  afterEach(async () => {
    const v = await pairs(g, w.secret);
    for (const p of v.pairs) await disconnect(g, w.secret, p.client);
    await settle();
  });
  after(async () => {
    await g?.stop();
  });

  it('when a client registers, then it logs in over XMPP, has its helpdesk user in its roster, and both exchange messages', async () => {
    const agent = await online('ctcag');
    await queued(g, w.secret, agent.jid);
    const name = unique('ctcc');
    const r = await register(g, w.secret, name, 'pw <&> "x"');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.text, `<?xml version='1.0'?><register><status>ok</status><from>${name}@${w.domain}</from><to>${agent.jid}</to></register>`);
    const c = await client(name, 'pw <&> "x"');
    const roster = await c.xmpp.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
    const item = roster.getChild('item');
    assert.equal(item?.attrs.jid, agent.jid);
    assert.equal(item?.attrs.subscription, 'both');
    await c.waitFor((s) => s.is('presence') && (s.attrs.from ?? '').startsWith(`${agent.jid}/`), 5000, 'the helpdesk user\'s presence at the client');

    await c.send(xml('message', { to: r.to ?? '', type: 'chat' }, xml('body', {}, 'hello, I need help')));
    await agent.xmpp.waitFor((s) => s.is('message') && s.getChildText('body') === 'hello, I need help', 5000, 'the client\'s message');
    await agent.xmpp.send(xml('message', { to: `${name}@${w.domain}`, type: 'chat' }, xml('body', {}, 'how can I help?')));
    await c.waitFor((s) => s.is('message') && s.getChildText('body') === 'how can I help?', 5000, 'the helpdesk user\'s answer');
    assert.deepEqual((await pairs(g, w.secret)).pairs.map((p) => [p.client, p.agent, p.status]), [[`${name}@${w.domain}`, agent.jid, 'active']]);
  });

  it('when three helpdesk users with maxSessions 2 are online, then exactly six clients are paired, two each, and the seventh gets 503 with no account left', async () => {
    const agents = [await online('ctcr1'), await online('ctcr2'), await online('ctcr3')];
    for (const a of agents) await queued(g, w.secret, a.jid);
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await register(g, w.secret, unique('ctcrr'));
      assert.equal(r.status, 201, r.text);
      got.push(r.to ?? '');
    }
    for (const a of agents) assert.equal(got.filter((t) => t === a.jid).length, 2, `${a.jid} holds two`);
    assert.deepEqual(got.slice(0, 3).sort(), agents.map((a) => a.jid).sort(), 'round robin: each takes one before anyone takes a second');
    const seventh = unique('ctcr7');
    const r = await register(g, w.secret, seventh);
    assert.equal(r.status, 503, r.text);
    assert.match(r.text, /No helpdesk user is available/);
    assert.equal(await accountExists(w, seventh, w.domain), false, 'no account is created');
    assert.equal((await pairs(g, w.secret)).pairs.length, 6);
  });

  it('when a helpdesk user is away, then it is skipped; back to available, it takes the next client', async () => {
    const away = await online('ctcaw', { show: 'away' });
    const here = await online('ctchr');
    await queued(g, w.secret, here.jid);
    await queued(g, w.secret, away.jid);
    for (let i = 0; i < 2; i++) assert.equal((await register(g, w.secret, unique('ctcaw'))).to, here.jid);
    assert.equal((await register(g, w.secret, unique('ctcaw'))).status, 503, 'the away one takes nobody, the other is full');
    await away.show('');
    await eventually(async () => (await register(g, w.secret, unique('ctcaw'))).to === away.jid, 'the helpdesk user back from away takes a client');
  });

  it('when a helpdesk user has two resources, then it still takes maxSessions clients, and is listed once', async () => {
    const agent = await online('ctc2r');
    open.push(await helpdeskResource(w, agent.name, 'second'));
    await queued(g, w.secret, agent.jid);
    const list = await request(g.url).get('/clicktochat/list').set('Authorization', w.secret);
    assert.equal(list.status, 200);
    assert.equal(list.text.split(`<username>${agent.jid}</username>`).length, 2, list.text);
    for (let i = 0; i < 2; i++) assert.equal((await register(g, w.secret, unique('ctc2r'))).status, 201);
    assert.equal((await register(g, w.secret, unique('ctc2r'))).status, 503);
  });

  it('when a client is disconnected over HTTP, or its last XMPP session ends, then its slot is free and its account is gone', async () => {
    const agent = await online('ctcdc');
    await queued(g, w.secret, agent.jid);
    const [a, b] = [unique('ctcd1'), unique('ctcd2')];
    assert.equal((await register(g, w.secret, a)).status, 201);
    assert.equal((await register(g, w.secret, b)).status, 201);
    assert.equal((await register(g, w.secret, unique('ctcd3'))).status, 503, 'full');

    assert.equal(await disconnect(g, w.secret, `${a}@${w.domain}`), 200);
    assert.equal(await accountExists(w, a, w.domain), false);
    assert.equal(await disconnect(g, w.secret, `${a}@${w.domain}`), 200, 'idempotent');

    const first = await client(b, 'pw');
    const second = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: b, password: 'pw', resource: 'second' });
    await second.stop();
    await first.waitFor((s) => s.is('presence') && s.attrs.type === 'unavailable' && s.attrs.from === `${b}@${w.domain}/second`, 5000, 'the second resource gone');
    assert.equal(await accountExists(w, b, w.domain), true, 'not at its first resource\'s end (the original removed it then)');
    await first.stop();
    await eventually(async () => !(await accountExists(w, b, w.domain)), 'the account removed after its last session');
    await eventually(async () => (await pairs(g, w.secret)).pairs.length === 0, 'the slot freed');
    const again = await register(g, w.secret, unique('ctcd4'));
    assert.equal(again.status, 201, again.text);
  });

  it('when a helpdesk user goes offline, then its clients go to another (told by the new one, and over SSE with an ofgate stream); with nobody left they are unpaired', async () => {
    const leaving = await online('ctcgo');
    await queued(g, w.secret, leaving.jid);
    const plain = unique('ctcgp');
    const withStream = unique('ctcgs');
    assert.equal((await register(g, w.secret, plain)).to, leaving.jid);
    assert.equal((await register(g, w.secret, withStream)).to, leaving.jid);
    const c = await client(plain);
    const auth = basic(withStream, 'pw');
    const login = await request(g.url).post(`${API}/chat/${withStream}/login`).set('Authorization', auth).set('Content-Type', 'text/plain').send('pw');
    assert.equal(login.status, 200, login.text);
    const sse = await openSse(`${g.url}/sse/${withStream}`, { authorization: auth });
    open.push({ stop: async () => sse.close() });
    const staying = await online('ctcst');
    await queued(g, w.secret, staying.jid);

    await leaving.xmpp.stop();
    const told = await c.waitFor((s) => s.is('message') && !!s.getChild('reassigned', 'urn:ofgate:clicktochat:1'), 10_000, 'the reassignment message');
    assert.equal(told.attrs.from, staying.jid, 'from the new helpdesk user');
    assert.equal(told.getChild('reassigned', 'urn:ofgate:clicktochat:1')?.attrs.previous, leaving.jid);
    const event = await sse.waitFor((m) => m.event === 'chatapi.notify' && (payloadOf<{ data: { event: string } }>(m).data.event === 'clicktochat.reassigned'), 10_000, 'the SSE event');
    assert.equal(payloadOf<{ data: { agent: string } }>(event).data.agent, staying.jid);
    await staying.xmpp.waitFor((s) => s.is('message') && !!s.getChild('handed-over', 'urn:ofgate:clicktochat:1'), 5000, 'the new helpdesk user told');
    const v = await pairs(g, w.secret);
    assert.deepEqual(v.pairs.map((p) => p.agent), [staying.jid, staying.jid]);
    assert.deepEqual(v.queue, [staying.jid]);

    await staying.xmpp.stop();
    await c.waitFor((s) => s.is('message') && !!s.getChild('unpaired', 'urn:ofgate:clicktochat:1'), 10_000, 'the unpaired message');
    await eventually(async () => (await pairs(g, w.secret)).pairs.every((p) => p.agent === null && p.status === 'unpaired'), 'both unpaired');
  });
});
