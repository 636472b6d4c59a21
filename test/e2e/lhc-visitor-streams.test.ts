/**
 * Visitor streams kept for LHC (e2e, real ejabberd): /lhc/xmpp opens the visitor's session,
 * a later call with a new status updates its presence on the same session, and the session
 * closes after lhc.visitorIdleSeconds (5 here) without a call; a message for a visitor with a
 * wrong password is not sent, and is counted.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { eventually } from '../kit/eventually.js';
import { lhcCall, startLhc, type LhcGateway } from '../kit/lhc-kit.js';
import { ejabberdApi } from '../kit/xmpp-test-client.js';

describe('LHC bridge: visitor streams (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: LhcGateway;
  const visitor = `visitor.${Date.now() % 100000}.idle`;

  const sessions = async (): Promise<number> => (await ejabberdApi<unknown[]>(w.ej.apiUrl, 'user_sessions_info', { user: visitor, host: w.domain })).length;
  const status = async (): Promise<string> => (await ejabberdApi<{ status: string }>(w.ej.apiUrl, 'get_presence', { user: visitor, server: w.domain })).status;

  before(async () => {
    w = await getWorld();
    g = await startLhc(w, { 'lhc.visitorIdleSeconds': 5, 'lhc.sendWaitSeconds': 3 });
    assert.equal((await lhcCall(g, 'xmpp-register', { user: visitor, host: w.domain, password: 'v' }, w.secret)).json?.error, false);
  });
  after(async () => {
    await g?.stop();
    await ejabberdApi(w.ej.apiUrl, 'unregister', { user: visitor, host: w.domain }).catch(() => undefined);
  });

  it('when LHC calls /xmpp twice, then one session shows the latest status, and it closes once idle', async () => {
    const call = (s: string) => lhcCall(g, 'xmpp', { jid: `${visitor}@${w.domain}`, pass: 'v', host: w.domain, status: s }, w.secret);
    assert.equal((await call('Pending chat')).text, 'ok');
    await eventually(async () => (await status()) === 'Pending chat', 'the first status');
    assert.equal((await call('Active chat\n| Sales')).text, 'ok');
    await eventually(async () => (await status()) === 'Active chat\n| Sales', 'the second status');
    assert.equal(await sessions(), 1, 'one session, extended');
    await eventually(async () => (await sessions()) === 0, 'the idle visitor session closed', 20_000);
  });

  it('when the password is wrong, then the message is not sent and is counted as failed', async () => {
    const before = g.gateway.lhc.failedVisitorSends();
    const res = await lhcCall(g, 'xmpp-send-message', { jid: `${visitor}@${w.domain}`, pass: 'wrong', host: w.domain, operator_username: `admin@${w.domain}`, message: 'lost?' }, w.secret);
    assert.equal(res.text, 'ok');
    await eventually(() => g.gateway.lhc.failedVisitorSends() === before + 1, 'the failed send counted', 15_000);
    assert.equal(await sessions(), 0);
  });
});
