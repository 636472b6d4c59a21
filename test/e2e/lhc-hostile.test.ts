/**
 * The LHC node API under hostile input (e2e, real ejabberd): names with quotes, `;`, `$(…)`,
 * backticks, newlines, `/`, `@`, spaces and non-ASCII, a `jid` or `host` of another host, wrong
 * types and extra fields. Each is answered in the API's own shape ({"error":true,…}), never a
 * crash or a shell, and ejabberd's accounts and shared roster groups are unchanged after. A
 * register-online-visitor whose group step fails leaves no account behind.
 */
import assert from 'node:assert/strict';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { accountExists, allGroups, allUsers, lhcCall, startLhc, type LhcGateway } from '../kit/lhc-kit.js';
import { unique } from '../kit/unique.js';

const HOSTILE = ["visitor.1'x", 'visitor.1"x', 'visitor.1;id', 'visitor.1$(id)', 'visitor.1`id`', 'visitor.1\nid', 'visitor.1/x', 'visitor.1@x', 'visitor 1', 'visitör.1', '-rf', '../etc', '', 'a'.repeat(300)];

describe('LHC bridge: hostile input (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: LhcGateway;

  before(async () => {
    w = await getWorld();
    g = await startLhc(w);
  });
  after(async () => {
    await g?.stop();
  });

  const invalid = (r: { status: number; json: unknown; text: string }, what: string): void => {
    assert.equal(r.status, 200, `${what}: ${r.text}`);
    assert.deepEqual(r.json, { error: true, msg: 'Invalid arguments' }, what);
  };

  it('when names carry shell, JID or non-ASCII characters, then every route answers Invalid arguments and ejabberd is unchanged', async () => {
    const usersBefore = await allUsers(w, w.domain);
    const groupsBefore = await allGroups(w, w.domain);
    for (const bad of HOSTILE) {
      invalid(await lhcCall(g, 'xmpp-register', { user: bad, host: w.domain, password: 'p' }, w.secret), `register ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-register-online-visitor', { user: bad, host: w.domain, password: 'p', group: 'visitors', hostlogin: w.domain }, w.secret), `online visitor ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-setup-instance-roasters', { group: bad, host: w.domain, name: 'n', desc: 'd', display_array: [] }, w.secret), `setup ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-setup-instance-roasters', { group: unique('g'), host: w.domain, name: 'n', desc: 'd', display_array: [bad] }, w.secret), `display_array ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-assign-user-to-roaster', { user: 'admin', host: w.domain, group: bad, grouphost: w.domain }, w.secret), `assign ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-unregister', { user: bad, host: w.domain }, w.secret), `unregister ${JSON.stringify(bad)}`);
      invalid(await lhcCall(g, 'xmpp-change-password', { user: 'admin', host: w.domain, password: `${bad}\n` }, w.secret), `password with a newline ${JSON.stringify(bad)}`);
    }
    // the world's ejabberd is shared: other files' visitors may expire meanwhile, so "unchanged" is
    // nothing added, and nothing removed that a hostile name could have named
    const reachable = new Set(HOSTILE.flatMap((b) => b.toLowerCase().split(/['"; $`\n/@()]+/)).filter((p) => p !== ''));
    const changed = (before: readonly string[], after: readonly string[]) => ({
      added: after.filter((x) => !before.includes(x)),
      removedReachable: before.filter((x) => !after.includes(x) && reachable.has(x.toLowerCase())),
    });
    assert.deepEqual(changed(usersBefore, await allUsers(w, w.domain)), { added: [], removedReachable: [] }, 'accounts');
    assert.deepEqual(changed(groupsBefore, await allGroups(w, w.domain)), { added: [], removedReachable: [] }, 'groups');
    assert.ok(await accountExists(w, 'admin', w.domain), 'the account the hostile passwords were aimed at is still there');
  });

  it('when a host or jid names another host, wrong types or nested objects are sent, then Invalid arguments', async () => {
    invalid(await lhcCall(g, 'xmpp-register', { user: 'visitor.77', host: 'evil.example.org', password: 'p' }, w.secret), 'other host');
    invalid(await lhcCall(g, 'xmpp', { jid: 'visitor.77@evil.example.org', pass: 'p', host: w.domain }, w.secret), 'jid of another host');
    invalid(await lhcCall(g, 'xmpp-send-message', { jid: `visitor.77@${w.domain}`, pass: 'p', host: w.domain, operator_username: 'x@y/z"', message: 'm' }, w.secret), 'operator with a resource and quote');
    invalid(await lhcCall(g, 'xmpp-register', { user: ['visitor.1'], host: w.domain, password: 'p' }, w.secret), 'array user');
    invalid(await lhcCall(g, 'xmpp-register', { user: { $ne: 1 }, host: w.domain, password: 'p' }, w.secret), 'object user');
    invalid(await lhcCall(g, 'xmpp-register', { user: 'visitor.1', host: w.domain, password: 12345 }, w.secret), 'numeric password');
    invalid(await lhcCall(g, 'xmpp-setup-instance-roasters', { group: unique('g'), host: w.domain, name: 'n', desc: 'd', display_array: 'operators' }, w.secret), 'display_array not a list');
 
    // a control character XML cannot carry: refused at the HTTP boundary (400), before the route
    const bell = await lhcCall(g, 'xmpp', { jid: `visitor.77@${w.domain}`, pass: 'p', host: w.domain, status: 'ring\u0007' }, w.secret);
    assert.equal(bell.status, 400, bell.text);
  });

  it('when register-online-visitor cannot add the account to its group, then error:true and no account is left', async () => {
    const name = `visitor.${Date.now() % 100000}.${unique('x')}`;
    const r = await lhcCall(g, 'xmpp-register-online-visitor', { user: name, host: w.domain, password: 'p', group: unique('nosuchgroup'), hostlogin: w.domain }, w.secret);
    assert.equal(r.status, 200);
    assert.equal(r.json?.error, true, r.text);
    assert.equal(await accountExists(w, name, w.domain), false);
  });

  it('when extra fields come along, then they are ignored and the call works', async () => {
    const name = `visitor.${Date.now() % 100000}.${unique('e')}`;
    const r = await lhcCall(g, 'xmpp-register', { user: name, host: w.domain, password: 'p', extra: '$(reboot)', display: '`id`' }, w.secret);
    assert.equal(r.json?.error, false, r.text);
    assert.ok(await accountExists(w, name, w.domain));
    assert.equal((await lhcCall(g, 'xmpp-unregister', { user: name, host: w.domain }, w.secret)).json?.error, false);
  });
});
