/**
 * LHC's node-server API on ofgate (e2e, real ejabberd): every route called as LHC's PHP calls it
 * (JSON with secret_key merged in, `\/` escapes, multi-line status, dotted visitor names in
 * automated-hosting form), checked in ejabberd itself, and a visitor's message reaching the
 * operator's plain XMPP client. Also the answers to a wrong secret, missing fields, a body that
 * is not JSON and a body over the limit.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { eventually } from '../kit/eventually.js';
import { accountExists, groupExists, groupMembers, lhcCall, lhcRaw, startLhc, type LhcGateway } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('LHC bridge: node-server API (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: LhcGateway;
  let operator: TestXmpp | undefined;
  const inst = unique('demo-');
  const visitors = `visitors.${inst}`;
  const operators = `operators.${inst}`;
  const opName = unique('remdex').concat('.', inst);
  const visitorName = `visitor.${Date.now() % 100000}.${inst}`;
  const chatName = `visitor.${Date.now() % 100000}.chat.${inst}`;

  before(async () => {
    w = await getWorld();
    g = await startLhc(w, { 'lhc.maxBodyBytes': 2048 });
  });
  after(async () => {
    await operator?.stop();
    await g?.stop();
  });

  it('when LHC checks health, then GET /lhc/ answers ok', async () => {
    const res = await request(g.url).get('/lhc/');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'ok');
  });

  it('when an instance is set up, then visitors.<inst> displays nothing, operators.<inst> displays both, and both exist (the display field is ignored)', async () => {
    const v = await lhcCall(g, 'xmpp-setup-instance-roasters', { group: visitors, host: w.domain, name: 'Visitors', desc: 'Visitors', display: '"; touch /tmp/pwned; "', display_array: [] }, w.secret);
    assert.deepEqual(v.json?.error, false, v.text);
    const o = await lhcCall(g, 'xmpp-setup-instance-roasters', { group: operators, host: w.domain, name: 'Operators', desc: 'Operators', display: '$(id)', display_array: [operators, visitors] }, w.secret);
    assert.deepEqual(o.json?.error, false, o.text);
    const info = await ejabberdApi<Array<{ key: string; value: string }>>(w.ej.apiUrl, 'srg_get_info', { group: operators, host: w.domain });
    const displayed = info.find((i) => i.key === 'displayed_groups')?.value ?? '';
    assert.match(displayed, new RegExp(operators.replace(/\./g, '\\.')));
    assert.match(displayed, new RegExp(visitors.replace(/\./g, '\\.')));
    const vInfo = await ejabberdApi<Array<{ key: string; value: string }>>(w.ej.apiUrl, 'srg_get_info', { group: visitors, host: w.domain });
    assert.ok(!vInfo.some((i) => i.key === 'displayed_groups' && i.value !== '' && i.value !== '[]'), JSON.stringify(vInfo));
    const exists = await lhcCall(g, 'xmpp-does-shared-roaster-exists', { group: operators, host: w.domain }, w.secret);
    assert.equal(exists.json?.error, false, exists.text);
    const missing = await lhcCall(g, 'xmpp-does-shared-roaster-exists', { group: `nosuch.${inst}`, host: w.domain }, w.secret);
    assert.equal(missing.json?.error, true, missing.text);
  });

  it('when an operator is registered and assigned, then the account exists in operators.<inst> with that password', async () => {
    const r = await lhcCall(g, 'xmpp-register', { user: opName, host: w.domain, password: 'op-pass' }, w.secret);
    assert.equal(r.json?.error, false, r.text);
    const again = await lhcCall(g, 'xmpp-register', { user: opName, host: w.domain, password: 'op-pass' }, w.secret);
    assert.equal(again.json?.error, true, again.text);
    const a = await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: opName, host: w.domain, group: operators, grouphost: w.domain }, w.secret);
    assert.equal(a.json?.error, false, a.text);
    assert.ok((await groupMembers(w, operators, w.domain)).includes(`${opName}@${w.domain}`));
    const c = await lhcCall(g, 'xmpp-change-password', { user: opName, host: w.domain, password: 'op-pass-2' }, w.secret);
    assert.equal(c.json?.error, false, c.text);
    assert.equal(await ejabberdApi<number>(w.ej.apiUrl, 'check_password', { user: opName, host: w.domain, password: 'op-pass-2' }), 0);
  });

  it('when an online visitor is registered, then its account is in visitors.<inst> and its stream shows the multi-line status', async () => {
    const status = 'Department: Sales\n| Lithuania (Vilnius)\n| https://shop.example.com/page?a=1&b=2\n| Time zone: Europe/Vilnius';
    const r = await lhcCall(g, 'xmpp-register-online-visitor', { user: visitorName, host: w.domain, password: 'v-pass', group: visitors, hostlogin: w.domain, nick: 'Online visitor', status }, w.secret);
    assert.equal(r.json?.error, false, r.text);
    assert.ok(await accountExists(w, visitorName, w.domain));
    assert.ok((await groupMembers(w, visitors, w.domain)).includes(`${visitorName}@${w.domain}`));
    const seen = await lhcCall(g, 'xmpp', { jid: `${visitorName}@${w.domain}`, pass: 'v-pass', host: w.domain, nick: 'Ann #12', status }, w.secret);
    assert.equal(seen.status, 200);
    assert.equal(seen.text, 'ok');
    await eventually(async () => {
      const p = await ejabberdApi<{ status: string }>(w.ej.apiUrl, 'get_presence', { user: visitorName, server: w.domain });
      return p.status === status;
    }, 'the visitor presence with the multi-line status');
  });

  it('when a visitor (chat account) writes to the operator, then the operator\'s plain XMPP client receives it', async () => {
    operator = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: opName, password: 'op-pass-2' });
    const made = await lhcCall(g, 'xmpp-register', { user: chatName, host: w.domain, password: 'c-pass' }, w.secret);
    assert.equal(made.json?.error, false, made.text);
    const body = 'Hello, I need help with order #5 <b>&amp;</b>\nsecond line';
    const res = await lhcCall(g, 'xmpp-send-message', { jid: `${chatName}@${w.domain}`, pass: 'c-pass', host: w.domain, operator_username: `${opName}@${w.domain}`, message: body, nick: 'Ann #5', status: 'Pending chat' }, w.secret);
    assert.equal(res.text, 'ok');
    const got = await operator.waitFor((el) => el.is('message') && el.getChildText('body') === body, 15_000, 'the visitor message');
    assert.match(String(got.attrs.from), new RegExp(`^${chatName.replace(/\./g, '\\.')}@`));
  });

  it('when the secret is wrong or missing, then 403 and nothing happens', async () => {
    const name = `visitor.9${unique('')}`;
    const wrong = await lhcCall(g, 'xmpp-register', { user: name, host: w.domain, password: 'p' }, `${w.secret}x`);
    assert.equal(wrong.status, 403);
    assert.equal(wrong.json?.error, true);
    const none = await lhcCall(g, 'xmpp-register', { user: name, host: w.domain, password: 'p' }, undefined);
    assert.equal(none.status, 403);
    const asNumber = await lhcRaw(g, 'xmpp-register', JSON.stringify({ user: name, host: w.domain, password: 'p', secret_key: 12 }));
    assert.equal(asNumber.status, 403);
    assert.equal(await accountExists(w, name, w.domain), false);
  });

  it('when fields are missing, then {"error":true,"msg":"Invalid arguments"} (200), also for unregister', async () => {
    for (const route of ['xmpp-register', 'xmpp-unregister', 'xmpp-register-online-visitor', 'xmpp-assign-user-to-roaster', 'xmpp-setup-instance-roasters', 'xmpp-does-shared-roaster-exists', 'xmpp-send-message']) {
      const r = await lhcCall(g, route, { host: w.domain }, w.secret);
      assert.equal(r.status, 200, route);
      assert.deepEqual(r.json, { error: true, msg: 'Invalid arguments' }, route);
    }
    const xmppMissing = await lhcCall(g, 'xmpp', { pass: 'x' }, w.secret);
    assert.deepEqual(xmppMissing.json, { error: true, msg: 'Invalid arguments' });
  });

  it('when the body is not a JSON object or too big, then 400 / 413 in the {error,msg} shape', async () => {
    for (const text of ['not json', '<xml/>', '[1,2]', '"str"', '']) {
      const r = await lhcRaw(g, 'xmpp-register', text);
      assert.equal(r.status, 400, text);
      assert.equal(r.json?.error, true, text);
    }
    const big = await lhcCall(g, 'xmpp-register', { user: 'visitor.1', host: w.domain, password: 'x'.repeat(4000) }, w.secret);
    assert.equal(big.status, 413);
    assert.equal(big.json?.error, true);
  });

  it('when the operator leaves the group, the visitor is unregistered and the instance deleted, then ejabberd has none of them', async () => {
    const d = await lhcCall(g, 'xmpp-delete-user-from-roaster', { user: opName, host: w.domain, group: operators, grouphost: w.domain }, w.secret);
    assert.equal(d.json?.error, false, d.text);
    assert.ok(!(await groupMembers(w, operators, w.domain)).includes(`${opName}@${w.domain}`));
    for (const user of [visitorName, chatName, opName]) {
      const u = await lhcCall(g, 'xmpp-unregister', { user, host: w.domain }, w.secret);
      assert.equal(u.json?.error, false, u.text);
      assert.equal(await accountExists(w, user, w.domain), false, user);
    }
    const gone = await lhcCall(g, 'xmpp-unregister', { user: visitorName, host: w.domain }, w.secret);
    assert.equal(gone.json?.error, true, gone.text);
    for (const group of [visitors, operators]) {
      const r = await lhcCall(g, 'xmpp-delete-instance-roasters', { group, host: w.domain }, w.secret);
      assert.equal(r.json?.error, false, r.text);
      assert.equal(await groupExists(w, group, w.domain), false);
    }
  });
});
