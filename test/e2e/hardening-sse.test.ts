/**
 * Issue #19, memory per user and SSE, end to end through HTTP against the shared world's ejabberd:
 * - item 4: a burst of big messages replayed on reconnect reaches a client that reads normally,
 *   and the slow-client cut-off does not fire on the replay itself;
 * - item 3: a user's replay is bounded in bytes (the base64 `chatapi.xmpp` twin counted), the
 *   oldest go first, and a client resuming from before the oldest kept event is told to resync;
 * - item 7: at most sse.maxStreamsPerUser streams per user; the oldest closes when one more opens.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import { openSse, type SseClient, type SseMessage } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const KB200 = 200 * 1024;
const bodyOf = (m: SseMessage): string | undefined => (m.event === 'chatapi.chat' ? payloadOf<{ body?: string }>(m).body : undefined);
const taggedBodies = (events: readonly SseMessage[], tag: string): string[] =>
  events.map(bodyOf).filter((b): b is string => b !== undefined && b.startsWith(tag)).map((b) => b.slice(0, b.indexOf(' ', tag.length + 1)));
const isResync = (m: SseMessage): boolean => m.event === 'chatapi.xmpp' && payloadOf<{ type?: string }>(m).type === 'resync';

describe('SSE hardening: replay bounds, replay bursts, streams per user (e2e, issue #19)', function () {
  this.timeout(60_000);
  let w: Stack;
  let peer: TestXmpp;
  const open: SseClient[] = [];
  const users: ChatUser[] = [];

  const sse = async (u: ChatUser, lastEventId?: string): Promise<SseClient> => {
    const c = await openSse(`${w.url}/sse/${u.name}`, { authorization: u.auth, ...(lastEventId ? { lastEventId } : {}) });
    assert.equal(c.status, 200, c.body);
    open.push(c);
    return c;
  };
  const user = async (prefix: string): Promise<ChatUser> => {
    const u = await chatUser(w, prefix);
    users.push(u);
    return u;
  };
  /** `n` messages of about 200 KB each, "<tag>-<i> xxx…", from the XMPP peer. */
  const bigMessages = async (to: ChatUser, tag: string, n: number): Promise<string[]> => {
    const sent: string[] = [];
    for (let i = 0; i < n; i++) {
      const head = `${tag}-${i}`;
      await peer.send(xml('message', { to: to.jid, type: 'chat' }, xml('body', {}, `${head} ${'x'.repeat(KB200)}`)));
      sent.push(head);
    }
    return sent;
  };
  /** Resolves once the user's gateway session has handled everything the peer sent before (XMPP keeps order per pair). */
  const flushTo = async (u: ChatUser): Promise<void> => {
    const [row] = await ejabberdApi<Array<{ resource: string }>>(w.ej.apiUrl, 'user_sessions_info', { user: u.name, host: w.domain });
    assert.ok(row, `${u.name} has a session in ejabberd`);
    const ping = xml('iq', { type: 'get', to: `${u.jid}/${row.resource}` }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
    await peer.xmpp.iqCaller.request(ping, 10_000).catch((err: Error) => {
      if (err.name !== 'StanzaError') throw err; // an error reply also proves the session got this far
    });
  };
  /** A small message that must arrive live on `s`, proving the stream still works. */
  const liveCheck = async (u: ChatUser, s: SseClient): Promise<void> => {
    const body = `live ${unique('l')}`;
    await peer.send(xml('message', { to: u.jid, type: 'chat' }, xml('body', {}, body)));
    await s.waitFor((m) => bodyOf(m) === body, 10_000, 'a live message after the replay');
  };

  before(async () => {
    w = await getWorld();
    const peerName = unique('hsp');
    await registerUser(w.ej.apiUrl, w.domain, peerName, 'pw');
    peer = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: peerName, password: 'pw' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    for (const u of users.splice(0)) u.sse.close();
  });
  after(async () => {
    await peer?.stop();
  });

  describe('item 4: the replay burst does not trip the slow-client cut-off', () => {
    it('when six 200 KB messages arrived while the stream was away, then the reconnecting reader gets all six and stays connected', async () => {
      const u = await user('hsb');
      const tag = unique('b');
      await liveCheck(u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const sent = await bigMessages(u, tag, 6);
      await flushTo(u);

      const again = await sse(u, last);
      await again.waitUntil(() => taggedBodies(again.events, tag).length === 6 || again.ended, 20_000, 'the six replayed messages');
      assert.equal(again.ended, false, 'the stream was not cut');
      assert.deepEqual(taggedBodies(again.events, tag), sent);
      assert.equal(again.events.filter(isResync).length, 0, 'nothing was dropped: no resync notice');
      await liveCheck(u, again);
      assert.equal(again.ended, false);
    });

    it('when six 200 KB messages arrive while the stream is open, then a normal reader gets them live and stays connected', async () => {
      const u = await user('hsl');
      const tag = unique('v');
      const sent = await bigMessages(u, tag, 6);
      await u.sse.waitUntil(() => taggedBodies(u.sse.events, tag).length === 6 || u.sse.ended, 20_000, 'the six live messages');
      assert.deepEqual(taggedBodies(u.sse.events, tag), sent);
      await liveCheck(u, u.sse);
      assert.equal(u.sse.ended, false);
    });
  });

  describe('item 3: the replay is bounded in bytes and a resumed client is told what it lost', () => {
    it('when far more than sse.replayBytes arrived, then the replay keeps the newest within the bound (twins counted) and starts with a resync notice', async () => {
      const u = await user('hsr');
      const tag = unique('r');
      await liveCheck(u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const count = Math.ceil((2 * w.config.sse.replayBytes) / KB200) + 2; // ≥ 4× the bound with the twins
      const sent = await bigMessages(u, tag, count);
      await flushTo(u);

      const again = await sse(u, last);
      const newest = sent.at(-1) as string;
      await again.waitUntil(() => taggedBodies(again.events, tag).includes(newest) || again.ended, 20_000, 'the newest message');
      assert.equal(again.ended, false);
      assert.ok(isResync(again.events[0] as SseMessage), `the first event is the resync notice, got ${again.events[0]?.event} ${again.events[0]?.data.slice(0, 80)}`);
      const notice = payloadOf<{ type: string; reason: string }>(again.events[0] as SseMessage);
      assert.equal(notice.reason, 'replay-incomplete');

      const got = taggedBodies(again.events, tag);
      assert.ok(got.length >= 1 && got.length < count, `${got.length} of ${count} replayed`);
      assert.deepEqual(got, sent.slice(count - got.length), 'the newest, in order: the oldest were dropped from the front');
      const replayed = again.events.slice(1).filter((m) => m.event === 'chatapi.chat' || (m.event === 'chatapi.xmpp' && !isResync(m)));
      const bytes = replayed.reduce((n, m) => n + Buffer.byteLength(m.data) + m.event.length, 0);
      assert.ok(bytes <= w.config.sse.replayBytes * 1.125, `${bytes} bytes replayed for a bound of ${w.config.sse.replayBytes}`);
      const twins = replayed.filter((m) => m.event === 'chatapi.xmpp').length;
      assert.ok(twins >= got.length - 1, `the base64 twins are part of the replay (${twins} twins, ${got.length} messages)`);
      await liveCheck(u, again);
    });

    it('when the Last-Event-ID is still retained, then no resync notice is sent', async () => {
      const u = await user('hsn');
      await liveCheck(u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const again = await sse(u, last);
      await liveCheck(u, again);
      assert.equal(again.events.filter(isResync).length, 0);
    });
  });

  describe('item 7: streams per user are capped', () => {
    it('when one stream more than sse.maxStreamsPerUser opens, then the oldest is closed and the others keep receiving', async () => {
      const max = w.config.sse.maxStreamsPerUser;
      const u = await user('hsc');
      const first = u.sse;
      const rest: SseClient[] = [];
      for (let i = 1; i < max; i++) rest.push(await sse(u));
      await liveCheck(u, first);
      const extra = await sse(u);
      await first.waitForEnd(5000);
      const body = `after ${unique('c')}`;
      await peer.send(xml('message', { to: u.jid, type: 'chat' }, xml('body', {}, body)));
      await Promise.all([...rest, extra].map((s) => s.waitFor((m) => bodyOf(m) === body, 10_000, 'the message on every newer stream')));
      assert.equal([...rest, extra].filter((s) => s.ended).length, 0);
    });
  });
});
