/**
 * chatrooms/{roomName}/{owners|admins|members|outcasts}[/{jid}|/group/{groupname}] end to end:
 * effects checked with get_room_affiliations; groups are ejabberd shared roster groups.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser } from '../kit/xmpp-test-client.js';

const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/rest/api/restapi/v1';
const KINDS = [['owners', 'owner'], ['admins', 'admin'], ['members', 'member'], ['outcasts', 'outcast']] as const;

describe('admin REST: chat room affiliations', function () {
  let world: Stack;
  const api = <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world.ej.apiUrl, command, args);
  const service = () => `conference.${world.domain}`;
  const affiliations = async (name: string) =>
    (await api<Array<{ username: string; domain: string; affiliation: string }>>('get_room_affiliations', { name, service: service() }))
      .map((a) => `${a.username}@${a.domain}=${a.affiliation}`).sort();
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const newRoom = async () => {
    const room = unique('aff');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, persistent: true }).expect(201);
    return room;
  };
  const jid = (user: string) => `${user}@${world.domain}`;

  before(async () => {
    world = await getWorld();
  });

  for (const [plural, kind] of KINDS) {
    it(`when a user is POSTed to ${plural} by bare name, then ejabberd gives it ${kind}, GET lists it, and DELETE takes it away`, async () => {
      const room = await newRoom();
      const user = unique('u');
      await json(http().post(`${MODERN}/chatrooms/${room}/${plural}/${user}?servicename=conference`)).expect(201);
      assert.ok((await affiliations(room)).includes(`${jid(user)}=${kind}`));
      const listed = (await json(http().get(`${MODERN}/chatrooms/${room}/${plural}`)).expect(200)).body;
      assert.ok((listed[plural] as string[]).includes(jid(user)), JSON.stringify(listed));
      await json(http().delete(`${OFCHAT}/chatrooms/${room}/${plural}/${jid(user)}?servicename=conference`)).expect(200);
      assert.ok(!(await affiliations(room)).some((a) => a.startsWith(`${jid(user)}=`)));
    });
  }

  it('when the list of one kind is read in XML and ofchat JSON, then the items are the affiliated JIDs', async () => {
    const room = await newRoom();
    const [a, b] = [unique('a'), unique('b')];
    await json(http().post(`${MODERN}/chatrooms/${room}/members/${jid(a)}`)).expect(201);
    await json(http().post(`${MODERN}/chatrooms/${room}/members/${b}`)).expect(201);
    const asXml = await http().get(`${MODERN}/chatrooms/${room}/members`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(asXml.text, new RegExp(`<members><member>${jid(a)}</member><member>${jid(b)}</member></members>|<members><member>${jid(b)}</member><member>${jid(a)}</member></members>`));
    const owners = (await json(http().get(`${OFCHAT}/chatrooms/${room}/owners`)).expect(200)).body;
    assert.deepEqual(owners, { owner: jid('admin') });
  });

  it('when a shared roster group gets an affiliation, then each member has it, the room shows the group, and removing the group takes it back', async () => {
    const room = await newRoom();
    const group = unique('team');
    const [a, b, other] = [unique('a'), unique('b'), unique('c')];
    for (const u of [a, b, other]) await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
    await api('srg_create', { group, host: world.domain, label: group, description: '', display: '' });
    for (const u of [a, b]) await api('srg_user_add', { user: u, host: world.domain, group, grouphost: world.domain });
    await json(http().post(`${MODERN}/chatrooms/${room}/admins/${other}`)).expect(201);

    await json(http().post(`${MODERN}/chatrooms/${room}/members/group/${group}?servicename=conference`)).expect(201);
    assert.deepEqual(await affiliations(room), [`${jid(a)}=member`, `${jid(b)}=member`, `${jid(other)}=admin`, `${jid('admin')}=owner`].sort());
    const got = (await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body;
    assert.deepEqual(got.memberGroups, [group]);
    assert.deepEqual(got.members, [], 'group members are listed only with expandGroups=true');
    const expanded = (await json(http().get(`${MODERN}/chatrooms/${room}?expandGroups=true`)).expect(200)).body;
    assert.deepEqual(expanded.members, [jid(a), jid(b)].sort());
    const ofchat = (await json(http().get(`${OFCHAT}/chatrooms/${room}`)).expect(200)).body;
    assert.deepEqual(ofchat.memberGroups, { memberGroup: group });

    await json(http().delete(`${MODERN}/chatrooms/${room}/members/group/${group}`)).expect(200);
    assert.deepEqual(await affiliations(room), [`${jid(other)}=admin`, `${jid('admin')}=owner`].sort());
    assert.deepEqual((await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body.memberGroups, []);
  });

  it('when a room is PUT with owner and outcast groups and no owners, then group members get those affiliations and admin@domain stays owner (as Openfire)', async () => {
    const room = unique('grp');
    const [g1, g2] = [unique('g'), unique('g')];
    const [a, b] = [unique('a'), unique('b')];
    for (const [g, u] of [[g1, a], [g2, b]] as const) {
      await api('srg_create', { group: g, host: world.domain, label: g, description: '', display: '' });
      await registerUser(world.ej.apiUrl, world.domain, u, 'pw');
      await api('srg_user_add', { user: u, host: world.domain, group: g, grouphost: world.domain });
    }
    await json(http().put(`${MODERN}/chatrooms/${room}`)).send({ roomName: room, persistent: true, ownerGroups: [g1], outcastGroups: [g2] }).expect(200);
    assert.deepEqual(await affiliations(room), [`${jid(a)}=owner`, `${jid(b)}=outcast`, `${jid('admin')}=owner`].sort());
    const got = (await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body;
    assert.deepEqual([got.ownerGroups, got.outcastGroups], [[g1], [g2]]);
  });

  it('when the room, the group or the JID is wrong, then 404 RoomNotFoundException / 404 GroupNotFoundException / 400', async () => {
    const missing = unique('none');
    assert.equal((await json(http().post(`${MODERN}/chatrooms/${missing}/owners/alice`)).expect(404)).body.exception, 'RoomNotFoundException');
    assert.equal((await json(http().delete(`${OFCHAT}/chatrooms/${missing}/members/alice`)).expect(404)).body.exception, 'RoomNotFoundException');
    assert.equal((await json(http().get(`${MODERN}/chatrooms/${missing}/outcasts`)).expect(404)).body.exception, 'RoomNotFoundException');
    const room = await newRoom();
    assert.equal((await json(http().post(`${MODERN}/chatrooms/${room}/owners/group/${unique('nogroup')}`)).expect(404)).body.exception, 'GroupNotFoundException');
    assert.equal((await json(http().delete(`${MODERN}/chatrooms/${room}/admins/group/${unique('nogroup')}`)).expect(404)).body.exception, 'GroupNotFoundException');
    assert.equal((await json(http().post(`${MODERN}/chatrooms/${room}/members/a%3Cb@x`)).expect(400)).body.exception, 'IllegalArgumentException');
    assert.equal((await json(http().post(`${MODERN}/chatrooms/${room}/members/alice?servicename=elsewhere`)).expect(404)).body.exception, 'MUCServiceNotFoundException');
  });

  it('when a non-admin user calls the affiliation routes, then 403 and nothing changes', async () => {
    const room = await newRoom();
    const name = unique('plain');
    await registerUser(world.ej.apiUrl, world.domain, name, 'pw');
    await http().post(`${MODERN}/chatrooms/${room}/owners/${name}`).set('Authorization', basic(name, 'pw')).expect(403);
    await http().get(`${OFCHAT}/chatrooms/${room}/owners`).set('Authorization', basic(name, 'pw')).expect(403);
    assert.deepEqual(await affiliations(room), [`${jid('admin')}=owner`]);
  });
});
