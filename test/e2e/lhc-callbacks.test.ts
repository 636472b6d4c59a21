/**
 * LHC callbacks from real XMPP activity (e2e, real ejabberd with mod_ofgate, a real HTTP server
 * standing in for LHC's PHP): an operator's first login (connect), a second resource (nothing),
 * a message to an offline visitor (callback, and ejabberd still stores it), a message to an
 * online visitor, a non-operator's message (nothing), the last logout (disconnect); all in order,
 * all signed. Then an LHC outage (its length set by LHC_OUTAGE_MS, short by default): the tries
 * are refused and retried with back-off, and everything arrives, in order, once LHC is back.
 * Bridged rooms (the 2022 module's groupchat bridging): in a room with an LHC web operator's
 * MUC/Sub pseudo-user, an operator's join, groupchat message and leave arrive as presence,
 * groupchat and presence callbacks; in another room, nothing.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { verifyCallback } from '../../gateway/lhc/index.js';
import { eventually } from '../kit/eventually.js';
import { lhcCall, shimForwardsLhcEvents, startLhc, startStandInLhc, type LhcGateway, type ReceivedCallback, type StandInLhc } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const OUTAGE_MS = Number(process.env.LHC_OUTAGE_MS ?? 1500);
const CB_SECRET = 'callback-secret-for-tests';

describe('LHC bridge: callbacks (e2e)', function () {
  this.timeout(60_000 + OUTAGE_MS);
  let w: Stack;
  let g: LhcGateway;
  let lhc: StandInLhc;
  const group = unique('ops');
  const op = unique('remdex');
  const visitor = `visitor.${Date.now() % 100000}.chat`;
  const open: TestXmpp[] = [];

  const isStatus = (action: string) => (c: ReceivedCallback) => c.path === '/xmppservice/operatorstatus' && c.body === JSON.stringify({ action, user: op, server: w.domain });
  const isMessage = (text: string) => (c: ReceivedCallback) => c.path === '/xmppservice/processmessage' && new URLSearchParams(c.body).get('body') === text;
  const login = async (resource: string): Promise<TestXmpp> => {
    const x = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: op, password: 'op', resource });
    open.push(x);
    return x;
  };
  const say = (x: TestXmpp, text: string) => x.send(xml('message', { to: `${visitor}@${w.domain}`, type: 'chat' }, xml('body', {}, text)));

  before(async () => {
    w = await getWorld();
    lhc = await startStandInLhc();
    g = await startLhc(w, {
      'lhc.operatorsGroup': group,
      'lhc.messageUrl': `${lhc.url}/xmppservice/processmessage`,
      'lhc.statusUrl': `${lhc.url}/xmppservice/operatorstatus`,
      'lhc.callbackSecret': CB_SECRET,
      'lhc.retryBaseMs': 50,
      'lhc.retryMaxMs': 400,
    });
    await shimForwardsLhcEvents(w);
    const setup = await lhcCall(g, 'xmpp-setup-instance-roasters', { group, host: w.domain, name: 'Operators', desc: 'Operators', display_array: [group] }, w.secret);
    assert.equal(setup.json?.error, false, setup.text);
    assert.equal((await lhcCall(g, 'xmpp-register', { user: op, host: w.domain, password: 'op' }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: op, host: w.domain, group, grouphost: w.domain }, w.secret)).json?.error, false);
    assert.equal((await lhcCall(g, 'xmpp-register', { user: visitor, host: w.domain, password: 'v' }, w.secret)).json?.error, false);
  });
  after(async () => {
    for (const x of open) await x.stop().catch(() => undefined);
    await g?.stop();
    await lhc?.close();
    for (const user of [op, visitor]) await ejabberdApi(w.ej.apiUrl, 'unregister', { user, host: w.domain }).catch(() => undefined);
    await ejabberdApi(w.ej.apiUrl, 'srg_delete', { group, host: w.domain }).catch(() => undefined);
  });

  it('when an operator logs in twice, writes to an offline then an online visitor, and logs out twice, then LHC gets connect, both messages and one disconnect, in order, signed', async () => {
    const a = await login('desk');
    await lhc.waitFor(isStatus('connect'), 1, 15_000, 'connect');
    const b = await login('phone');
    await say(a, 'Hello there');
    await lhc.waitFor(isMessage('Hello there'), 1, 15_000, 'the message to the offline visitor');
    // the callback comes from user_send_packet, before routing: the offline store may follow it
    await eventually(async () => {
      const offline = await ejabberdApi<unknown>(w.ej.apiUrl, 'get_offline_count', { user: visitor, server: w.domain });
      return (typeof offline === 'number' ? offline : (offline as { value: number }).value) === 1;
    }, 'ejabberd storing the offline message too');

    const stranger = unique('stranger');
    await registerUser(w.ej.apiUrl, w.domain, stranger, 'pw');
    const s = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: stranger, password: 'pw' });
    open.push(s);
    await say(s, 'not from an operator');
    const v = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: visitor, password: 'v' });
    open.push(v);
    await say(b, 'Second line & more');
    await v.waitFor((el) => el.getChildText('body') === 'Second line & more', 10_000, 'the operator message at the visitor');
    await lhc.waitFor(isMessage('Second line & more'), 1, 15_000, 'the message to the online visitor');

    await b.stop();
    await a.stop();
    await lhc.waitFor(isStatus('disconnect'), 1, 15_000, 'disconnect');
    const mine = lhc.received.filter((c) => c.body.includes(op));
    assert.deepEqual(mine.map((c) => (c.path.endsWith('operatorstatus') ? JSON.parse(c.body).action : new URLSearchParams(c.body).get('body'))), ['connect', 'Hello there', 'Second line & more', 'disconnect']);
    assert.equal(mine[1]!.body, `body=Hello%20there&sender=${op}&receiver=${visitor}&server=${w.domain}&type=chat`);
    assert.equal(mine[1]!.contentType, 'application/x-www-form-urlencoded');
    assert.match(mine[0]!.contentType, /^application\/json/);
    for (const c of mine) assert.ok(verifyCallback(CB_SECRET, c.timestamp, c.body, c.signature), `signature of ${c.body}`);
    assert.ok(!lhc.received.some((c) => c.body.includes('not%20from%20an%20operator')), 'a non-operator\'s message is not forwarded');
    assert.ok(!verifyCallback('another-secret', mine[0]!.timestamp, mine[0]!.body, mine[0]!.signature));
  });

  it(`when LHC is down for ${OUTAGE_MS} ms, then the callbacks are retried with back-off and all arrive in order once it is back`, async () => {
    const before = lhc.received.length;
    lhc.down = true;
    lhc.refused = 0;
    const downSince = Date.now();
    const a = await login('outage');
    await say(a, 'during the outage 1');
    await say(a, 'during the outage 2');
    await a.stop();
    await eventually(() => lhc.refused >= 3 && Date.now() - downSince >= OUTAGE_MS, `an outage of ${OUTAGE_MS} ms with retries`, OUTAGE_MS + 20_000);
    assert.ok(g.gateway && lhc.received.length === before, 'nothing was accepted while down');
    lhc.down = false;
    await lhc.waitFor(isStatus('disconnect'), 2, 20_000, 'the outage\'s disconnect');
    const got = lhc.received.slice(before).filter((c) => c.body.includes(op));
    assert.deepEqual(got.map((c) => (c.path.endsWith('operatorstatus') ? JSON.parse(c.body).action : new URLSearchParams(c.body).get('body'))), ['connect', 'during the outage 1', 'during the outage 2', 'disconnect']);
    for (const c of got) assert.ok(verifyCallback(CB_SECRET, c.timestamp, c.body, c.signature));
  });

  it('when an operator joins a room bridged to LHC (a *.operator MUC/Sub subscriber), writes in it and leaves, then LHC gets presence available, the groupchat message and presence unavailable; in a room not bridged, nothing', async () => {
    const service = `conference.${w.domain}`;
    const bridged = unique('lhcroom');
    const plain = unique('plainroom');
    const pseudo = `${unique('jane')}.doe.operator`;
    await registerUser(w.ej.apiUrl, w.domain, pseudo, 'pw');
    for (const name of [bridged, plain]) await ejabberdApi(w.ej.apiUrl, 'create_room_with_opts', { name, service, host: w.domain, options: [{ name: 'allow_subscription', value: 'true' }] });
    await ejabberdApi(w.ej.apiUrl, 'subscribe_room', { user: `${pseudo}@${w.domain}/lhc`, nick: 'Jane Doe', room: `${bridged}@${service}`, nodes: 'urn:xmpp:mucsub:nodes:messages,urn:xmpp:mucsub:nodes:presence' });
    const before = lhc.received.length;
    const a = await login('rooms');
    const enter = async (room: string): Promise<void> => {
      await a.send(xml('presence', { to: `${room}@${service}/Op` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
      await a.waitFor((el) => el.is('presence') && el.attrs.from === `${room}@${service}/Op`, 10_000, `joined ${room}`);
    };
    const write = (room: string, text: string) => a.send(xml('message', { to: `${room}@${service}`, type: 'groupchat' }, xml('body', {}, text)));
    await enter(plain);
    await write(plain, 'in a plain room');
    await enter(bridged);
    await write(bridged, 'Hello group');
    await a.send(xml('presence', { to: `${bridged}@${service}/Op`, type: 'unavailable' }));
    const isRoom = (c: ReceivedCallback) => c.path === '/xmppservice/processmessage' && new URLSearchParams(c.body).get('receiver') === bridged;
    await lhc.waitFor(isRoom, 3, 15_000, 'the bridged room\'s three callbacks');
    await a.stop();
    await lhc.waitFor(isStatus('disconnect'), 3, 15_000, 'the disconnect after the rooms');
    const mine = lhc.received.slice(before).filter((c) => c.path === '/xmppservice/processmessage');
    assert.deepEqual(mine.map((c) => c.body), [
      `status=available&sender=${op}&receiver=${bridged}&server=${w.domain}&type=presence`,
      `body=Hello%20group&sender=${op}&receiver=${bridged}&server=${w.domain}&type=groupchat`,
      `status=unavailable&sender=${op}&receiver=${bridged}&server=${w.domain}&type=presence`,
    ]);
    for (const c of mine) assert.ok(verifyCallback(CB_SECRET, c.timestamp, c.body, c.signature));
    await ejabberdApi(w.ej.apiUrl, 'unregister', { user: pseudo, host: w.domain }).catch(() => undefined);
  });
});
