/**
 * Issue #19, memory per user and SSE, end to end through HTTP against the shared world's ejabberd:
 * - item 4: a burst of big messages replayed on reconnect reaches a client that reads normally,
 *   and the slow-client cut-off does not fire on the replay itself;
 * - item 3: a user's replay is bounded in bytes (the base64 `chatapi.xmpp` twin counted), the
 *   oldest go first, and a client resuming from before the oldest kept event is told to resync;
 * - item 7: at most sse.maxStreamsPerUser streams per user; the oldest closes when one more opens;
 * - review of item 4: the admin pushes (POST messages/users, POST sessions[/{username}]) are bounded
 *   like a chat message (413, nothing sent); and, on a stack of its own (sse.slowClientSeconds
 *   small; a broadcast there reaches only this file's users), the slow-client rule in time and
 *   bytes: a burst of near-max broadcasts does not cut readers that read, nor a reader that pauses
 *   with more than the old 1 MiB waiting and reads on in time; a reader that stops is cut after
 *   slowClientSeconds with the log line and resyncs on reconnect.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import type { Logger } from '../../gateway/log/index.js';
import { getWorld } from '../harness/shared-world.js';
import { startStack, type Stack } from '../harness/start-stack.js';
import { chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import { openSse, type SseClient, type SseMessage } from '../kit/sse-client.js';
import { createSseParser } from '../kit/sse-parse.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const KB200 = 200 * 1024;
const bodyOf = (m: SseMessage): string | undefined => (m.event === 'chatapi.chat' ? payloadOf<{ body?: string }>(m).body : undefined);
const taggedBodies = (events: readonly SseMessage[], tag: string): string[] =>
  events.map(bodyOf).filter((b): b is string => b !== undefined && b.startsWith(tag)).map((b) => b.slice(0, b.indexOf(' ', tag.length + 1)));
const isResync = (m: SseMessage): boolean => m.event === 'chatapi.xmpp' && payloadOf<{ type?: string }>(m).type === 'resync';
const MODERN = '/plugins/restapi/v1';
const JIVE = 'http://www.jivesoftware.com/xmlns/xmpp/properties';
const TOO_SLOW = 'sse: stream closed, client too slow';

/** `n` messages of about `size` bytes each, "<tag>-<i> xxx…", from the XMPP peer. */
async function bigMessages(peer: TestXmpp, to: ChatUser, tag: string, n: number, size = KB200): Promise<string[]> {
  const sent: string[] = [];
  for (let i = 0; i < n; i++) {
    const head = `${tag}-${i}`;
    await peer.send(xml('message', { to: to.jid, type: 'chat' }, xml('body', {}, `${head} ${'x'.repeat(size)}`)));
    sent.push(head);
  }
  return sent;
}

/** Resolves once the user's gateway session has handled everything the peer sent before (XMPP keeps order per pair). */
async function flushTo(w: Stack, peer: TestXmpp, u: ChatUser): Promise<void> {
  const [row] = await ejabberdApi<Array<{ resource: string }>>(w.ej.apiUrl, 'user_sessions_info', { user: u.name, host: w.domain });
  assert.ok(row, `${u.name} has a session in ejabberd`);
  const ping = xml('iq', { type: 'get', to: `${u.jid}/${row.resource}` }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
  await peer.xmpp.iqCaller.request(ping, 10_000).catch((err: Error) => {
    if (err.name !== 'StanzaError') throw err; // an error reply also proves the session got this far
  });
}

/** A small message that must arrive live on `s`, proving the stream still works. */
async function liveCheck(peer: TestXmpp, u: ChatUser, s: SseClient | PausedSse): Promise<void> {
  const body = `live ${unique('l')}`;
  await peer.send(xml('message', { to: u.jid, type: 'chat' }, xml('body', {}, body)));
  await s.waitFor((m) => bodyOf(m) === body, 10_000, 'a live message');
}

/** An SSE reader that reads nothing until `read()`: the server's writes back up as with a stalled client. */
interface PausedSse {
  readonly events: SseMessage[];
  readonly lastEventId: string;
  readonly ended: boolean;
  /** Starts reading (what the kernel and Node held first). */
  read(): void;
  waitFor(match: (m: SseMessage) => boolean, timeoutMs: number, what: string): Promise<SseMessage>;
  waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): void;
}

