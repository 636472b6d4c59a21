/**
 * sessions, sessions/{username} (GET, DELETE, ofchat's POST notification), session statistics
 * and the unread count, end to end: real XMPP clients connected straight to ejabberd, effects
 * checked with user_sessions_info / get_offline_count and by what the clients receive.
 */
import assert from 'node:assert/strict';
import type { Element } from '@xmpp/xml';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/rest/api/restapi/v1';
const JIVE = 'http://www.jivesoftware.com/xmlns/xmpp/properties';
const TRICKY = '{"text":"Zoë \\"Q\\" <&> \'x\' 日本"}';

describe('admin REST: sessions', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const api = <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world.ej.apiUrl, command, args);
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const online = async (prefix: string, resource = 'desk') => {
    const username = unique(prefix);
    await registerUser(world.ej.apiUrl, world.domain, username, 'pw');
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password: 'pw', resource, presence: false });
    clients.push(c);
    return { username, c };
  };
  const dataOf = (s: Element) => s.getChild('properties', JIVE)?.getChildren('property').find((p) => p.getChildText('name') === 'data')?.getChildText('value');
  const isNotify = (s: Element, payload: string) => s.is('message') && s.attrs.type === 'headline' && dataOf(s) === payload;

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('when a user is online, then sessions/{username} describes the session from ejabberd in both dialects', async () => {
    const { username, c } = await online('s', 'phone');
    await c.send(xml('presence', {}, xml('show', {}, 'away'), xml('status', {}, 'gone <fishing> & é'), xml('priority', {}, '3')));
    await waitUntil(async () => (await api<Array<{ status: string }>>('user_sessions_info', { user: username, host: world.domain }))[0]?.status === 'away');
    const modern = (await json(http().get(`${MODERN}/sessions/${username}`)).expect(200)).body.sessions as Array<Record<string, unknown>>;
    assert.equal(modern.length, 1);
    const s = modern[0] ?? {};
    assert.deepEqual(
      { ...s, creationDate: typeof s.creationDate, lastActionDate: typeof s.lastActionDate },
      {
        sessionId: `${username}@${world.domain}/phone`, username, resource: 'phone', node: 'Local', sessionStatus: 'Authenticated',
        presenceStatus: 'Away', presenceMessage: 'gone <fishing> & é', priority: 3, hostAddress: '127.0.0.1', hostName: '127.0.0.1',
        creationDate: 'number', lastActionDate: 'number', secure: false,
      },
    );
    assert.ok(Math.abs((s.creationDate as number) - Date.now()) < 60_000);
    const ofchat = (await json(http().get(`${OFCHAT}/sessions/${username}`)).expect(200)).body;
    assert.equal(ofchat.session.ressource, 'phone');
    assert.equal(ofchat.session.priority, '3');
    const asXml = await http().get(`/restapi/v1/sessions/${username}`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(asXml.text, /<presenceMessage>gone &lt;fishing&gt; &amp; é<\/presenceMessage>/);
    const all = (await json(http().get(`${MODERN}/sessions`)).expect(200)).body.sessions as Array<{ sessionId: string }>;
    assert.ok(all.some((x) => x.sessionId === `${username}@${world.domain}/phone`));
  });

  it('when a user has no session, then sessions/{username} is an empty list', async () => {
    const res = await json(http().get(`${MODERN}/sessions/${unique('nobody')}`)).expect(200);
    assert.deepEqual(res.body, { sessions: [] });
  });

  it('when sessions/{username} is deleted, then the user\'s clients are disconnected and ejabberd has no session left', async () => {
    const { username, c } = await online('k', 'one');
    const c2 = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password: 'pw', resource: 'two' });
    clients.push(c2);
    const gone = Promise.all([c, c2].map((x) => new Promise<void>((resolve) => x.xmpp.once('disconnect', () => resolve()))));
    await json(http().delete(`${MODERN}/sessions/${username}`)).expect(200);
    await withTimeout(gone, 5000, 'both clients disconnected');
    assert.deepEqual(await api('user_sessions_info', { user: username, host: world.domain }), []);
  });

  it('when text is POSTed to sessions/{username}, then each of the user\'s sessions gets a headline from admin with that data property', async () => {
    const { username, c } = await online('n');
    const other = await online('x');
    await http().post(`${OFCHAT}/sessions/${username}`).set('Authorization', world.secret).set('Content-Type', 'text/plain').send(TRICKY).expect(200);
    const msg = await c.waitFor((s) => isNotify(s, TRICKY), 5000, 'notify headline');
    assert.equal(msg.attrs.from, `admin@${world.domain}`);
    assert.equal(msg.getChild('body'), undefined);
    // a later notification to the other user arrives after anything routed to it before
    await http().post(`${OFCHAT}/sessions/${other.username}`).set('Authorization', world.secret).set('Content-Type', 'text/plain').send('later').expect(200);
    await other.c.waitFor((s) => isNotify(s, 'later'), 5000, 'later notify');
    assert.ok(!other.c.received.some((s) => isNotify(s, TRICKY)));
  });

  it('when text is POSTed to sessions, then every online session gets the notification', async () => {
    const a = await online('na');
    const b = await online('nb');
    const payload = `{"n":"${unique('p')}"}`;
    // clients post the JSON text with a JSON content type: it is still taken verbatim
    await http().post(`${MODERN}/sessions`).set('Authorization', world.secret).set('Content-Type', 'application/json').send(payload).expect(200);
    await Promise.all([a, b].map(({ c }) => c.waitFor((s) => isNotify(s, payload), 5000, 'notify to all')));
  });

  it('when session statistics are read, then local and cluster counts agree and include the online users', async () => {
    await online('st');
    const res = (await json(http().get(`${MODERN}/system/statistics/sessions`)).expect(200)).body;
    assert.equal(typeof res.localSessions, 'number');
    assert.ok(res.localSessions >= 1);
    assert.equal(res.clusterSessions, res.localSessions);
    const xmlRes = await http().get(`${OFCHAT}/system/statistics/sessions`).set('Authorization', world.secret).expect(200);
    assert.match(xmlRes.text, /<sessions><localSessions>\d+<\/localSessions><clusterSessions>\d+<\/clusterSessions><\/sessions>/);
  });

  it('when messages wait offline for a user, then archive/messages/unread/{jid} counts them as ejabberd does', async () => {
    const username = unique('off');
    await registerUser(world.ej.apiUrl, world.domain, username, 'pw');
    for (const body of ['one', 'two <&>']) {
      await api('send_message', { type: 'chat', from: `admin@${world.domain}`, to: `${username}@${world.domain}`, subject: '', body });
    }
    const expected = (await api<{ value: number }>('get_offline_count', { user: username, host: world.domain })).value;
    assert.equal(expected, 2);
    const res = (await json(http().get(`${MODERN}/archive/messages/unread/${username}@${world.domain}`)).expect(200)).body;
    assert.deepEqual(res, { jid: `${username}@${world.domain}`, count: 2 });
    const ofchat = (await json(http().get(`${OFCHAT}/archive/messages/unread/${username}`)).expect(200)).body;
    assert.deepEqual(ofchat, { jid: `${username}@${world.domain}`, count: '2' });
    assert.equal((await json(http().get(`${MODERN}/archive/messages/unread/a%3Cb`)).expect(400)).body.exception, 'IllegalArgumentException');
  });

  it('when a non-admin user calls the session routes, then 403 and nobody is kicked', async () => {
    const { username } = await online('plain');
    const auth = basic(username, 'pw');
    await http().get(`${MODERN}/sessions`).set('Authorization', auth).expect(403);
    await http().delete(`${OFCHAT}/sessions/${username}`).set('Authorization', auth).expect(403);
    await http().post(`${OFCHAT}/sessions`).set('Authorization', auth).set('Content-Type', 'text/plain').send('x').expect(403);
    await http().get(`${MODERN}/system/statistics/sessions`).set('Authorization', auth).expect(403);
    await http().get(`${MODERN}/archive/messages/unread/${username}`).set('Authorization', auth).expect(403);
    assert.equal((await api<unknown[]>('user_sessions_info', { user: username, host: world.domain })).length, 1);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]).finally(() => clearTimeout(t));
}
