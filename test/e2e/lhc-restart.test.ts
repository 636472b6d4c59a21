/**
 * LHC callbacks survive a crash (e2e): an ofgate process (embedded store, as a single install
 * runs) queues an operator's callbacks while LHC is down, is killed with SIGKILL, and is started
 * again on the same data directory; once LHC is back, every callback arrives, in order, signed.
 * The child process sees real XMPP activity: the world's hook events are relayed to its hook
 * intake, signed as mod_ofgate signs them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { OfgateProcess } from '../harness/ofgate-process.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldProcess } from '../harness/world-process.js';
import { verifyCallback } from '../../gateway/lhc/index.js';
import { eventually } from '../kit/eventually.js';
import { relayHooksTo, shimForwardsLhcEvents, startStandInLhc, type HookRelay, type ReceivedCallback, type StandInLhc } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml } from '../kit/xmpp-test-client.js';

const CB_SECRET = 'restart-callback-secret';

describe('LHC callbacks over a SIGKILL and restart (e2e, embedded store)', function () {
  this.timeout(90_000);
  let w: Stack;
  let p: OfgateProcess;
  let lhc: StandInLhc;
  let relay: HookRelay;
  const group = unique('opsr');
  const op = unique('oprs');
  const visitor = `visitor.${Date.now() % 100000}`;
  const hookSecret = randomBytes(12).toString('hex');

  before(async () => {
    w = await getWorld();
    lhc = await startStandInLhc();
    await registerUser(w.ej.apiUrl, w.domain, op, 'op');
    await registerUser(w.ej.apiUrl, w.domain, visitor, 'v');
    await ejabberdApi(w.ej.apiUrl, 'srg_create', { group, host: w.domain, label: group, description: '', display: [] });
    await ejabberdApi(w.ej.apiUrl, 'srg_user_add', { user: op, host: w.domain, group, grouphost: w.domain });
    p = await startWorldProcess(w, 'lhc-restart', {
      'hooks.secret': hookSecret,
      'lhc.enabled': true,
      'lhc.operatorsGroup': group,
      'lhc.messageUrl': `${lhc.url}/xmppservice/processmessage`,
      'lhc.statusUrl': `${lhc.url}/xmppservice/operatorstatus`,
      'lhc.callbackSecret': CB_SECRET,
      'lhc.retryBaseMs': 100,
      'lhc.retryMaxMs': 500,
    });
    relay = relayHooksTo(w, p.url, hookSecret);
    await shimForwardsLhcEvents(w);
  });
  after(async () => {
    relay?.stop();
    await p?.dispose();
    await lhc?.close();
    for (const user of [op, visitor]) await ejabberdApi(w.ej.apiUrl, 'unregister', { user, host: w.domain }).catch(() => undefined);
    await ejabberdApi(w.ej.apiUrl, 'srg_delete', { group, host: w.domain }).catch(() => undefined);
  });

  it('when ofgate is killed with callbacks queued during an LHC outage, then after the restart they all arrive in order', async () => {
    lhc.down = true;
    const a = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: op, password: 'op', resource: 'desk' });
    for (const text of ['first', 'second']) await a.send(xml('message', { to: `${visitor}@${w.domain}`, type: 'chat' }, xml('body', {}, text)));
    await a.stop();
    await relay.drained(); // the child took every event (200 = handed over)
    await eventually(() => lhc.refused >= 2, 'the child trying (and LHC refusing) its callbacks', 20_000);
    await p.kill9();
    await p.restart();
    lhc.down = false;
    const mine = (c: ReceivedCallback) => c.body.includes(op);
    await lhc.waitFor((c) => mine(c) && c.body.includes('"disconnect"'), 1, 30_000, 'the disconnect after the restart');
    const got = lhc.received.filter(mine);
    assert.deepEqual(got.map((c) => (c.path.endsWith('operatorstatus') ? JSON.parse(c.body).action : new URLSearchParams(c.body).get('body'))), ['connect', 'first', 'second', 'disconnect']);
    for (const c of got) assert.ok(verifyCallback(CB_SECRET, c.timestamp, c.body, c.signature));
  });
});
