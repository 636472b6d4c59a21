/**
 * chatrooms end to end: HTTP → ofgate → ejabberd 23.01, effects checked in ejabberd itself
 * (get_room_options, get_room_affiliations, muc_online_rooms) and by XMPP clients joining.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { renderXml, el } from '../../gateway/xml/index.js';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const TRICKY = 'Zoë "Q" <&> \'x\' 日本';
const MODERN = '/plugins/restapi/v1';
const OFCHAT = '/rest/api/restapi/v1';

describe('admin REST: chatrooms', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const api = <T = unknown>(command: string, args: Record<string, unknown>) => ejabberdApi<T>(world.ej.apiUrl, command, args);
  const service = () => `conference.${world.domain}`;
  const options = (name: string) => api<Record<string, string>>('get_room_options', { name, service: service() });
  const affiliations = async (name: string) =>
    (await api<Array<{ username: string; domain: string; affiliation: string }>>('get_room_affiliations', { name, service: service() }))
      .map((a) => `${a.username}@${a.domain}=${a.affiliation}`).sort();
  const http = () => request(world.url);
  const json = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/json');
  const user = async (prefix: string) => {
    const name = unique(prefix);
    await registerUser(world.ej.apiUrl, world.domain, name, 'pw');
    return name;
  };
  const join = async (username: string, room: string, nick = username) => {
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username, password: 'pw' });
    clients.push(c);
    await c.send(xml('presence', { to: `${room}@${service()}/${nick}` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    await c.waitFor((s) => s.is('presence') && s.attrs.from === `${room}@${service()}/${nick}`, 5000, 'self-presence');
    return c;
  };
  const subjectSeenBy = async (username: string, room: string) => {
    const c = await join(username, room, unique('n'));
    const msg = await c.waitFor((s) => s.is('message') && s.getChild('subject') !== undefined, 5000, 'room subject');
    return msg.getChildText('subject');
  };

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('when a room is created with a full entity, then ejabberd holds every option, owner and subject, and GET returns them', async () => {
    const room = unique('Room');
    const owner = await user('own');
    await json(http().post(`${MODERN}/chatrooms?servicename=conference`)).send({
      roomName: room, naturalName: TRICKY, description: `desc ${TRICKY}`, subject: `subj ${TRICKY}`, password: 'p&ss', maxUsers: 30,
      persistent: true, publicRoom: true, canAnyoneDiscoverJID: true, canOccupantsChangeSubject: true, canOccupantsInvite: true,
      canChangeNickname: true, logEnabled: true, membersOnly: false, moderated: true, allowPM: 'participants',
      broadcastPresenceRoles: ['moderator', 'participant'], owners: [owner], members: [`bob@${world.domain}`],
      registrationEnabled: true, loginRestrictedToNickname: true,
    }).expect(201);
    const name = room.toLowerCase();
    const o = await options(name);
    assert.deepEqual(
      [o.title, o.description, o.password, o.password_protected, o.max_users, o.persistent, o.public, o.anonymous, o.allow_change_subj, o.allow_user_invites,
        o.allow_visitor_nickchange, o.mam, o.members_only, o.moderated, o.allow_private_messages, o.allow_private_messages_from_visitors, o.presence_broadcast],
      [TRICKY, `desc ${TRICKY}`, 'p&ss', 'true', '30', 'true', 'true', 'false', 'true', 'true', 'true', 'true', 'false', 'true', 'true', 'nobody', '[moderator,participant]'],
    );
    assert.deepEqual(await affiliations(name), [`bob@${world.domain}=member`, `${owner}@${world.domain}=owner`]);
    const got = (await json(http().get(`${MODERN}/chatrooms/${room}?servicename=conference`)).expect(200)).body;
    assert.equal(got.roomName, name);
    assert.equal(got.naturalName, TRICKY);
    assert.equal(got.subject, `subj ${TRICKY}`);
    assert.equal(got.password, 'p&ss');
    assert.equal(got.maxUsers, 30);
    assert.equal(got.allowPM, 'participants');
    assert.equal(got.registrationEnabled, true);
    assert.equal(typeof got.creationDate, 'number');
    assert.deepEqual(got.owners, [`${owner}@${world.domain}`]);
    assert.deepEqual(got.broadcastPresenceRoles, ['moderator', 'participant']);
    // the subject is ejabberd's: a client joining the room is told it
    const c = await connectXmpp({ service: world.ej.xmppService, domain: world.domain, username: owner, password: 'pw' });
    clients.push(c);
    await c.send(xml('presence', { to: `${name}@${service()}/o` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' }, xml('password', {}, 'p&ss'))));
    const subject = await c.waitFor((s) => s.is('message') && s.getChild('subject') !== undefined, 5000, 'subject');
    assert.equal(subject.getChildText('subject'), `subj ${TRICKY}`);
  });

  it('when a room is created with only a name, then omitted booleans are false, no presence is broadcast and admin@domain owns it', async () => {
    const room = unique('min');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room }).expect(201);
    const o = await options(room);
    assert.deepEqual([o.persistent, o.public, o.members_only, o.moderated, o.mam, o.allow_change_subj, o.anonymous, o.presence_broadcast],
      ['false', 'false', 'false', 'false', 'false', 'false', 'true', '[]']);
    assert.deepEqual(await affiliations(room), [`admin@${world.domain}=owner`]);
  });

  it('when an existing room is PUT, then its options, affiliations and subject are overwritten in ejabberd', async () => {
    const room = unique('put');
    const [a, b] = [await user('a'), await user('b')];
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, naturalName: 'one', persistent: true, publicRoom: true, owners: [a], subject: 'first' }).expect(201);
    await json(http().put(`${MODERN}/chatrooms/${room}`)).send({
      roomName: room, naturalName: 'two', description: TRICKY, persistent: true, membersOnly: true, owners: [b], admins: [a], subject: `second ${TRICKY}`,
    }).expect(200);
    const o = await options(room);
    assert.deepEqual([o.title, o.description, o.public, o.members_only], ['two', TRICKY, 'false', 'true']);
    assert.deepEqual(await affiliations(room), [`${a}@${world.domain}=admin`, `${b}@${world.domain}=owner`]);
    assert.equal(await subjectSeenBy(b, room), `second ${TRICKY}`);
    const got = (await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body;
    assert.equal(got.subject, `second ${TRICKY}`);
    assert.deepEqual(got.admins, [`${a}@${world.domain}`]);
  });

  it('when PUT names a missing room, then it is created; when the body names another room, then 400', async () => {
    const room = unique('new');
    await json(http().put(`${OFCHAT}/chatrooms/${room}`)).send({ roomName: room, persistent: 'true' }).expect(200);
    assert.equal((await options(room)).persistent, 'true');
    const res = await json(http().put(`${MODERN}/chatrooms/${room}`)).send({ roomName: unique('other') }).expect(400);
    assert.equal(res.body.exception, 'IllegalArgumentException');
  });

  it('when the ofchat dialect is used with mapped JSON and XML, then rooms are created and read back as strings and single objects', async () => {
    const room = unique('of');
    const owner = await user('o');
    await json(http().post(`${OFCHAT}/chatrooms`)).send({ roomName: room, naturalName: TRICKY, persistent: 'true', owners: { owner: `${owner}@${world.domain}` } }).expect(201);
    assert.deepEqual(await affiliations(room), [`${owner}@${world.domain}=owner`]);
    const got = (await json(http().get(`${OFCHAT}/chatrooms/${room}`)).expect(200)).body;
    assert.equal(got.persistent, 'true');
    assert.equal(got.naturalName, TRICKY);
    assert.deepEqual(got.owners, { owner: `${owner}@${world.domain}` });
    assert.equal(got.allowPM, undefined);

    const xmlRoom = unique('xml');
    const body = renderXml(el('chatRoom', {}, el('roomName', {}, xmlRoom), el('naturalName', {}, TRICKY), el('description', {}, TRICKY),
      el('persistent', {}, 'true'), el('publicRoom', {}, 'true'), el('owners', {}, el('owner', {}, owner))));
    await http().post(`${OFCHAT}/chatrooms`).set('Authorization', world.secret).set('Content-Type', 'application/xml').send(body).expect(201);
    assert.equal((await options(xmlRoom)).description, TRICKY);
    const asXml = await http().get(`/restapi/v1/chatrooms/${xmlRoom}`).set('Authorization', world.secret).expect(200).expect('Content-Type', /xml/);
    assert.match(asXml.text, /<naturalName>Zoë "Q" &lt;&amp;&gt; 'x' 日本<\/naturalName>/);
    assert.match(asXml.text, new RegExp(`<owners><owner>${owner}@${world.domain}</owner></owners>`));
  });

  it('when rooms are listed, then type=public hides unlisted rooms and search matches name or natural name', async () => {
    const tag = unique('lst');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: `${tag}pub`, naturalName: 'Open Door', publicRoom: true, persistent: true }).expect(201);
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: `${tag}hid`, naturalName: 'Back Room', publicRoom: false, persistent: true }).expect(201);
    const names = async (query: string) => ((await json(http().get(`${MODERN}/chatrooms?${query}`)).expect(200)).body.chatRooms as Array<{ roomName: string }>)
      .map((r) => r.roomName).filter((n) => n.startsWith(tag)).sort();
    assert.deepEqual(await names(`search=${tag}`), [`${tag}pub`]);
    assert.deepEqual(await names(`search=${tag}&type=all&servicename=conference`), [`${tag}hid`, `${tag}pub`]);
    const byNatural = (await json(http().get(`${MODERN}/chatrooms?type=all&search=back%20room`)).expect(200)).body.chatRooms as Array<{ roomName: string }>;
    assert.ok(byNatural.some((r) => r.roomName === `${tag}hid`));
    assert.deepEqual((await json(http().get(`${MODERN}/chatrooms?type=secret`)).expect(200)).body, { chatRooms: [] }); // as the plugin
  });

  it('when a room is deleted, then ejabberd no longer has it and it is then 404 RoomNotFoundException', async () => {
    const room = unique('del');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, persistent: true }).expect(201);
    const deleted = await json(http().delete(`${MODERN}/chatrooms/${room}?servicename=conference`));
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(await options(room), {});
    assert.ok(!(await api<string[]>('muc_online_rooms', { service: service() })).includes(`${room}@${service()}`));
    for (const req of [http().get(`${MODERN}/chatrooms/${room}`), http().delete(`${OFCHAT}/chatrooms/${room}`), http().get(`${MODERN}/chatrooms/${room}/occupants`)]) {
      const res = await json(req).expect(404);
      assert.equal(res.body.exception, 'RoomNotFoundException');
    }
  });

  it('when the MUC service is unknown, then every chat-room route answers 404 MUCServiceNotFoundException', async () => {
    const q = '?servicename=nosuchservice';
    const reqs = [
      http().get(`${MODERN}/chatrooms${q}`),
      http().get(`${MODERN}/chatrooms/x${q}`),
      http().delete(`${MODERN}/chatrooms/x${q}`),
      http().get(`${MODERN}/chatrooms/x/participants${q}`),
      http().post(`${MODERN}/chatrooms/x/owners/admin${q}`),
      http().post(`${MODERN}/chatrooms${q}`).send({ roomName: unique('x') }),
    ];
    for (const req of reqs) {
      const res = await json(req).expect(404);
      assert.equal(res.body.exception, 'MUCServiceNotFoundException');
    }
    assert.equal((await json(http().get(`${OFCHAT}/chatrooms?servicename=a/b`)).expect(404)).body.exception, 'MUCServiceNotFoundException');
  });

  it('when the body is unusable, then 400 in the error format', async () => {
    for (const body of [{}, { roomName: 'a b' }, { roomName: 'x', broadcastPresenceRoles: ['king'] }, { roomName: 'x', allowPM: 'all' }, { roomName: 'x', maxUsers: 'many' }]) {
      const res = await json(http().post(`${MODERN}/chatrooms`)).send(body).expect(400);
      assert.equal(res.body.exception, 'IllegalArgumentException', JSON.stringify(body));
    }
  });

  it('when users are in a room, then participants and occupants list them with role, affiliation and real JID', async () => {
    const room = unique('occ');
    const [a, b] = [await user('a'), await user('b')];
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, persistent: true, publicRoom: true, owners: [a], broadcastPresenceRoles: ['moderator', 'participant', 'visitor'] }).expect(201);
    const ca = await join(a, room, 'alice');
    await join(b, room, 'bob');
    const occ = (await json(http().get(`${MODERN}/chatrooms/${room}/occupants?servicename=conference`)).expect(200)).body.occupants as Array<Record<string, string>>;
    const byNick = Object.fromEntries(occ.map((o) => [o.jid, o]));
    assert.deepEqual(byNick[`${room}@${service()}/alice`], { jid: `${room}@${service()}/alice`, userAddress: ca.jid, role: 'moderator', affiliation: 'owner' });
    assert.equal(byNick[`${room}@${service()}/bob`]?.affiliation, 'none');
    assert.equal(byNick[`${room}@${service()}/bob`]?.role, 'participant');
    const parts = (await json(http().get(`${OFCHAT}/chatrooms/${room}/participants`)).expect(200)).body.participant as Array<Record<string, string>>;
    assert.deepEqual(parts.map((p) => p.jid).sort(), [`${room}@${service()}/alice`, `${room}@${service()}/bob`]);
    assert.ok(parts.every((p) => p.role && p.affiliation && !('userAddress' in p)));
  });

  it('when messages were sent to an archived room, then chathistory returns them from ejabberd in order', async () => {
    const room = unique('his');
    const a = await user('a');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, persistent: true, logEnabled: true, membersOnly: true, owners: [a] }).expect(201);
    const c = await join(a, room, 'alice');
    for (const text of ['first', TRICKY]) {
      await c.send(xml('message', { to: `${room}@${service()}`, type: 'groupchat' }, xml('body', {}, text)));
      await c.waitFor((s) => s.is('message') && s.getChildText('body') === text, 5000, 'echo');
    }
    const res = await json(http().get(`${MODERN}/chatrooms/${room}/chathistory`)).expect(200);
    const msgs = res.body.message as Array<Record<string, string>>;
    assert.deepEqual(msgs.map((m) => m.body), ['first', TRICKY]);
    assert.equal(msgs[1]?.from, `${room}@${service()}/alice`);
    assert.equal(msgs[1]?.type, 'groupchat');
    assert.ok(!Number.isNaN(Date.parse(msgs[1]?.delay_stamp ?? '')));
    const asXml = await http().get(`${OFCHAT}/chatrooms/${room}/chathistory`).set('Authorization', world.secret).expect(200);
    assert.match(asXml.text, /<body>Zoë "Q" &lt;&amp;&gt; 'x' 日本<\/body>/);
  });

  it('when a room keeps no archive, then chathistory is 200 with the recent history ejabberd holds (as the plugin\'s room history)', async () => {
    const room = unique('noarc');
    const a = await user('a');
    await json(http().post(`${MODERN}/chatrooms`)).send({ roomName: room, persistent: true, logEnabled: false, owners: [a] }).expect(201);
    assert.deepEqual((await json(http().get(`${MODERN}/chatrooms/${room}/chathistory`)).expect(200)).body, { message: [] });
    const c = await join(a, room, 'alice');
    await c.send(xml('message', { to: `${room}@${service()}`, type: 'groupchat' }, xml('body', {}, 'kept in memory')));
    await c.waitFor((s) => s.is('message') && s.getChildText('body') === 'kept in memory', 5000, 'echo');
    const msgs = (await json(http().get(`${MODERN}/chatrooms/${room}/chathistory`)).expect(200)).body.message as Array<Record<string, string>>;
    assert.deepEqual(msgs.map((m) => [m.body, m.from]), [['kept in memory', `${room}@${service()}/alice`]]);
  });

  it('when a non-admin user or nobody calls the chat-room routes, then 403 / 401', async () => {
    const name = await user('plain');
    const auth = basic(name, 'pw');
    await http().get(`${MODERN}/chatrooms`).set('Authorization', auth).expect(403);
    await http().post(`${OFCHAT}/chatrooms`).set('Authorization', auth).send({ roomName: unique('x') }).expect(403);
    await http().get(`${MODERN}/chatrooms/x/chathistory`).set('Authorization', auth).expect(403);
    await http().delete(`${MODERN}/chatrooms/x`).expect(401);
  });
});
