/**
 * GET /sse/{username} end to end: ofchat's access rules (401 challenge, 404 before login and
 * after logoff, 405 without Accept, 503 for another user, no shared secret), and events from
 * an independent XMPP user through ejabberd → the user's chat session → every open stream,
 * with Last-Event-ID replay and delivery of what arrived while no stream was open.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { openSse, type SseClient, type SseMessage } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

interface ChatPayload {
  type: string;
  to: string;
  from: string;
  body?: string;
}
const payload = (m: SseMessage): ChatPayload => JSON.parse(m.data) as ChatPayload;
const bodiesOf = (events: readonly SseMessage[]): string[] => events.filter((e) => e.event === 'chatapi.chat').map((e) => payload(e).body ?? '').filter((b) => b !== '');

describe('SSE /sse/{username} (e2e)', () => {
  let w: Stack;
  let user: string;
  let other: string;
  let peer: TestXmpp;
  const pw = 'sse pw:<&>';
  const streams: SseClient[] = [];

  const sse = async (name: string, opts: Parameters<typeof openSse>[1] = {}): Promise<SseClient> => {
    const c = await openSse(`${w.url}/sse/${encodeURIComponent(name)}`, opts);
    streams.push(c);
    return c;
  };
  const login = async (name: string): Promise<string> => {
    const res = await request(w.url).post(`/restapi/v1/chat/${name}/login`).set('Authorization', basic(name, pw)).set('Content-Type', 'text/plain').send(pw);
    assert.equal(res.status, 200, res.text);
    return res.text;
  };
  const say = (to: string, body: string): Promise<void> => peer.send(xml('message', { to: `${to}@${w.domain}`, type: 'chat' }, xml('body', {}, body)));
  /** Resolves once the user's gateway session has processed everything peer sent before (XMPP keeps order per pair). */
  const flushTo = async (name: string): Promise<void> => {
    const sessions = await ejabberdApi<Array<{ resource: string }>>(w.ej.apiUrl, 'user_sessions_info', { user: name, host: w.domain });
    assert.ok(sessions[0], `${name} has a session in ejabberd`);
    const ping = xml('iq', { type: 'get', to: `${name}@${w.domain}/${sessions[0].resource}` }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
    await peer.xmpp.iqCaller.request(ping, 5000).catch((err: Error) => {
      if (err.name !== 'StanzaError') throw err; // an error reply also proves the session got this far
    });
  };

  before(async () => {
    w = await getWorld();
    user = unique('sse');
    other = unique('sso');
    const peerName = unique('ssp');
    await Promise.all([user, other, peerName].map((n) => registerUser(w.ej.apiUrl, w.domain, n, pw)));
    peer = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: peerName, password: pw });
  });
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });
  after(async () => {
    await peer?.stop();
  });

  describe('access', () => {
    it('when no credentials are sent, then 401 with a Basic challenge of the configured realm', async () => {
      const s = await sse(user);
      assert.equal(s.status, 401);
      assert.equal(s.headers['www-authenticate'], `Basic realm="${w.config.auth.realm}"`);
    });

    it('when the password is wrong, then 401 with the challenge', async () => {
      const s = await sse(user, { authorization: basic(user, 'wrong') });
      assert.equal(s.status, 401);
      assert.match(s.headers['www-authenticate'] ?? '', /^Basic realm=/);
    });

    it('when the shared secret is sent, then it is not accepted (401)', async () => {
      await login(user);
      const s = await sse(user, { authorization: w.secret });
      assert.equal(s.status, 401);
      assert.ok(!s.body.includes(w.secret));
    });

    it('when the user has not logged in, then 404', async () => {
      const s = await sse(other, { authorization: basic(other, pw) });
      assert.equal(s.status, 404);
    });

    it('when the Accept header does not ask for text/event-stream, then 405', async () => {
      await login(user);
      assert.equal((await sse(user, { authorization: basic(user, pw), accept: null })).status, 405);
      assert.equal((await sse(user, { authorization: basic(user, pw), accept: 'application/json' })).status, 405);
    });

    it("when another user's credentials are sent, then 503 (as ofchat) and no events", async () => {
      await login(user);
      const s = await sse(user, { authorization: basic(other, pw) });
      assert.equal(s.status, 503);
    });

    it('when the owner connects (any case, bare base64 as ofchat clients send), then 200 with the SSE headers and a retry line', async () => {
      await login(user);
      const s = await sse(user.toUpperCase(), { authorization: Buffer.from(`${user}:${pw}`).toString('base64') });
      assert.equal(s.status, 200);
      assert.match(s.headers['content-type'] ?? '', /^text\/event-stream; ?charset=utf-8$/i);
      assert.equal(s.headers['cache-control'], 'no-cache');
      assert.equal(s.headers['x-accel-buffering'], 'no');
      await s.waitUntil(() => s.retry !== undefined, 2000, 'the retry line');
      assert.equal(s.retry, 3000);
    });
  });

  describe('events', () => {
    it('when an XMPP user sends a chat message, then a chatapi.chat event with the body, HTML-safe JSON, reaches the stream', async () => {
      await login(user);
      const s = await sse(user, { authorization: basic(user, pw) });
      const body = `hello <b>&</b> ${unique('m')}`;
      await say(user, body);
      const ev = await s.waitFor((e) => payload(e).body === body, 5000, 'the chat event');
      assert.equal(ev.event, 'chatapi.chat');
      assert.match(ev.id, /^\d+-\d+$/);
      assert.doesNotMatch(ev.data, /[<>&]/);
      assert.match(ev.data, /\\u003cb\\u003e\\u0026/);
      const p = payload(ev);
      assert.equal(p.type, 'chat');
      assert.match(p.from, new RegExp(`^${peer.jid.split('/')[0]}`));
      assert.match(p.to, new RegExp(`^${user}@${w.domain}`));
    });

    it('when two tabs are open, then both receive each event, in the same order', async () => {
      await login(user);
      const a = await sse(user, { authorization: basic(user, pw) });
      const b = await sse(user, { authorization: basic(user, pw) });
      const tag = unique('t');
      for (const n of [1, 2, 3]) await say(user, `${tag} ${n}`);
      const want = [1, 2, 3].map((n) => `${tag} ${n}`);
      for (const s of [a, b]) {
        await s.waitFor((e) => payload(e).body === want[2], 5000, 'the third message');
        assert.deepEqual(bodiesOf(s.events).filter((x) => x.startsWith(tag)), want);
      }
      const tagged = (s: SseClient): string[] => s.events.filter((e) => (payload(e).body ?? '').startsWith(tag)).map((e) => e.id);
      assert.deepEqual(tagged(a), tagged(b));
    });

    it('when a dropped stream reconnects with Last-Event-ID, then it gets every missed event exactly once', async () => {
      await login(user);
      const keep = await sse(user, { authorization: basic(user, pw) });
      const drop = await sse(user, { authorization: basic(user, pw) });
      const tag = unique('r');
      await say(user, `${tag} before`);
      await drop.waitFor((e) => payload(e).body === `${tag} before`, 5000, 'the first message');
      const last = drop.lastEventId;
      drop.close();
      const missed = [1, 2, 3, 4].map((n) => `${tag} missed ${n}`);
      for (const m of missed) await say(user, m);
      await keep.waitFor((e) => payload(e).body === missed[3], 5000, 'the missed messages on the other tab');
      const again = await sse(user, { authorization: basic(user, pw), lastEventId: last });
      await say(user, `${tag} after`);
      await again.waitFor((e) => payload(e).body === `${tag} after`, 5000, 'the live message after replay');
      assert.deepEqual(bodiesOf(again.events).filter((x) => x.startsWith(tag)), [...missed, `${tag} after`]);
      const ids = again.events.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    it('when messages arrive while no stream is open, then they are delivered on connect, once', async () => {
      const fresh = unique('ssf');
      await registerUser(w.ej.apiUrl, w.domain, fresh, pw);
      await login(fresh);
      const tag = unique('o');
      await say(fresh, `${tag} 1`);
      await say(fresh, `${tag} 2`);
      await flushTo(fresh);
      const s = await sse(fresh, { authorization: basic(fresh, pw) });
      await s.waitFor((e) => payload(e).body === `${tag} 2`, 5000, 'the offline messages');
      assert.deepEqual(bodiesOf(s.events), [`${tag} 1`, `${tag} 2`]);
      const second = await sse(fresh, { authorization: basic(fresh, pw) });
      await say(fresh, `${tag} 3`);
      await second.waitFor((e) => payload(e).body === `${tag} 3`, 5000, 'the live message');
      assert.deepEqual(bodiesOf(second.events), [`${tag} 3`], 'a second tab does not replay what the first got');
    });

    it('when the user logs off, then the open stream ends and a new one gets 404', async () => {
      const leaver = unique('ssl');
      await registerUser(w.ej.apiUrl, w.domain, leaver, pw);
      const streamId = await login(leaver);
      const s = await sse(leaver, { authorization: basic(leaver, pw) });
      assert.equal(s.status, 200);
      const off = await request(w.url).post(`/restapi/v1/chat/${streamId}/logoff`).set('Authorization', basic(leaver, pw));
      assert.equal(off.status, 200, off.text);
      await s.waitForEnd(5000);
      assert.equal((await sse(leaver, { authorization: basic(leaver, pw) })).status, 404);
    });
  });
});
