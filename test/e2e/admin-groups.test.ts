/**
 * groups, groups/{groupName} and users/{username}/groups end to end: ofgate's groups are
 * ejabberd shared roster groups, checked with srg_get_info, srg_get_members, srg_list and
 * get_roster.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const TRICKY = 'Zoë "Q" <&> \'x\'';

interface Info {
  label: string;
  description: string;
  displayed_groups: string;
}

describe('admin REST: groups', function () {
  let world: Stack;
  const api = (command: string, args: Record<string, unknown>) => ejabberdApi(world.ej.apiUrl, command, args);
  const srgMembers = async (group: string) => ((await api('srg_get_members', { group, host: world.domain })) as string[]).sort();
  const srgInfo = async (group: string): Promise<Info> =>
    Object.fromEntries(((await api('srg_get_info', { group, host: world.domain })) as Array<{ key: string; value: string }>).map((p) => [p.key, p.value])) as unknown as Info;
  const srgList = async () => (await api('srg_list', { host: world.domain })) as string[];
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const http = () => request(world.url);
  const jid = (user: string) => `${user}@${world.domain}`;
  const newUser = async () => {
    const u = unique('gm');
    await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    return u;
  };

  before(async () => {
    world = await getWorld();
  });

  describe('groups', () => {
    it('when a group is created with members, admins and shared, then ejabberd has the srg with label, description, display and members', async () => {
      const [m, a] = [await newUser(), await newUser()];
      const name = unique('G');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name, description: 'Team', shared: true, members: [m], admins: [jid(a)] }).expect(201);
      assert.deepEqual(await srgInfo(name), { label: name, description: 'Team', displayed_groups: name });
      assert.deepEqual(await srgMembers(name), [jid(a), jid(m)].sort());
      const res = await json(http().get(`/plugins/restapi/v1/groups/${name}`)).expect(200);
      assert.deepEqual(res.body, { name, description: 'Team', shared: true, admins: [jid(a)], members: [jid(m)] });
    });

    it('when a shared group has members, then they see each other in their ejabberd rosters under the group name', async () => {
      const [a, b] = [await newUser(), await newUser()];
      const name = unique('share');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name, shared: true, members: [a, b] }).expect(201);
      const roster = (await api('get_roster', { user: a, host: world.domain })) as Array<{ jid: string; group: string }>;
      assert.deepEqual(roster.map((r) => [r.jid, r.group]), [[jid(b), name]]);
    });

    it('when a group is not shared, then it displays nothing and its members do not see each other', async () => {
      const [a, b] = [await newUser(), await newUser()];
      const name = unique('quiet');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name, members: [a, b] }).expect(201);
      assert.equal((await srgInfo(name)).displayed_groups, '');
      assert.deepEqual(await api('get_roster', { user: a, host: world.domain }), []);
      assert.equal((await json(http().get(`/plugins/restapi/v1/groups/${name}`)).expect(200)).body.shared, false);
    });

    it('when a group is created twice or without a name, then 409 GroupAlreadyExistsException / 400 IllegalArgumentException', async () => {
      const name = unique('dup');
      await json(http().post('/restapi/v1/groups')).send({ name }).expect(201);
      assert.equal((await json(http().post('/restapi/v1/groups')).send({ name, description: 'again' }).expect(409)).body.exception, 'GroupAlreadyExistsException');
      assert.equal((await json(http().post('/restapi/v1/groups')).send({ description: 'no name' }).expect(400)).body.exception, 'IllegalArgumentException');
      assert.equal((await json(http().post('/restapi/v1/groups')).send({ name: unique('bad'), members: ['not a jid'] }).expect(400)).body.exception, 'IllegalArgumentException');
      assert.equal((await srgInfo(name)).description, '');
    });

    it('when a group is posted to /groups/ with a trailing slash, then it is created', async () => {
      const name = unique('slash');
      await json(http().post('/plugins/restapi/v1/groups/')).send({ name }).expect(201);
      assert.ok((await srgList()).includes(name));
    });

    it('when an unknown group is read, updated or deleted, then 404 GroupNotFoundException', async () => {
      const name = unique('nog');
      assert.deepEqual((await json(http().get(`/plugins/restapi/v1/groups/${name}`)).expect(404)).body, { resource: name, message: 'Could not find group', exception: 'GroupNotFoundException' });
      assert.equal((await json(http().put(`/restapi/v1/groups/${name}`)).send({ name }).expect(404)).body.exception, 'GroupNotFoundException');
      assert.equal((await json(http().delete(`/rest/api/restapi/v1/groups/${name}`)).expect(404)).body.ressource, name);
    });

    it('when a group is updated, then the given description, members and admins replace the old ones in ejabberd; absent ones are kept', async () => {
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      const name = unique('upd');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name, description: 'd1', shared: true, members: [a, b] }).expect(201);
      await json(http().put(`/plugins/restapi/v1/groups/${name}`)).send({ name, description: 'd2', members: [b], admins: [c] }).expect(200);
      assert.deepEqual(await srgInfo(name), { label: name, description: 'd2', displayed_groups: name });
      assert.deepEqual(await srgMembers(name), [jid(b), jid(c)].sort());
      await json(http().put(`/rest/api/restapi/v1/groups/${name}`)).send({ name, shared: false, description: null, members: { member: null } }).expect(200);
      assert.deepEqual(await srgInfo(name), { label: name, description: 'd2', displayed_groups: '' });
      assert.deepEqual((await json(http().get(`/plugins/restapi/v1/groups/${name}`)).expect(200)).body, { name, description: 'd2', shared: false, admins: [jid(c)], members: [jid(b)] });
      await json(http().put(`/plugins/restapi/v1/groups/${name}`)).send({ name, members: [], admins: [] }).expect(200);
      assert.deepEqual(await srgMembers(name), []);
    });

    it('when the name in a PUT body differs from the path or is missing, then 400 IllegalArgumentException and nothing changes', async () => {
      const name = unique('mis');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name, description: 'keep' }).expect(201);
      const res = await json(http().put(`/plugins/restapi/v1/groups/${name}`)).send({ name: `${name}x`, description: 'no' }).expect(400);
      assert.equal(res.body.exception, 'IllegalArgumentException');
      await json(http().put(`/plugins/restapi/v1/groups/${name}`)).send({ description: 'no' }).expect(400);
      assert.equal((await srgInfo(name)).description, 'keep');
    });

    it('when a group is deleted, then ejabberd no longer lists it', async () => {
      const name = unique('del');
      await json(http().post('/plugins/restapi/v1/groups')).send({ name }).expect(201);
      await json(http().delete(`/plugins/restapi/v1/groups/${name}`)).expect(200);
      assert.ok(!(await srgList()).includes(name));
    });

    it('when a group has one member, then ofchat paths give single values and /plugins gives arrays', async () => {
      const m = await newUser();
      const name = unique('one');
      await json(http().post('/rest/api/restapi/v1/groups')).send({ name, description: 'x', members: { member: m }, admins: { admin: null } }).expect(201);
      const ofchat = await json(http().get(`/rest/api/restapi/v1/groups/${name}`)).expect(200);
      assert.deepEqual(ofchat.body, { name, description: 'x', members: { member: jid(m) } }, 'ofchat groups have no shared field');
      const modern = await json(http().get(`/plugins/restapi/v1/groups/${name}`)).expect(200);
      assert.deepEqual(modern.body, { name, description: 'x', shared: false, admins: [], members: [jid(m)] });
      const listed = await json(http().get('/plugins/restapi/v1/groups')).expect(200);
      assert.deepEqual((listed.body.groups as Array<{ name: string }>).find((g) => g.name === name), modern.body);
    });

    it('when names and descriptions hold <, &, quotes and non-ASCII, then they round-trip intact in XML and JSON', async () => {
      const name = `${unique('Zoë ')} "Q" <&>`;
      const xmlBody = `<group><name>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</name><description>Zoë "Q" &lt;&amp;&gt; 'x'</description><shared>true</shared></group>`;
      await http().post('/restapi/v1/groups').set('Authorization', world.secret).set('Content-Type', 'application/xml').send(xmlBody).expect(201);
      assert.deepEqual(await srgInfo(name), { label: name, description: TRICKY, displayed_groups: name });
      const asJson = await json(http().get(`/plugins/restapi/v1/groups/${encodeURIComponent(name)}`)).expect(200);
      assert.deepEqual(asJson.body, { name, description: TRICKY, shared: true, admins: [], members: [] });
      const asXml = await http().get(`/restapi/v1/groups/${encodeURIComponent(name)}`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
      assert.match(asXml.text, /<description>Zoë "Q" &lt;&amp;&gt; 'x'<\/description>/);
      assert.match((await http().get(`/plugins/restapi/v1/groups/${encodeURIComponent(name)}`).set('Authorization', world.secret).expect(200)).text, /<shared>true<\/shared>/);
      await json(http().put(`/plugins/restapi/v1/groups/${encodeURIComponent(name)}`)).send({ name, description: `${TRICKY}!` }).expect(200);
      assert.equal((await srgInfo(name)).description, `${TRICKY}!`);
    });

    it('when a non-admin user calls the group routes, then 403 and nothing is created', async () => {
      const u = await newUser();
      const name = unique('forbid');
      await http().get('/plugins/restapi/v1/groups').set('Authorization', basic(u, 'pw')).expect(403);
      await http().post('/plugins/restapi/v1/groups').set('Authorization', basic(u, 'pw')).send({ name }).expect(403);
      assert.ok(!(await srgList()).includes(name));
    });
  });

  describe('users/{username}/groups', () => {
    it('when a user is added to several groups, then missing ones are created and ejabberd lists the user as member', async () => {
      const u = await newUser();
      const [g1, g2] = [unique('ug'), unique('ug')];
      await json(http().post('/plugins/restapi/v1/groups')).send({ name: g1 }).expect(201);
      await json(http().post(`/plugins/restapi/v1/users/${u}/groups`)).send({ groupname: [g1, g2] }).expect(201);
      assert.deepEqual(await srgMembers(g1), [jid(u)]);
      assert.deepEqual(await srgMembers(g2), [jid(u)]);
      assert.deepEqual((await srgInfo(g2)), { label: g2, description: '', displayed_groups: '' });
      const res = await json(http().get(`/plugins/restapi/v1/users/${u}/groups`)).expect(200);
      assert.deepEqual(res.body, { groupnames: [g1, g2].sort() }); // the plugin's @JsonProperty since 1.7.0
    });

    it('when a user is in one group, then ofchat paths give a single groupname and /plugins an array; XML lists it', async () => {
      const u = await newUser();
      const g = unique('solo');
      await json(http().post(`/rest/api/restapi/v1/users/${u}/groups/${g}`)).expect(201);
      assert.deepEqual((await json(http().get(`/rest/api/restapi/v1/users/${u}/groups`)).expect(200)).body, { groupname: g });
      assert.deepEqual((await json(http().get(`/plugins/restapi/v1/users/${u}/groups`)).expect(200)).body, { groupnames: [g] });
      const xml = await http().get(`/restapi/v1/users/${u}/groups`).set('Authorization', world.secret).expect(200);
      assert.match(xml.text, new RegExp(`<groups><groupname>${g}</groupname></groups>`));
    });

    it('when a user is removed from groups, then ejabberd drops the membership; an unknown group is 404 GroupNotFoundException', async () => {
      const u = await newUser();
      const [g1, g2, g3] = [unique('rm'), unique('rm'), unique('rm')];
      await http().post(`/restapi/v1/users/${u}/groups`).set('Authorization', world.secret).set('Content-Type', 'application/xml')
        .send(`<groups><groupname>${g1}</groupname><groupname>${g2}</groupname><groupname>${g3}</groupname></groups>`).expect(201);
      await json(http().delete(`/plugins/restapi/v1/users/${u}/groups`)).send({ groupname: [g1, g2] }).expect(200);
      assert.deepEqual(await srgMembers(g1), []);
      assert.deepEqual(await srgMembers(g3), [jid(u)]);
      const missing = unique('none');
      assert.equal((await json(http().delete(`/plugins/restapi/v1/users/${u}/groups`)).send({ groupname: [g3, missing] }).expect(404)).body.exception, 'GroupNotFoundException');
      assert.deepEqual(await srgMembers(g3), [jid(u)], 'nothing removed when one group is unknown');
      await json(http().delete(`/plugins/restapi/v1/users/${u}/groups/${g3}`)).expect(200);
      assert.deepEqual(await srgMembers(g3), []);
      assert.equal((await json(http().delete(`/plugins/restapi/v1/users/${u}/groups/${missing}`)).expect(404)).body.exception, 'GroupNotFoundException');
    });

    it('when the user does not exist, then 404 UserNotFoundException', async () => {
      const ghost = unique('ghost');
      assert.equal((await json(http().get(`/plugins/restapi/v1/users/${ghost}/groups`)).expect(404)).body.exception, 'UserNotFoundException');
      assert.equal((await json(http().post(`/plugins/restapi/v1/users/${ghost}/groups/${unique('g')}`)).expect(404)).body.exception, 'UserNotFoundException');
    });
  });
});
