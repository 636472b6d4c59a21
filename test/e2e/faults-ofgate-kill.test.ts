/**
 * Fault: the ofgate process SIGKILLed under traffic and started again on its data directory
 * (e2e, own ejabberd, embedded store — a single install). A plain XMPP user sends numbered chat
 * messages to a REST user without pause; ofgate is killed mid-stream and restarted. The REST
 * user's client then does what an ofchat page does: its SSE reconnect with Last-Event-ID gets
 * 404 (the chat stream died with the process: the embedded store keeps events in memory), it
 * logs in again and reconnects with the same Last-Event-ID. Then:
 * - the stream opens (200) and starts with a `resync` notice (the id is of the earlier run, whose
 *   events are gone: reload through the REST API), then live events;
 * - no message is lost: every message the peer sent (ejabberd took each, the client waits for it)
 *   reaches the REST user over SSE, before the kill or after the resume (what arrived while ofgate
 *   was down comes from ejabberd's offline storage at the new login), or — the known gap — is in
 *   the user's archive only. Counts are printed.
 * Known gap, counted and printed, not failed: the messages ejabberd had written to the dead
 * process's socket are unacknowledged (XEP-0198) when the stream closes; ejabberd 23.01 does not
 * re-route unacknowledged messages that mod_mam archived for a MAM-using session
 * (assume_mam_usage), and ofgate's new stream does not catch up from the archive: they are
 * readable through history, never pushed over SSE. The fix (a MAM catch-up when a user's stream
 * starts or comes back without resumption) is reported on issue 19.
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

  const login = async (): Promise<void> => {
    const res = await fetch(`${p.url}${API}/chat/${user}/login`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'text/plain' }, body: PASSWORD });
    assert.equal(res.status, 200, await res.text());
  };
  const sse = async (lastEventId?: string): Promise<SseClient> => {
    const s = await openSse(`${p.url}/sse/${user}`, { authorization: auth, ...(lastEventId ? { lastEventId } : {}) });
    streams.push(s);
    return s;
  };
  const bodies = (s: SseClient): string[] => s.events.filter((m) => m.event === 'chatapi.chat').map((m) => payloadOf<{ body?: string }>(m).body ?? '');

  it('when ofgate is killed mid-traffic and restarted, then the client logs in again, resumes with Last-Event-ID (resync notice) and every message is delivered or archived', async () => {
    await login();
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
    let goneWhileDown = 0;
    try {
      await first.waitUntil(() => bodies(first).length >= 20, 10_000, 'traffic over SSE before the kill');
      await p.kill9();
      await first.waitForEnd(5000);
      const lastEventId = first.lastEventId;
      assert.ok(lastEventId, 'the first stream had event ids');
      await p.restart();
      const early = await sse(lastEventId);
      goneWhileDown = early.status;
      assert.equal(early.status, 404, 'the stream died with the process: the client must log in again');
      await login();
      second = await sse(lastEventId);
      assert.equal(second.status, 200, second.body);
      const resumed = second;
      const sentAtResume = sent.length;
      await resumed.waitUntil(() => bodies(resumed).includes(`kill ${sentAtResume + 10}`), 15_000, 'live traffic after the resume');
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
    console.log(`      ofgate kill: ${sent.length} sent by the peer, ${bodies(first).length} over SSE before the kill, ${bodies(resumed).length} after the resume ` +
      `(SSE before login: ${goneWhileDown}), ${lost.length} lost, ${archiveOnly.length} only in the archive (the header's known gap), ${twice} delivered twice`);
    assert.deepEqual(lost, [], 'no message neither delivered nor archived');
  });
});
