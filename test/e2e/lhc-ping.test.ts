/**
 * The ping callback (e2e, real ejabberd): each operator session is pinged (XEP-0199) from
 * ofgate's pinger account every lhc.pingIntervalSeconds (1 here), and only after the session
 * answered does LHC get {"action":"ping","user":"<full JID>"}, for each resource, signed.
 * A session that never answers (its client drops the pong) is reported disconnected after
 * lhc.pingTimeoutSeconds, never pinged to LHC, and closed in ejabberd with lhc.killUnresponsive.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { verifyCallback } from '../../gateway/lhc/index.js';
import { PINGER_USER } from '../../gateway/lhc/operator-pinger.js';
import { eventually } from '../kit/eventually.js';
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
  const sleeper = unique('osleep');
  const open: TestXmpp[] = [];

  before(async () => {
    w = await getWorld();
    lhc = await startStandInLhc();
    g = await startLhc(w, {
      'lhc.operatorsGroup': group,
      'lhc.statusUrl': `${lhc.url}/xmppservice/operatorstatus`,
      'lhc.pingUrl': `${lhc.url}/ping`,
      'lhc.pingIntervalSeconds': 1,
      'lhc.pingTimeoutSeconds': 1,
      'lhc.killUnresponsive': true,
      'lhc.callbackSecret': 'ping-secret',
    });
    await shimForwardsLhcEvents(w);
    assert.equal((await lhcCall(g, 'xmpp-setup-instance-roasters', { group, host: w.domain, name: 'Operators', desc: '', display_array: [group] }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-register', { user: op, host: w.domain, password: 'op' }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: op, host: w.domain, group, grouphost: w.domain }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-register', { user: sleeper, host: w.domain, password: 'op' }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: sleeper, host: w.domain, group, grouphost: w.domain }, w.secret)).json?.error, false);
  });
  after(async () => {
    for (const x of open) await x.stop().catch(() => undefined);
    await g?.stop();
    await lhc?.close();
    for (const user of [op, sleeper]) await ejabberdApi(w.ej.apiUrl, 'unregister', { user, host: w.domain }).catch(() => undefined);
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

  it('when an operator session never answers its ping, then LHC gets connect and then disconnect (no ping), and with killUnresponsive ejabberd closes the session', async () => {
    const x = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: sleeper, password: 'op', resource: 'asleep' });
    open.push(x);
    // The client's automatic answers to the pinger are dropped on the way out: a hung client.
    const send = x.xmpp.send.bind(x.xmpp);
    let swallowed = 0;
    x.xmpp.send = async (el) => {
      if (el.is('iq') && (el.attrs.type === 'result' || el.attrs.type === 'error') && String(el.attrs.to ?? '').startsWith(`${PINGER_USER}@`)) {
        swallowed += 1;
        return;
      }
      return send(el);
    };
    const status = (action: string) => (c: { path: string; body: string }) => c.path === '/xmppservice/operatorstatus' && c.body === JSON.stringify({ action, user: sleeper, server: w.domain });
    await lhc.waitFor(status('connect'), 1, 15_000, 'connect');
    await lhc.waitFor(status('disconnect'), 1, 20_000, 'the unresponsive session reported disconnected');
    assert.ok(swallowed >= 1, 'the pinger asked and got no answer');
    assert.ok(!lhc.received.some((c) => c.path === '/ping' && c.body.includes(sleeper)), 'a session that did not answer is never reported as pinged');
    await eventually(async () => (await ejabberdApi<unknown[]>(w.ej.apiUrl, 'user_sessions_info', { user: sleeper, host: w.domain })).length === 0, 'ejabberd closing the unresponsive session');
  });
});
