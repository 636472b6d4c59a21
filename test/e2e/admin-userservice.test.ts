/**
 * The legacy userservice end to end: ?secret= authentication, always 200 text/xml, each type's
 * effect checked in ejabberd (check_account, check_password, get_vcard, get_roster,
 * srg_get_members).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

describe('admin REST: legacy userservice', function () {
  let world: Stack;
  const api = <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world.ej.apiUrl, command, args);
  const exists = async (user: string) => (await api('check_account', { user, host: world.domain })) === 0;
  const jid = (user: string) => `${user}@${world.domain}`;
  /** Calls userservice under `base` and returns the body, checking it is a 200 text/xml answer. */
  const call = async (params: Record<string, string>, base = '/plugins/restapi/v1'): Promise<string> => {
    const res = await request(world.url).get(`${base}/userservice`).query({ secret: world.secret, ...params }).expect(200).expect('Content-Type', /^text\/xml/);
    return res.text;
  };
  const srgMembers = (group: string) => api<string[]>('srg_get_members', { group, host: world.domain });

  before(async () => {
    world = await getWorld();
  });

  it('when the secret is missing or wrong, then 200 <error>RequestNotAuthorised</error> and nothing happens', async () => {
    const username = unique('us');
    for (const secret of [undefined, 'wrong']) {
      const res = await request(world.url).get('/restapi/v1/userservice').query({ type: 'add', username, password: 'pw', ...(secret ? { secret } : {}) }).expect(200);
      assert.equal(res.text, '<error>RequestNotAuthorised</error>');
    }
    assert.equal(await exists(username), false);
  });

  it('when a user is added with name, email and groups, then ejabberd has the account, vCard and memberships', async () => {
    const username = unique('us');
    const group = unique('usg');
    assert.equal(await call({ type: 'add', username, password: 'pw', name: 'Zoë "Q" <&>', email: 'z@example.org', groups: `${group},` }), '<result>ok</result>');
    assert.equal(await exists(username), true);
    assert.equal((await api('check_password', { user: username, host: world.domain, password: 'pw' })), 0);
    assert.deepEqual(await api('get_vcard', { user: username, host: world.domain, name: 'FN' }), { content: 'Zoë "Q" <&>' });
    assert.deepEqual(await srgMembers(group), [jid(username)]);
    assert.equal(await call({ type: 'add', username, password: 'pw' }), '<error>UserAlreadyExistsException</error>');
  });

  it('when add has no username or no password, then <error>IllegalArgumentException</error>', async () => {
    assert.equal(await call({ type: 'add', password: 'pw' }), '<error>IllegalArgumentException</error>');
    const username = unique('us');
    assert.equal(await call({ type: 'add', username }), '<error>IllegalArgumentException</error>');
    assert.equal(await exists(username), false);
  });

  it('when a user is updated, then the password changes and its groups become exactly the given ones', async () => {
    const username = unique('us');
    const [g1, g2] = [unique('usg'), unique('usg')];
    await call({ type: 'add', username, password: 'pw', groups: g1 });
    assert.equal(await call({ type: 'update', username, password: 'pw2', groups: g2 }, '/rest/api/restapi/v1'), '<result>ok</result>');
    assert.equal(await api('check_password', { user: username, host: world.domain, password: 'pw2' }), 0);
    assert.deepEqual(await srgMembers(g1), []);
    assert.deepEqual(await srgMembers(g2), [jid(username)]);
    assert.equal(await call({ type: 'update', username: unique('ghost'), password: 'x' }), '<error>UserNotFoundException</error>');
  });

  it('when roster items are added, updated and deleted, then get_roster follows; bad input is IllegalArgumentException', async () => {
    const [u, c] = [unique('us'), unique('us')];
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    await registerUser(world.ej.apiUrl, world.domain, c, 'pw');
    assert.equal(await call({ type: 'add_roster', username: u, item_jid: jid(c), name: 'Cee & co', subscription: '3', groups: 'A,B' }), '<result>ok</result>');
    const rows = () => api<Array<{ nick: string; subscription: string; group: string }>>('get_roster', { user: u, host: world.domain });
    assert.deepEqual((await rows()).map((r) => [r.nick, r.subscription, r.group]).sort(), [['Cee & co', 'both', 'A'], ['Cee & co', 'both', 'B']]);
    assert.equal(await call({ type: 'add_roster', username: u, item_jid: jid(c) }), '<error>UserAlreadyExistsException</error>');
    assert.equal(await call({ type: 'update_roster', username: u, item_jid: jid(c), name: 'Cee', subscription: '1' }), '<result>ok</result>');
    assert.deepEqual((await rows()).map((r) => [r.nick, r.subscription, r.group]), [['Cee', 'to', '']]);
    assert.equal(await call({ type: 'update_roster', username: u, item_jid: jid(unique('x')) }), '<error>UserNotFoundException</error>');
    assert.equal(await call({ type: 'add_roster', username: u, item_jid: jid(c), subscription: '9' }), '<error>IllegalArgumentException</error>');
    assert.equal(await call({ type: 'add_roster', username: u }), '<error>IllegalArgumentException</error>');
    assert.equal(await call({ type: 'delete_roster', username: u, item_jid: jid(c) }), '<result>ok</result>');
    assert.deepEqual(await rows(), []);
    assert.equal(await call({ type: 'delete_roster', username: u, item_jid: jid(c) }), '<result>ok</result>', 'nothing to delete is no error');
  });

  it('when groups are listed, then grouplist has every group and usergrouplist the user\'s, with names escaped', async () => {
    const username = unique('us');
    const group = `${unique('ug')} <&>`;
    await call({ type: 'add', username, password: 'pw', groups: group });
    assert.match(await call({ type: 'grouplist' }), new RegExp(`^<result>.*<groupname>${group.replace('<&>', '&lt;&amp;&gt;')}</groupname>.*</result>$`));
    assert.equal(await call({ type: 'usergrouplist', username }), `<result><groupname>${group.replace('<&>', '&lt;&amp;&gt;')}</groupname></result>`);
    assert.equal(await call({ type: 'usergrouplist', username: unique('ghost') }), '<error>UserNotFoundException</error>');
  });

  it('when a user is deleted, then ejabberd no longer has it; an unknown user is UserNotFoundException', async () => {
    const username = unique('us');
    await call({ type: 'add', username, password: 'pw' });
    assert.equal(await call({ type: 'delete', username }), '<result>ok</result>');
    assert.equal(await exists(username), false);
    assert.equal(await call({ type: 'delete', username }), '<error>UserNotFoundException</error>');
  });

  it('when the parameters come form-encoded in a POST, then they are used; the user name is trimmed, lower-cased and JID-escaped', async () => {
    const username = unique('Us');
    const res = await request(world.url).post(`/plugins/restapi/v1/userservice?secret=${encodeURIComponent(world.secret)}`)
      .type('form').send({ type: 'add', username: ` ${username} x `, password: 'pw' }).expect(200).expect('Content-Type', /^text\/xml/);
    assert.equal(res.text, '<result>ok</result>');
    assert.equal(await exists(`${username.toLowerCase()}\\20x`), true);
  });

  it('when a user is disabled and enabled, then it cannot log in and then can again with the old password', async function () {
    if (!world.shimLoaded) this.skip(); // lockouts are mod_ofgate commands
    const username = unique('us');
    await call({ type: 'add', username, password: 'pw' });
    const login = () => connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password: 'pw', presence: false });
    assert.equal(await call({ type: 'disable', username }), '<result>ok</result>');
    await assert.rejects(login());
    assert.equal(await call({ type: 'enable', username }), '<result>ok</result>');
    await (await login()).stop();
  });

  it('when the type is unknown, then <error>IllegalArgumentException</error>', async () => {
    assert.equal(await call({ type: 'explode', username: unique('us') }), '<error>IllegalArgumentException</error>');
  });
});
