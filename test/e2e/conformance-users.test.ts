/**
 * REST API plugin conformance, users, groups and rosters: one case per row of
 * ../shared/notes/restapi-plugin-conformance.md (rows 2, 3, 11, 14, 17, 19, 22, 23, 24, 26 and the
 * roster part of 27), each on the modern dialect (/plugins/restapi/v1) and the ofchat one
 * (/restapi/v1), against the shared world's real ejabberd. A row where ofgate deliberately
 * differs asserts the documented difference (README's list of differences).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/restapi/v1';
const BOTH = [MODERN, OFCHAT] as const;

describe('conformance with the REST API plugin: users, groups, rosters', function () {
  let world: Stack;
  const api = <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world.ej.apiUrl, command, args);
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const xmlOf = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/xml');
  const jid = (user: string) => `${user}@${world.domain}`;
  const newUser = async (prefix = 'cu') => {
    const u = unique(prefix);
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    return u;
  };
  const newGroup = async (members: readonly string[] = []) => {
    const g = unique('cg');
    await json(http().post(`${MODERN}/groups`)).send({ name: g, description: 'd', members }).expect(201);
    return g;
  };
  const srgMembers = async (group: string) => (await api<string[]>('srg_get_members', { group, host: world.domain })).sort();

  before(async () => {
    world = await getWorld();
  });

  it('row 2: GET users/{u}/groups is {"groupnames":[…]} in modern JSON, groupname in ofchat JSON and XML', async () => {
    const u = await newUser();
    const g = await newGroup([u]);
    assert.deepEqual((await json(http().get(`${MODERN}/users/${u}/groups`)).expect(200)).body, { groupnames: [g] });
    assert.deepEqual((await json(http().get(`${OFCHAT}/users/${u}/groups`)).expect(200)).body, { groupname: g });
    for (const base of BOTH) assert.match((await xmlOf(http().get(`${base}/users/${u}/groups`)).expect(200)).text, new RegExp(`<groups><groupname>${g}</groupname></groups>`));
  });

  for (const base of BOTH) {
    it(`row 3 (${base}): POST and DELETE users/{u}/groups read the plugin's {"groupnames":[…]} body (and still groupname)`, async () => {
      const u = await newUser();
      const [g1, g2] = [await newGroup(), await newGroup()];
      await json(http().post(`${base}/users/${u}/groups`)).send({ groupnames: [g1, g2] }).expect(201);
      assert.deepEqual([await srgMembers(g1), await srgMembers(g2)], [[jid(u)], [jid(u)]]);
      await json(http().delete(`${base}/users/${u}/groups`)).send({ groupnames: [g1] }).expect(200);
      assert.deepEqual([await srgMembers(g1), await srgMembers(g2)], [[], [jid(u)]]);
      await json(http().delete(`${base}/users/${u}/groups`)).send({ groupname: [g2] }).expect(200);
      assert.deepEqual(await srgMembers(g2), []);
    });
  }

  for (const base of BOTH) {
    it(`row 11 (${base}): a rename without a password is 501 NotImplementedException naming what ejabberd lacks, nothing changes (documented difference)`, async () => {
      const u = await newUser();
      const to = unique('cn');
      const res = await json(http().put(`${base}/users/${u}`)).send({ username: to, name: 'N' }).expect(501);
      assert.equal(res.body.exception, 'NotImplementedException');
      assert.match(String(res.body.message), /ejabberd 23\.01 has no API command that reads or copies a stored credential/);
      assert.equal(await api('check_account', { user: u, host: world.domain }), 0);
      assert.equal(await api('check_account', { user: to, host: world.domain }), 1);
    });
  }

  it('row 14: a user without a full name has "name":"" (modern), "" (ofchat) and <name></name> (XML)', async () => {
    const u = await newUser();
    assert.equal((await json(http().get(`${MODERN}/users/${u}`)).expect(200)).body.name, '');
    assert.equal((await json(http().get(`${OFCHAT}/users/${u}`)).expect(200)).body.name, '');
    assert.match((await xmlOf(http().get(`${OFCHAT}/users/${u}`)).expect(200)).text, /<name(><\/name>|\/>)/);
    const listed = (await json(http().get(`${MODERN}/users`).query({ search: u })).expect(200)).body.users as Array<Record<string, unknown>>;
    assert.equal(listed[0]?.name, '');
  });

  it('row 17: GET groups lists name, description and shared; ofgate adds admins and members (documented difference)', async () => {
    const u = await newUser();
    const g = await newGroup([u]);
    const modern = ((await json(http().get(`${MODERN}/groups`)).expect(200)).body.groups as Array<Record<string, unknown>>).find((x) => x.name === g);
    assert.equal(modern?.description, 'd');
    assert.equal(typeof modern?.shared, 'boolean');
    assert.deepEqual(modern?.members, [jid(u)]);
    const ofchat = (await json(http().get(`${OFCHAT}/groups`)).expect(200)).body.group as Array<Record<string, unknown>> | Record<string, unknown>;
    assert.ok((Array.isArray(ofchat) ? ofchat : [ofchat]).some((x) => x.name === g));
  });

  for (const base of BOTH) {
    it(`row 19 (${base}): XML group elements come in the plugin's propOrder: name, description, admins, members, shared`, async () => {
      const u = await newUser();
      const g = await newGroup([u]);
      const text = (await xmlOf(http().get(`${base}/groups/${g}`)).expect(200)).text;
      const order = ['<name>', '<description>', '<members>', '<shared>'].map((t) => text.indexOf(t)).filter((i) => i >= 0);
      assert.deepEqual(order, [...order].sort((a, b) => a - b), text);
      assert.ok(text.indexOf('<members>') >= 0, text);
    });
  }

  for (const base of BOTH) {
    it(`row 22 (${base}): PUT without properties / description / subscriptionType keeps them (documented difference)`, async () => {
      const u = unique('cp');
      await json(http().post(`${base}/users`)).send({ username: u, password: 'pw', properties: { property: [{ '@key': 'k', '@value': 'v' }] } }).expect(201);
      await json(http().put(`${base}/users/${u}`)).send({ name: 'Renamed' }).expect(200);
      const props = (await json(http().get(`${MODERN}/users/${u}`)).expect(200)).body.properties;
      assert.deepEqual(props, [{ key: 'k', value: 'v' }]);
      const c = await newUser();
      await json(http().post(`${base}/users/${u}/roster`)).send({ jid: jid(c), subscriptionType: 3 }).expect(201);
      await json(http().put(`${base}/users/${u}/roster/${jid(c)}`)).send({ nickname: 'Nick' }).expect(200);
      const items = (await json(http().get(`${MODERN}/users/${u}/roster`)).expect(200)).body.rosterItem as Array<Record<string, unknown>>;
      assert.equal(items[0]?.subscriptionType, 3);
    });
  }

  for (const base of BOTH) {
    it(`row 23 (${base}): a subscriptionType outside -1..3 is 409 UserAlreadyExistsException (the plugin's checkSubType); nothing is created`, async () => {
      const [u, c] = [await newUser(), await newUser()];
      assert.equal((await json(http().post(`${base}/users/${u}/roster`)).send({ jid: jid(c), subscriptionType: 7 }).expect(409)).body.exception, 'UserAlreadyExistsException');
      assert.deepEqual(await api('get_roster', { user: u, host: world.domain }), []);
    });
  }

  for (const base of BOTH) {
    it(`row 24 (${base}): PUT roster/{jid} for a JID not in the roster is 404 UserNotFoundException "Could not update the roster"`, async () => {
      const u = await newUser();
      const res = await json(http().put(`${base}/users/${u}/roster/${jid(unique('nobody'))}`)).send({ nickname: 'x' }).expect(404);
      assert.equal(res.body.exception, 'UserNotFoundException');
      assert.equal(res.body.message, 'Could not update the roster');
    });
  }

  for (const base of BOTH) {
    it(`row 26 (${base}): users?search= is case-sensitive (username.contains)`, async () => {
      const u = await newUser('srch');
      const found = (await json(http().get(`${base}/users`).query({ search: u })).expect(200)).body;
      assert.ok(JSON.stringify(found).includes(u));
      const upper = (await json(http().get(`${base}/users`).query({ search: u.toUpperCase() })).expect(200)).body;
      assert.ok(!JSON.stringify(upper).includes(u), JSON.stringify(upper));
    });
  }

  for (const base of BOTH) {
    it(`row 27, rosters (${base}): "Could not get user roster" for an unknown user; an existing item's 409 has resource ""`, async () => {
      const ghost = unique('ghost');
      const missing = (await json(http().get(`${base}/users/${ghost}/roster`)).expect(404)).body;
      assert.equal(missing.message, 'Could not get user roster');
      assert.equal(missing.exception, 'UserNotFoundException');
      const [u, c] = [await newUser(), await newUser()];
      await json(http().post(`${base}/users/${u}/roster`)).send({ jid: jid(c) }).expect(201);
      const dup = (await json(http().post(`${base}/users/${u}/roster`)).send({ jid: jid(c) }).expect(409)).body;
      assert.equal(dup.exception, 'UserAlreadyExistsException');
      assert.equal(base === MODERN ? dup.resource : dup.ressource, '');
    });
  }
});
