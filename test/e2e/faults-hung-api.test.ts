/**
 * Fault: ejabberd's API hangs (e2e, own stack). A TCP proxy between ofgate and ejabberd's HTTP
 * port (mod_http_api, XML-RPC) accepts connections and never answers — a stuck VM, a full accept
 * queue — while the XMPP port stays healthy. Then:
 * - every request that needs the API is answered 504 within a bound (ejabberd.timeoutMs plus a
 *   margin), concurrent ones too, and none is left hanging (each has a client-side bound);
 * - /healthz says ejabberd does not answer, within the same bound;
 * - requests that do not need the API still answer at once (the event loop is not blocked);
 * - when the proxy passes traffic again, the same requests succeed again.
 */
import assert from 'node:assert/strict';
import { startFaultStack, type FaultStack } from '../harness/fault-stack.js';
import { eventually } from '../kit/eventually.js';
import { registerUser } from '../kit/xmpp-test-client.js';
import { unique } from '../kit/unique.js';

const TIMEOUT_MS = 1000;
/** What a 504 may take: the call's bound, plus ofgate's own work and a loaded CI machine. */
const ANSWER_BOUND_MS = TIMEOUT_MS * 3;
const CLIENT_BOUND_MS = 15_000;
const CONCURRENT = 20;

interface Answer {
  readonly status: number;
  readonly ms: number;
}

async function timed(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(CLIENT_BOUND_MS) });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  } catch {
    return { status: 0, ms: Date.now() - started };
  }
}

describe('fault: a hung ejabberd API (e2e, own stack)', function () {
  this.timeout(90_000);
  let stack: FaultStack;
  let user: string;
  const admin = (): Record<string, string> => ({ Authorization: stack.secret, Accept: 'application/json' });
  const userUrl = (): string => `${stack.url}/plugins/restapi/v1/users/${user}`;

  before(async () => {
    stack = await startFaultStack({ apiProxy: true, overrides: { 'ejabberd.timeoutMs': TIMEOUT_MS } });
    user = unique('fh');
    await registerUser(stack.ej.apiUrl, stack.domain, user, 'pw');
  });
  after(async () => {
    await stack?.stop();
  });

  it('when the API accepts and never answers, then requests get bounded 504s, none hangs, and all recover when it answers again', async () => {
    assert.equal((await timed(userUrl(), admin())).status, 200, 'the route works through the proxy');
    const proxy = stack.apiProxy;
    assert.ok(proxy);
    await proxy.set('hang');
    try {
      const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => timed(userUrl(), admin())));
      const health = await timed(`${stack.url}/healthz`);
      const metrics = await timed(`${stack.url}/metrics`);
      const statuses = [...new Set(answers.map((a) => a.status))];
      const slowest = Math.max(...answers.map((a) => a.ms));
      console.log(`      hung API: ${CONCURRENT} concurrent calls answered ${statuses.join('/')}, slowest ${slowest} ms; /healthz ${health.status} in ${health.ms} ms; ` +
        `${proxy.stats().hungTotal} connections held by the proxy`);
      assert.deepEqual(statuses, [504], 'every call answered 504 (upstream timeout)');
      assert.ok(slowest < ANSWER_BOUND_MS, `every 504 within ${ANSWER_BOUND_MS} ms (slowest ${slowest} ms)`);
      assert.ok(proxy.stats().hungTotal > 0, 'the proxy really held the calls');
      assert.notEqual(health.status, 200, '/healthz does not claim ejabberd answers');
      assert.notEqual(health.status, 0, '/healthz answered');
      assert.ok(health.ms < ANSWER_BOUND_MS, `/healthz within ${ANSWER_BOUND_MS} ms (${health.ms} ms)`);
      assert.notEqual(metrics.status, 0, 'a route without the API answers meanwhile');
    } finally {
      await proxy.set('pass');
    }
    await eventually(async () => (await timed(userUrl(), admin())).status === 200, 'the route working again', 10_000);
    assert.equal((await timed(`${stack.url}/healthz`)).status, 200, '/healthz is back');
  });
});
