/**
 * Fault: ofgate's hook receiver unreachable for a while (e2e, own stack). mod_ofgate posts its
 * batches through a proxy that refuses connections for HOOK_OUTAGE_MS (default 3 s; the issue's
 * 60 s with HOOK_OUTAGE_MS=60000) while users log in, go away and an account is removed over
 * plain XMPP. Then, once the receiver is back:
 * - the shim retried (its `retries` counter grew), dropped nothing and its queue drains;
 * - every event reached ofgate: its ledger (GET /ops/hooks) lists each user's presence_set, the
 *   leavers' session_closed and presence_unset and the removal, and the online view says who is
 *   online and who left.
 */
import assert from 'node:assert/strict';
import { startFaultStack, type FaultStack } from '../harness/fault-stack.js';
import { eventually } from '../kit/eventually.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, type TestXmpp } from '../kit/xmpp-test-client.js';

const OUTAGE_MS = Number(process.env.HOOK_OUTAGE_MS ?? 3000);

interface ShimStats { queued: number; enqueued: number; sent: number; dropped: number; retries: number; posts: number }
interface Ledger { counts: Record<string, number>; recent: Array<{ id: string; event: string; jid?: string }> }

describe('fault: the hook receiver down for a while (e2e, own stack)', function () {
  this.timeout(60_000 + OUTAGE_MS);
  let stack: FaultStack;
  const clients: TestXmpp[] = [];
  const stayers = [unique('fho'), unique('fho'), unique('fho')];
  const leavers = [unique('fhl'), unique('fhl')];
  const removed = unique('fhr');

  const shimStats = (): Promise<ShimStats> => ejabberdApi<ShimStats>(stack.ej.apiUrl, 'ofgate_shim_stats', { host: stack.domain });
  const ledger = async (): Promise<Ledger> => {
    const res = await fetch(`${stack.url}/ops/hooks`, { headers: { Authorization: stack.secret } });
    assert.equal(res.status, 200);
    return (await res.json()) as Ledger;
  };

  before(async function () {
    stack = await startFaultStack({ hookProxy: true, shim: { retryMinMs: 100, retryMaxMs: 1000 } });
    if (!stack.shimLoaded) this.skip();
    for (const name of [...stayers, ...leavers, removed]) await registerUser(stack.ej.apiUrl, stack.domain, name, 'pw');
    await eventually(async () => (await shimStats()).queued === 0, 'the shim idle before the outage');
  });
  after(async () => {
    for (const c of clients) await c.stop();
    await stack?.stop();
  });

  it(`when the receiver refuses connections for ${OUTAGE_MS} ms, then the shim retries and every event arrives afterwards`, async () => {
    const proxy = stack.hookProxy;
    assert.ok(proxy);
    const before = await shimStats();
    await proxy.set('refuse');
    const downSince = Date.now();
    try {
      const connect = (name: string) => connectXmpp({ service: stack.ej.xmppService, domain: stack.domain, username: name, password: 'pw', resource: 'desk' });
      for (const name of stayers) clients.push(await connect(name));
      for (const name of leavers) await (await connect(name)).stop();
      await ejabberdApi(stack.ej.apiUrl, 'unregister', { user: removed, host: stack.domain });
      await eventually(async () => {
        const s = await shimStats();
        return s.retries >= before.retries + 2 && s.queued > 0 && Date.now() - downSince >= OUTAGE_MS;
      }, `an outage of ${OUTAGE_MS} ms with retries`, OUTAGE_MS + 20_000);
    } finally {
      await proxy.set('pass');
    }
    const during = await shimStats();
    await eventually(async () => (await shimStats()).queued === 0, 'the shim queue drained', 20_000);
    const after = await shimStats();
    console.log(`      hook outage ${OUTAGE_MS} ms: ${during.queued} events queued, ${after.retries - before.retries} retries, ` +
      `${after.sent - before.sent} sent after, ${after.dropped - before.dropped} dropped`);
    assert.equal(after.dropped, before.dropped, 'the shim dropped nothing');
    assert.equal(after.sent - before.sent, after.enqueued - before.enqueued, 'everything enqueued was sent');

    const jid = (name: string): string => `${name}@${stack.domain}`;
    const has = (l: Ledger, event: string, name: string): boolean => l.recent.some((e) => e.event === event && e.jid === jid(name));
    await eventually(async () => {
      const l = await ledger();
      return [...stayers, ...leavers].every((n) => has(l, 'presence_set', n))
        && leavers.every((n) => has(l, 'presence_unset', n) && has(l, 'session_closed', n))
        && has(l, 'user_removed', removed);
    }, 'every event of the outage in ofgate\'s ledger', 10_000);
    const l = await ledger();
    assert.equal(new Set(l.recent.map((e) => e.id)).size, l.recent.length, 'no event handled twice');
    for (const name of stayers) assert.equal(await stack.gateway.presence.isOnline(jid(name)), true, `${name} online in ofgate's view`);
    for (const name of leavers) assert.equal(await stack.gateway.presence.isOnline(jid(name)), false, `${name} gone from ofgate's view`);
  });
});