function openPausedSse(url: string, authorization: string): Promise<PausedSse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Accept: 'text/event-stream', Authorization: authorization } }, (res) => {
      res.pause();
      if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
      const parser = createSseParser();
      const events: SseMessage[] = [];
      const listeners = new Set<() => void>();
      let ended = false;
      const notify = (): void => listeners.forEach((l) => l());
      const waitUntil = (cond: () => boolean, timeoutMs: number, what: string): Promise<void> =>
        cond() ? Promise.resolve() : new Promise((ok, fail) => {
          const check = (): void => {
            if (!cond()) return;
            clearTimeout(timer);
            listeners.delete(check);
            ok();
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${events.length} events, ended: ${ended}`));
          }, timeoutMs);
          listeners.add(check);
        });
      resolve({
        events,
        get lastEventId() {
          return parser.lastEventId;
        },
        get ended() {
          return ended;
        },
        read() {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            events.push(...parser.feed(chunk));
            notify();
          });
          for (const e of ['end', 'close', 'error']) {
            res.on(e, () => {
              ended = true;
              notify();
            });
          }
          res.resume();
        },
        waitUntil,
        async waitFor(match, timeoutMs, what) {
          await waitUntil(() => events.some(match), timeoutMs, what);
          return events.find(match) as SseMessage;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('SSE hardening: replay bounds, replay bursts, streams per user, slow clients (e2e, issue #19)', function () {
  this.timeout(60_000);
  let w: Stack;
  let peer: TestXmpp;
  let peerName: string;
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

  before(async () => {
    w = await getWorld();
    peerName = unique('hsp');
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
      await liveCheck(peer, u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const sent = await bigMessages(peer, u, tag, 6);
      await flushTo(w, peer, u);

      const again = await sse(u, last);
      await again.waitUntil(() => taggedBodies(again.events, tag).length === 6 || again.ended, 20_000, 'the six replayed messages');
      assert.equal(again.ended, false, 'the stream was not cut');
      assert.deepEqual(taggedBodies(again.events, tag), sent);
      assert.equal(again.events.filter(isResync).length, 0, 'nothing was dropped: no resync notice');
      await liveCheck(peer, u, again);
      assert.equal(again.ended, false);
    });

    it('when six 200 KB messages arrive while the stream is open, then a normal reader gets them live and stays connected', async () => {
      const u = await user('hsl');
      const tag = unique('v');
      const sent = await bigMessages(peer, u, tag, 6);
      await u.sse.waitUntil(() => taggedBodies(u.sse.events, tag).length === 6 || u.sse.ended, 20_000, 'the six live messages');
      assert.deepEqual(taggedBodies(u.sse.events, tag), sent);
      await liveCheck(peer, u, u.sse);
      assert.equal(u.sse.ended, false);
    });
  });

  describe('item 3: the replay is bounded in bytes and a resumed client is told what it lost', () => {
    it('when far more than sse.replayBytes arrived, then the replay keeps the newest within the bound (twins counted) and starts with a resync notice', async () => {
      const u = await user('hsr');
      const tag = unique('r');
      await liveCheck(peer, u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const count = Math.ceil((2 * w.config.sse.replayBytes) / KB200) + 2; // ≥ 4× the bound with the twins
      const sent = await bigMessages(peer, u, tag, count);
      await flushTo(w, peer, u);

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
      await liveCheck(peer, u, again);
    });

    it('when the Last-Event-ID is still retained, then no resync notice is sent', async () => {
      const u = await user('hsn');
      await liveCheck(peer, u, u.sse);
      const last = u.sse.lastEventId;
      u.sse.close();
      const again = await sse(u, last);
      await liveCheck(peer, u, again);
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
      await liveCheck(peer, u, first);
      const extra = await sse(u);
      await first.waitForEnd(5000);
      const body = `after ${unique('c')}`;
      await peer.send(xml('message', { to: u.jid, type: 'chat' }, xml('body', {}, body)));
      await Promise.all([...rest, extra].map((s) => s.waitFor((m) => bodyOf(m) === body, 10_000, 'the message on every newer stream')));
      assert.equal([...rest, extra].filter((s) => s.ended).length, 0);
    });
  });

  describe('review of item 4: admin pushes are bounded like a chat message', () => {
    it('when a broadcast or a notification would be a stanza over server.stanzaMaxBytes, then 413 in the API error shape and nothing is sent', async () => {
      const u = await user('hsa');
      const limit = w.config.server.stanzaMaxBytes;
      const big = `${unique('big')} ${'x'.repeat(limit)}`;
      const admin = (path: string): request.Test => request(w.url).post(`${MODERN}${path}`).set('Authorization', w.secret).set('Accept', 'application/json');
      const refused = [
        await admin('/messages/users').send({ body: big }),
        await admin('/sessions').set('Content-Type', 'text/plain').send(big),
        await admin(`/sessions/${u.name}`).set('Content-Type', 'text/plain').send(big),
        await admin(`/sessions/${peerName}`).set('Content-Type', 'text/plain').send(big),
      ];
      for (const res of refused) {
        assert.equal(res.status, 413, res.text);
        assert.equal(res.body.exception, 'IllegalArgumentException');
        assert.match(String(res.body.message), new RegExp(`at most ${limit}`));
      }
      // a later push to the same sessions arrives after anything routed to them before (ejabberd keeps the order)
      const mark = unique('m');
      const marker = `{"marker":"${mark}"}`;
      for (const who of [u.name, peerName]) {
        await request(w.url).post(`${MODERN}/sessions/${who}`).set('Authorization', w.secret).set('Content-Type', 'text/plain').send(marker).expect(200);
      }
      await u.sse.waitFor((m) => m.event === 'chatapi.notify' && m.data.includes(mark), 10_000, 'the marker notification');
      await peer.waitFor((el) => el.getChild('properties', JIVE)?.toString().includes(mark) ?? false, 10_000, 'the marker notification');
      assert.deepEqual(u.sse.events.filter((m) => m.data.length > limit / 2).map((m) => m.event), [], 'no refused push reached the SSE stream');
      assert.deepEqual(peer.received.filter((el) => el.toString().length > limit / 2).map((el) => el.name), [], 'no refused push reached the XMPP client');
    });
  });

  describe('review of item 4: the slow-client rule in time and bytes (a stack of its own)', function () {
    this.timeout(120_000);
    const SLOW_S = 6;
    const MIB = 1 << 20;
    let s: Stack;
    let speer: TestXmpp;
    const warnings: Array<{ msg: string; fields: Record<string, unknown>; at: number }> = [];
    const onWarning = new Set<() => void>();
    const quiet = (): void => undefined;
    const log: Logger = {
      debug: quiet, info: quiet, error: quiet,
      warn: (msg, fields = {}) => {
        warnings.push({ msg, fields, at: Date.now() });
        onWarning.forEach((f) => f());
      },
    };
    const tooSlowFor = (name: string) => warnings.find((x) => x.msg === TOO_SLOW && x.fields.username === name);
    const waitTooSlow = (name: string, timeoutMs: number): Promise<{ fields: Record<string, unknown>; at: number }> =>
      new Promise((ok, fail) => {
        const check = (): void => {
          const found = tooSlowFor(name);
          if (!found) return;
          clearTimeout(timer);
          onWarning.delete(check);
          ok(found);
        };
        const timer = setTimeout(() => {
          onWarning.delete(check);
          fail(new Error(`no "${TOO_SLOW}" line for ${name} within ${timeoutMs} ms`));
        }, timeoutMs);
        onWarning.add(check);
        check();
      });
    const readers: Array<{ close(): void }> = [];
    const own = async (prefix: string): Promise<ChatUser> => {
      const u = await chatUser(s, prefix);
      readers.push(u.sse);
      return u;
    };
    const paused = async (u: ChatUser): Promise<PausedSse> => {
      const r = await openPausedSse(`${s.url}/sse/${u.name}`, u.auth);
      readers.push(r);
      return r;
    };
    /** Live bytes queued by ofgate for the SSE clients of this stack, from /metrics. */
    const bufferedBytes = async (): Promise<number> => {
      const res = await request(s.url).get('/metrics').set('Authorization', s.secret).expect(200);
      return Number(/^ofgate_sse_buffered_bytes (\d+)/m.exec(res.text)?.[1] ?? NaN);
    };

    before(async () => {
      s = await startStack({ logLevel: 'warning', log, overrides: { 'sse.slowClientSeconds': SLOW_S, 'sse.replayBytes': MIB } });
      const name = unique('hss');
      await registerUser(s.ej.apiUrl, s.domain, name, 'pw');
      speer = await connectXmpp({ service: s.ej.xmppService, domain: s.domain, username: name, password: 'pw' });
    });
    afterEach(() => {
      for (const r of readers.splice(0)) r.close();
    });
    after(async () => {
      await speer?.stop();
      await s?.stop();
    });

    it('when a burst of near-max admin broadcasts arrives, then readers that read normally get every one live (with its twin) and stay connected', async () => {
      const [a, b] = [await own('hsba'), await own('hsbb')];
      const tag = unique('bc');
      const n = 10;
      const filler = 'x'.repeat(s.config.server.stanzaMaxBytes - 1024); // each stanza just under the limit
      for (let i = 0; i < n; i++) {
        await request(s.url).post(`${MODERN}/messages/users`).set('Authorization', s.secret).send({ body: `${tag}-${i} ${filler}` }).expect(201);
      }
      const sent = Array.from({ length: n }, (_, i) => `${tag}-${i}`);
      for (const u of [a, b]) {
        await u.sse.waitUntil(() => taggedBodies(u.sse.events, tag).length === n || u.sse.ended, 30_000, 'the broadcasts');
        assert.equal(u.sse.ended, false, `${u.name}'s stream was not cut`);
        assert.deepEqual(taggedBodies(u.sse.events, tag), sent);
        assert.ok(u.sse.events.filter((m) => m.event === 'chatapi.xmpp' && m.data.length > filler.length).length >= n, 'each came with its base64 twin');
        await liveCheck(speer, u, u.sse);
      }
      assert.equal(warnings.filter((x) => x.msg === TOO_SLOW).length, 0);
    });

    it('when a reader pauses while more than the old 1 MiB limit waits for it and reads on within slowClientSeconds, then it gets everything and stays connected', async () => {
      const u = await own('hsq');
      u.sse.close(); // the paused reader is the user's only stream
      const r = await paused(u);
      const tag = unique('q');
      const started = Date.now();
      const sent: string[] = [];
      // the sockets take some MB first (the kernel's buffers): send until over 1 MiB waits in ofgate, far below the 8 MiB ceiling
      for (let i = 0; i < 24 && (await bufferedBytes()) <= MIB; i++) {
        sent.push(...(await bigMessages(speer, u, `${tag}-${i}`, 1)));
        await flushTo(s, speer, u);
      }
      const waiting = await bufferedBytes();
      assert.ok(waiting > MIB && waiting < s.config.sse.maxBufferedBytes, `${waiting} bytes wait for the paused reader`);
      const pausedFor = Date.now() - started;
      assert.ok(pausedFor < SLOW_S * 1000, `the burst was queued within slowClientSeconds (took ${pausedFor} ms)`);
      r.read();
      await r.waitUntil(() => taggedBodies(r.events, tag).length === sent.length || r.ended, 30_000, 'the burst');
      assert.equal(r.ended, false, 'the stream was not cut');
      assert.deepEqual(taggedBodies(r.events, tag), sent);
      await liveCheck(speer, u, r);
      assert.equal(tooSlowFor(u.name), undefined);
    });

    it('when a reader stops reading, then it is cut slowClientSeconds after live data began to wait, with the log line, and on reconnect it gets a resync', async () => {
      const u = await own('hsx');
      u.sse.close();
      const r = await paused(u);
      const first = `first ${unique('f')}`;
      await speer.send(xml('message', { to: u.jid, type: 'chat' }, xml('body', {}, first))); // small: held by the socket for the reader
      await flushTo(s, speer, u);
      const tag = unique('x');
      const sent: string[] = [];
      let before = 0;
      for (let i = 0; i < 16 && (await bufferedBytes()) === 0; i++) {
        before = Date.now();
        sent.push(...(await bigMessages(speer, u, `${tag}-${i}`, 1)));
        await flushTo(s, speer, u);
      }
      const queued = Date.now();
      assert.ok((await bufferedBytes()) > 0, 'live data waits for the stalled reader');

      const line = await waitTooSlow(u.name, (SLOW_S + 10) * 1000);
      assert.equal(line.fields.rule, 'stalled');
      assert.ok(line.at - before >= SLOW_S * 1000, `not cut before slowClientSeconds (${line.at - before} ms)`);
      assert.ok(line.at - queued <= SLOW_S * 1000 + 3000, `cut soon after slowClientSeconds (${line.at - queued} ms)`);
      r.read();
      await r.waitUntil(() => r.ended, 10_000, 'the end of the cut stream');
      assert.ok(r.events.some((m) => bodyOf(m) === first), 'the reader got what the socket held');
      const last = r.lastEventId;

      // more arrives while the user has no stream: what it missed is now more than the log keeps (sse.replayBytes)
      sent.push(...(await bigMessages(speer, u, `${tag}-late`, 3)));
      await flushTo(s, speer, u);
      const again = await openSse(`${s.url}/sse/${u.name}`, { authorization: u.auth, lastEventId: last });
      readers.push(again);
      assert.equal(again.status, 200, again.body);
      const newest = sent.at(-1) as string;
      await again.waitUntil(() => taggedBodies(again.events, tag).some((b) => b === newest) || again.ended, 20_000, 'the newest message');
      assert.equal(again.ended, false);
      assert.ok(isResync(again.events[0] as SseMessage), `the replay starts with a resync notice, got ${again.events[0]?.event} ${again.events[0]?.data.slice(0, 80)}`);
      const got = taggedBodies(again.events, tag);
      assert.deepEqual(got, sent.slice(sent.length - got.length), 'the newest, in order');
      await liveCheck(speer, u, again);
    });
  });
});
