/**
 * Fault: the ofgate process SIGKILLed under traffic and started again on its data directory
 * (e2e, own ejabberd, embedded store — a single install). A plain XMPP user sends numbered chat
 * messages to a REST user without pause; ofgate is killed mid-stream and restarted. The REST
 * user's client then does what an ofchat page does: its SSE reconnects with Last-Event-ID, with
 * no new login. Then:
 * - the chat session outlived the process: the stream was recorded in the store, and the new
 *   process reopens it password-less (X-OAUTH2) under the same stream id at start; the SSE
 *   reconnect is answered 200 and a login again returns the same stream id;
 * - the resumed stream starts with a `resync` notice (the id is of the earlier run, whose events
 *   were in memory: reload through the REST API), then live events;
 * - no message is lost: every message the peer sent (ejabberd took each, the client waits for it)
 *   reaches the REST user over SSE, before the kill or after the resume (what arrived while ofgate
 *   was down comes from ejabberd's offline storage or, for what ejabberd had written to the dead
 *   socket, from the archive catch-up of the reopened stream, which starts at the archive mark the
 *   dead process saved at most 2 s before it died). None may be only in the user's archive.
 *   Messages of those last 2 s can arrive twice (counted and printed, not failed: the events of
 *   before the kill are gone with the embedded store, and the client was told to resync).
 * - a clean stop (SIGTERM) and start keeps the session the same way.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startEjabberd, type EjabberdInstance } from '../harness/ejabberd-instance.js';
import { freePort } from '../harness/free-port.js';
import { startOfgateProcess, type OfgateProcess } from '../harness/ofgate-process.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import { eventually } from '../kit/eventually.js';
import { basic } from '../kit/http-auth.js';
import { openSse, type SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const PASSWORD = 'kill pw';

describe('fault: ofgate SIGKILLed under traffic and restarted (e2e, embedded store)', function () {
  this.timeout(120_000);
  let ej: EjabberdInstance;
  let p: OfgateProcess;
  let peer: TestXmpp;
  const streams: SseClient[] = [];
  const user = unique('fok');
  const peerName = unique('fop');
  const auth = basic(user, PASSWORD);

  before(async () => {
    const port = await freePort();
    const hookSecret = randomBytes(12).toString('hex');
    ej = await startEjabberd({ shim: { url: `http://127.0.0.1:${port}/hooks/events`, secret: hookSecret } });
    for (const name of [user, peerName]) await registerUser(ej.apiUrl, ej.domain, name, name === user ? PASSWORD : 'pw');
    p = await startOfgateProcess({
      name: 'fault-kill',
      port,
      config: {
        'xmpp.domain': ej.domain,
        'xmpp.service': ej.xmppService,
        'ejabberd.httpApi.url': ej.apiUrl,
        'ejabberd.xmlrpc.url': ej.xmlrpcUrl,
        'ejabberd.shimLoaded': true,
        'auth.secret': randomBytes(12).toString('hex'),
        'hooks.secret': hookSecret,
        'store.backend': 'embedded',
        'log.level': 'warn',
        'auth.loginThrottle.addressFailures': 0,
        'auth.loginThrottle.accountFailures': 0,
      },
    });
    peer = await connectXmpp({ service: ej.xmppService, domain: ej.domain, username: peerName, password: 'pw' });
  });
  after(async () => {
    for (const s of streams) s.close();
    await peer?.stop();
    await p?.dispose();
    await ej?.stop();
  });

  const sse = async (lastEventId?: string): Promise<SseClient> => {
    const s = await openSse(`${p.url}/sse/${user}`, { authorization: auth, ...(lastEventId ? { lastEventId } : {}) });
    streams.push(s);
    return s;
  };
  const bodies = (s: SseClient): string[] => s.events.filter((m) => m.event === 'chatapi.chat').map((m) => payloadOf<{ body?: string }>(m).body ?? '');

  const streamIdOf = async (): Promise<string> => {
    const res = await fetch(`${p.url}${API}/chat/${user}/login`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'text/plain' }, body: PASSWORD });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return text.trim();
  };

  it('when ofgate is killed mid-traffic and restarted, then the client resumes with Last-Event-ID without a new login (resync notice) and every message is delivered or archived', async () => {
    const streamId = await streamIdOf();
    const first = await sse();
    assert.equal(first.status, 200, first.body);

    const sent: string[] = [];
    let stopping = false;
    const traffic = (async () => {
      for (let n = 0; !stopping; n++) {
        const body = `kill ${n}`;
        await peer.send(xml('message', { to: `${user}@${ej.domain}`, type: 'chat', id: `k${n}` }, xml('body', {}, body)));
        sent.push(body);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    let second: SseClient | undefined;
    try {
      await first.waitUntil(() => bodies(first).length >= 20, 10_000, 'traffic over SSE before the kill');
      await p.kill9();
      await first.waitForEnd(5000);
      const lastEventId = first.lastEventId;
      assert.ok(lastEventId, 'the first stream had event ids');
      await p.restart();
      second = await sse(lastEventId);
      assert.equal(second.status, 200, `the chat session outlived the process: ${second.body}`);
      const resumed = second;
      const sentAtResume = sent.length;
      await resumed.waitUntil(() => bodies(resumed).includes(`kill ${sentAtResume + 10}`), 15_000, 'live traffic after the resume');
      assert.equal(await streamIdOf(), streamId, 'a login again returns the stream id of before the kill');
    } finally {
      stopping = true;
      await traffic;
    }
    const resumed = second as SseClient;
    const firstNotice = resumed.events[0];
    assert.ok(firstNotice, 'the resumed stream has events');
    assert.equal(firstNotice.event, 'chatapi.xmpp');
    assert.deepEqual(payloadOf(firstNotice), { type: 'resync', reason: 'replay-incomplete' }, 'the resumed stream starts with the resync notice');
    const seen = new Set([...bodies(first), ...bodies(resumed)]);
    await eventually(() => sent.every((b) => new Set([...bodies(first), ...bodies(resumed)]).has(b)), 'every message delivered', 10_000).catch(() => undefined);
    const missing = sent.filter((b) => !new Set([...bodies(first), ...bodies(resumed)]).has(b));
    // where an undelivered message went: into the user's archive (readable through history) or nowhere
    const history = await (await fetch(`${p.url}${API}/chat/${user}/messages`, { headers: { Authorization: auth, Accept: 'application/json' } })).text();
    const archiveOnly = missing.filter((b) => history.includes(JSON.stringify(b)));
    const lost = missing.filter((b) => !archiveOnly.includes(b));
    const twice = bodies(first).length + bodies(resumed).length - seen.size;
    console.log(`      ofgate kill: ${sent.length} sent by the peer, ${bodies(first).length} over SSE before the kill, ${bodies(resumed).length} after the resume, ` +
      `${lost.length} lost, ${archiveOnly.length} only in the archive, ${twice} delivered twice`);
    assert.deepEqual(lost, [], 'no message neither delivered nor archived');
    assert.deepEqual(archiveOnly, [], 'every archived message reached the client: the reopened stream caught up from its saved archive mark');
  });

  it('when ofgate is stopped cleanly and started again, then the chat session is still there: same stream id, messages flow over a reconnected SSE', async () => {
    const streamId = await streamIdOf();
    await p.stop();
    await p.restart();
    const s = await sse();
    assert.equal(s.status, 200, s.body);
    const body = `after stop ${unique('m')}`;
    await peer.send(xml('message', { to: `${user}@${ej.domain}`, type: 'chat' }, xml('body', {}, body)));
    await s.waitUntil(() => bodies(s).includes(body), 10_000, 'a message after the restart');
    assert.equal(await streamIdOf(), streamId);
  });
});
