/**
 * LHC callbacks with two instances sharing one store (e2e, a cluster of its own: Redis, two
 * ofgate processes with the bridge on, haproxy, its ejabberd with mod_ofgate posting through
 * the balancer): an operator's callbacks queued during an LHC outage, one instance killed with
 * SIGKILL, and once LHC is back every callback arrives once, in order, from the survivor.
 */
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../harness/start-cluster.js';
import { verifyCallback } from '../../gateway/lhc/index.js';
import { eventually } from '../kit/eventually.js';
import { startStandInLhc, type ReceivedCallback, type StandInLhc } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml } from '../kit/xmpp-test-client.js';

const CB_SECRET = 'cluster-callback-secret';

describe('LHC callbacks in a two-instance cluster, one instance killed (e2e)', function () {
  this.timeout(180_000);
  let c: Cluster;
  let lhc: StandInLhc;
  const group = unique('opsc');
  const op = unique('opcl');
  const visitor = `visitor.${Date.now() % 100000}`;

  before(async function () {
    lhc = await startStandInLhc();
    c = await startCluster({
      logLevel: 'warn',
      ejabberdLogLevel: 'warning',
      overrides: {
        'cluster.leaseSeconds': 3,
        'lhc.enabled': true,
        'lhc.operatorsGroup': group,
        'lhc.messageUrl': `${lhc.url}/xmppservice/processmessage`,
        'lhc.statusUrl': `${lhc.url}/xmppservice/operatorstatus`,
        'lhc.callbackSecret': CB_SECRET,
        'lhc.retryBaseMs': 100,
        'lhc.retryMaxMs': 500,
      },
    });
    if (!c.shimLoaded) this.skip();
    await registerUser(c.ej.apiUrl, c.domain, op, 'op');
    await registerUser(c.ej.apiUrl, c.domain, visitor, 'v');
    await ejabberdApi(c.ej.apiUrl, 'srg_create', { group, host: c.domain, label: group, description: '', display: [] });
    await ejabberdApi(c.ej.apiUrl, 'srg_user_add', { user: op, host: c.domain, group, grouphost: c.domain });
    await eventually(async () => {
      const got = (await ejabberdApi<{ forwarded: string }>(c.ej.apiUrl, 'ofgate_forwarded_events', { host: c.domain })).forwarded.split(',');
      return ['presence_set', 'presence_unset', 'message_sent'].every((e) => got.includes(e));
    }, 'mod_ofgate forwarding the events the bridge reads', 30_000);
  });
  after(async () => {
    await c?.stop();
    await lhc?.close();
  });

  it('when one of two instances dies with callbacks queued, then the other sends each once, in order', async () => {
    lhc.down = true;
    const a = await connectXmpp({ service: c.ej.xmppService, domain: c.domain, username: op, password: 'op', resource: 'desk' });
    for (const text of ['one', 'two', 'three']) await a.send(xml('message', { to: `${visitor}@${c.domain}`, type: 'chat' }, xml('body', {}, text)));
    await a.stop();
    await eventually(() => lhc.refused >= 3, 'the instances trying (and LHC refusing) the callbacks', 30_000);
    await c.instances[0].kill9();
    lhc.down = false;
    const mine = (x: ReceivedCallback) => x.body.includes(op);
    await lhc.waitFor((x) => mine(x) && x.body.includes('"disconnect"'), 1, 90_000, 'the disconnect from the surviving instance');
    const got = lhc.received.filter(mine);
    assert.deepEqual(got.map((x) => (x.path.endsWith('operatorstatus') ? JSON.parse(x.body).action : new URLSearchParams(x.body).get('body'))), ['connect', 'one', 'two', 'three', 'disconnect']);
    assert.equal(new Set(got.map((x) => x.id)).size, got.length, 'each callback once');
    for (const x of got) assert.ok(verifyCallback(CB_SECRET, x.timestamp, x.body, x.signature));
  });
});
