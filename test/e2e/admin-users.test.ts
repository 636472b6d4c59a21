/**
 * users and users/{username} end to end: HTTP → ofgate → ejabberd 23.01, effects checked in
 * ejabberd itself (check_account, check_password, get_vcard, get_roster, srg_get_members).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const TRICKY = 'Zoë "Q" <&> \'x\'';

describe('admin REST: users', function () {
  let world: Stack;
  const api = (command: string, args: Record<string, unknown>) => ejabberdApi(world.ej.apiUrl, command, args);
  const exists = async (user: string) => (await api('check_account', { user, host: world.domain })) === 0;
  const passwordOk = async (user: string, password: string) => (await api('check_password', { user, host: world.domain, password })) === 0;
  const vcard = async (user: string, name: string, subname?: string) =>
    ((subname ? await api('get_vcard2', { user, host: world.domain, name, subname }) : await api('get_vcard', { user, host: world.domain, name })) as { content: string }).content;
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const http = () => request(world.url);
  const create = (body: Record<string, unknown>) => json(http().post('/plugins/restapi/v1/users')).send(body);

  before(async () => {
    world = await getWorld();
  });

  it('when a user is created with name, email and properties, then ejabberd has the account, password and vCard, and GET returns them', async () => {
    const username = unique('u');
    await create({ username, password: 'pw1', name: 'Ann Lee', email: 'ann@example.org', properties: [{ key: 'dept', value: 'sales' }] }).expect(201);
    assert.equal(await exists(username), true);
    assert.equal(await passwordOk(username, 'pw1'), true);
    assert.equal(await vcard(username, 'FN'), 'Ann Lee');
    assert.equal(await vcard(username, 'EMAIL', 'USERID'), 'ann@example.org');
    const res = await json(http().get(`/plugins/restapi/v1/users/${username}`)).expect(200);
    assert.deepEqual(res.body, { username, name: 'Ann Lee', email: 'ann@example.org', properties: [{ key: 'dept', value: 'sales' }] });
  });

  it('when the user name has capitals, then it is stored lower-cased', async () => {
    const username = unique('Up');
    await create({ username, password: 'pw' }).expect(201);
    assert.equal(await exists(username.toLowerCase()), true);
    await json(http().get(`/plugins/restapi/v1/users/${username}`)).expect(200, { username: username.toLowerCase(), name: '', properties: [] });
  });

  it('when a user is created twice, then the second answer is 409 UserAlreadyExistsException', async () => {
    const username = unique('u');
    await create({ username, password: 'pw' }).expect(201);
    const res = await create({ username, password: 'other' }).expect(409);
    assert.equal(res.body.exception, 'UserAlreadyExistsException');
    assert.equal(await passwordOk(username, 'pw'), true);
  });

  it('when password or username is missing, then 400 PasswordIsNull / IllegalArgumentException and nothing is created', async () => {
    const username = unique('u');
    assert.equal((await create({ username }).expect(400)).body.exception, 'PasswordIsNull');
    assert.equal((await create({ username, password: null }).expect(400)).body.exception, 'PasswordIsNull');
    assert.equal((await create({ password: 'pw' }).expect(400)).body.exception, 'IllegalArgumentException');
    assert.equal((await create({ username: 'a b<c', password: 'pw' }).expect(400)).body.exception, 'IllegalArgumentException');
    assert.equal(await exists(username), false);
  });

  it('when an unknown user is read, updated or deleted, then 404 UserNotFoundException in both error dialects', async () => {
    const ghost = unique('ghost');
    const modern = await json(http().get(`/plugins/restapi/v1/users/${ghost}`)).expect(404);
    assert.deepEqual(modern.body, { resource: ghost, message: 'Could not get user', exception: 'UserNotFoundException' });
    const ofchat = await json(http().get(`/rest/api/restapi/v1/users/${ghost}`)).expect(404);
    assert.deepEqual(ofchat.body, { ressource: ghost, message: 'Could not get user', exception: 'UserNotFoundException' });
    assert.equal((await json(http().put(`/restapi/v1/users/${ghost}`)).send({ name: 'x' }).expect(404)).body.exception, 'UserNotFoundException');
    assert.equal((await json(http().delete(`/restapi/v1/users/${ghost}`)).expect(404)).body.exception, 'UserNotFoundException');
  });

  it('when users are listed with search, then one match is an array under /plugins and a single object under ofchat paths', async () => {
    const username = unique('srch');
    await create({ username, password: 'pw', properties: [{ key: 'k', value: 'v' }] }).expect(201);
    const modern = await json(http().get('/plugins/restapi/v1/users').query({ search: username })).expect(200);
    assert.deepEqual(modern.body, { users: [{ username, name: '', properties: [{ key: 'k', value: 'v' }] }] });
    const ofchat = await json(http().get('/rest/api/restapi/v1/users').query({ search: username })).expect(200);
    assert.deepEqual(ofchat.body, { user: { username, name: '', properties: { property: { '@key': 'k', '@value': 'v' } } } });
    // case-sensitive, as the plugin's username.contains(search)
    assert.deepEqual((await json(http().get('/rest/api/restapi/v1/users').query({ search: username.toUpperCase() })).expect(200)).body, {});
    const none = await json(http().get('/restapi/v1/users').query({ search: unique('nobody') })).expect(200);
    assert.deepEqual(none.body, {});
  });

  it('when users are filtered by property key and value, then only users with that property (and value) are listed', async () => {
    const key = unique('pk');
    const [a, b, c] = [unique('pa'), unique('pb'), unique('pc')];
    await create({ username: a, password: 'pw', properties: [{ key, value: 'red' }] }).expect(201);
    await create({ username: b, password: 'pw', properties: [{ key, value: 'blue' }] }).expect(201);
    await create({ username: c, password: 'pw' }).expect(201);
    const names = async (query: Record<string, string>) =>
      ((await json(http().get('/plugins/restapi/v1/users').query(query)).expect(200)).body.users as Array<{ username: string }>).map((u) => u.username);
    assert.deepEqual(await names({ propertyKey: key }), [a, b].sort());
    assert.deepEqual(await names({ propertyKey: key, propertyValue: 'blue' }), [b]);
    assert.ok((await names({ propertyValue: 'blue', search: c })).includes(c), 'propertyValue without a key is ignored');
  });

  it('when names, emails and properties hold <, &, quotes and non-ASCII, then they round-trip intact in XML and JSON', async () => {
    const username = unique('x');
    const xmlBody =
      '<?xml version="1.0" encoding="UTF-8"?><user><username>' + username + '</username><password>pw</password>' +
      '<name>Zoë "Q" &lt;&amp;&gt; \'x\'</name><email>z&amp;q@example.org</email>' +
      '<properties><property key="k&lt;1&gt;" value="Zoë &quot;Q&quot; &lt;&amp;&gt;"/></properties></user>';
    await http().post('/restapi/v1/users').set('Authorization', world.secret).set('Content-Type', 'application/xml').send(xmlBody).expect(201);
    assert.equal(await vcard(username, 'FN'), TRICKY);
    const asJson = await json(http().get(`/plugins/restapi/v1/users/${username}`)).expect(200);
    assert.deepEqual(asJson.body, { username, name: TRICKY, email: 'z&q@example.org', properties: [{ key: 'k<1>', value: 'Zoë "Q" <&>' }] });
    assert.ok(!asJson.text.includes('<'), 'JSON escapes < for HTML pages');
    const asXml = await http().get(`/restapi/v1/users/${username}`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(asXml.text, /<name>Zoë "Q" &lt;&amp;&gt; 'x'<\/name>/);
    assert.match(asXml.text, /<property key="k&lt;1&gt;" value="Zoë &quot;Q&quot; &lt;&amp;&gt;"\/>/);

    const other = unique('x');
    await create({ username: other, password: 'pw', name: TRICKY, properties: [{ key: 'k', value: TRICKY }] }).expect(201);
    const back = await json(http().get(`/rest/api/restapi/v1/users/${other}`)).expect(200);
    assert.deepEqual(back.body, { username: other, name: TRICKY, properties: { property: { '@key': 'k', '@value': TRICKY } } });
  });

  it('when a user is updated with "password": null and "email": null or false, then password and email are kept and the rest changes', async () => {
    const username = unique('u');
    await create({ username, password: 'pw1', name: 'Old', email: 'old@example.org', properties: [{ key: 'a', value: '1' }] }).expect(201);
    await json(http().put(`/plugins/restapi/v1/users/${username}`)).send({ username, password: null, email: null, name: 'New' }).expect(200);
    await json(http().put(`/rest/api/restapi/v1/users/${username}`)).send({ email: false, properties: { property: [{ '@key': 'b', '@value': '2' }] } }).expect(200);
    assert.equal(await passwordOk(username, 'pw1'), true);
    const res = await json(http().get(`/plugins/restapi/v1/users/${username}`)).expect(200);
    assert.deepEqual(res.body, { username, name: 'New', email: 'old@example.org', properties: [{ key: 'b', value: '2' }] });
  });

  it('when a user is updated with a password, then only the new password logs in', async () => {
    const username = unique('u');
    await create({ username, password: 'pw1' }).expect(201);
    await json(http().put(`/plugins/restapi/v1/users/${username}`)).send({ password: 'pw2' }).expect(200);
    assert.equal(await passwordOk(username, 'pw2'), true);
    assert.equal(await passwordOk(username, 'pw1'), false);
  });

  it('when a different username is put without a password, then 501 explains why and nothing changes', async () => {
    const username = unique('u');
    const renamed = unique('r');
    await create({ username, password: 'pw' }).expect(201);
    const res = await json(http().put(`/plugins/restapi/v1/users/${username}`)).send({ username: renamed }).expect(501);
    assert.equal(res.body.exception, 'NotImplementedException');
    assert.match(res.body.message, /password.*ejabberd 23\.01 has no API command/);
    assert.equal(await exists(username), true);
    assert.equal(await exists(renamed), false);
  });

  it('when a user is renamed with a password, then the new account has its roster, vCard, properties and groups and the old one is gone', async () => {
    const [old, renamed, friend, mate] = [unique('old'), unique('new'), unique('fr'), unique('mate')];
    const group = unique('g');
    await create({ username: old, password: 'pw', name: TRICKY, email: 'o@example.org', properties: [{ key: 'k', value: 'v' }] }).expect(201);
    await create({ username: friend, password: 'pw' }).expect(201);
    await create({ username: mate, password: 'pw' }).expect(201);
    await json(http().post(`/plugins/restapi/v1/users/${old}/roster`)).send({ jid: `${friend}@${world.domain}`, nickname: 'Fr', subscriptionType: 3, groups: ['Pals'] }).expect(201);
    await json(http().post(`/plugins/restapi/v1/users/${friend}/roster`)).send({ jid: `${old}@${world.domain}`, nickname: 'Oldie', subscriptionType: 3 }).expect(201);
    await json(http().post('/plugins/restapi/v1/groups')).send({ name: group, shared: true, members: [old, mate] }).expect(201);

    await json(http().put(`/plugins/restapi/v1/users/${old}`)).send({ username: renamed, password: 'newpw' }).expect(200);

    assert.equal(await exists(old), false);
    assert.equal(await passwordOk(renamed, 'newpw'), true);
    const user = await json(http().get(`/plugins/restapi/v1/users/${renamed}`)).expect(200);
    assert.deepEqual(user.body, { username: renamed, name: TRICKY, email: 'o@example.org', properties: [{ key: 'k', value: 'v' }] });
    const roster = (await api('get_roster', { user: renamed, host: world.domain })) as Array<{ jid: string; nick: string; subscription: string; group: string }>;
    assert.deepEqual(roster.find((r) => r.jid === `${friend}@${world.domain}`), { jid: `${friend}@${world.domain}`, nick: 'Fr', subscription: 'both', ask: 'undefined', group: 'Pals' });
    assert.ok(roster.some((r) => r.jid === `${mate}@${world.domain}` && r.group === group), 'shared-group contact comes back through the copied membership');
    const members = (await api('srg_get_members', { group, host: world.domain })) as string[];
    assert.deepEqual(members.sort(), [`${mate}@${world.domain}`, `${renamed}@${world.domain}`].sort());
    const friendsRoster = (await api('get_roster', { user: friend, host: world.domain })) as Array<{ jid: string; nick: string }>;
    assert.deepEqual(friendsRoster.map((r) => [r.jid, r.nick]), [[`${renamed}@${world.domain}`, 'Oldie']]);
  });

  it('when a different username that is taken is put, then 409 and both accounts stay', async () => {
    const [a, b] = [unique('a'), unique('b')];
    await create({ username: a, password: 'pw' }).expect(201);
    await create({ username: b, password: 'pw' }).expect(201);
    const res = await json(http().put(`/plugins/restapi/v1/users/${a}`)).send({ username: b, password: 'x' }).expect(409);
    assert.equal(res.body.exception, 'UserAlreadyExistsException');
    assert.equal(await exists(a), true);
    assert.equal(await passwordOk(b, 'pw'), true);
  });

  it('when a user is deleted, then ejabberd no longer has it and its properties are gone', async () => {
    const key = unique('dk');
    const username = unique('d');
    await create({ username, password: 'pw', properties: [{ key, value: '1' }] }).expect(201);
    await json(http().delete(`/rest/api/restapi/v1/users/${username}`)).expect(200);
    assert.equal(await exists(username), false);
    const res = await json(http().get('/plugins/restapi/v1/users').query({ propertyKey: key })).expect(200);
    assert.deepEqual(res.body, { users: [] });
  });

  it('when a non-admin user calls the users routes, then 403', async () => {
    const username = unique('plain');
    await registerUser(world.ej.apiUrl, world.domain, username, 'pw');
    const auth = basic(username, 'pw');
    await http().get('/plugins/restapi/v1/users').set('Authorization', auth).expect(403);
    await http().get(`/restapi/v1/users/${username}`).set('Authorization', auth).expect(403);
    await http().post('/restapi/v1/users').set('Authorization', auth).send({ username: unique('z'), password: 'pw' }).expect(403);
    await http().delete(`/restapi/v1/users/${username}`).set('Authorization', auth).expect(403);
    assert.equal(await exists(username), true);
  });
});
