/**
 * The ping callback (e2e, real ejabberd): each operator session is pinged (XEP-0199) from
 * ofgate's pinger account every lhc.pingIntervalSeconds (1 here), and only after the session
 * answered does LHC get {"action":"ping","user":"<full JID>"}, for each resource, signed.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { verifyCallback } from '../../gateway/lhc/index.js';
import { lhcCall, shimForwardsLhcEvents, startLhc, startStandInLhc, type LhcGateway, type StandInLhc } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('LHC bridge: ping callbacks (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: LhcGateway;
  let lhc: StandInLhc;
  const group = unique('opsp');
  const op = unique('oping');
  const open: TestXmpp[] = [];

  before(async () => {
    w = await getWorld();
    lhc = await startStandInLhc();
    g = await startLhc(w, {
      'lhc.operatorsGroup': group,
      'lhc.statusUrl': `${lhc.url}/xmppservice/operatorstatus`,
      'lhc.pingUrl': `${lhc.url}/ping`,
      'lhc.pingIntervalSeconds': 1,
      'lhc.callbackSecret': 'ping-secret',
    });
    await shimForwardsLhcEvents(w);
    assert.equal((await lhcCall(g, 'xmpp-setup-instance-roasters', { group, host: w.domain, name: 'Operators', desc: '', display_array: [group] }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-register', { user: op, host: w.domain, password: 'op' }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: op, host: w.domain, group, grouphost: w.domain }, w.secret)).json?.error, false);
  });
  after(async () => {
    for (const x of open) await x.stop().catch(() => undefined);
    await g?.stop();
    await lhc?.close();
    await ejabberdApi(w.ej.apiUrl, 'unregister', { user: op, host: w.domain }).catch(() => undefined);
    await ejabberdApi(w.ej.apiUrl, 'srg_delete', { group, host: w.domain }).catch(() => undefined);
  });

  it('when an operator is online on two resources, then each answered ping reaches LHC with that full JID, after the connect', async () => {
    for (const resource of ['desk', 'phone']) open.push(await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: op, password: 'op', resource }));
    for (const resource of ['desk', 'phone']) {
      const full = `${op}@${w.domain}/${resource}`;
      const [ping] = await lhc.waitFor((c) => c.path === '/ping' && c.body === JSON.stringify({ action: 'ping', user: full }), 1, 20_000, `a ping of ${full}`);
      assert.match(ping!.contentType, /^application\/json/);
      assert.ok(verifyCallback('ping-secret', ping!.timestamp, ping!.body, ping!.signature));
    }
    const mine = lhc.received.filter((c) => c.body.includes(op));
    assert.equal(JSON.parse(mine[0]!.body).action, 'connect', 'the connect comes first');
    // the pings came after the sessions answered: the operator clients saw the pinger's iq
    assert.ok(open.every((x) => x.received.some((s) => s.is('iq') && s.getChild('ping', 'urn:xmpp:ping') !== undefined)), 'each operator client received the pinger\'s iq');
  });
});
