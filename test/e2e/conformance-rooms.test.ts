/**
 * REST API plugin conformance, chat rooms: one case per row of
 * ../shared/notes/restapi-plugin-conformance.md (rows 4–10, 15, 16, 18, 25 and the room part of
 * 27), on the modern dialect (/plugins/restapi/v1) and the ofchat one (/restapi/v1), against the
 * shared world's real ejabberd (affiliations read back with get_room_affiliations, invitations
 * and history seen by real XMPP clients).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { BOTH, MODERN, NS_MUC_USER, OFCHAT, roomConformanceKit } from '../kit/room-conformance-kit.js';
import { xml, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('conformance with the REST API plugin: chat rooms', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const kit = roomConformanceKit(() => world, clients);
  const { api, held, http, json, jid, newRoom, newGroup, online, newUser, service } = kit;
  const xmlOf = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/xml');
  const say = async (username: string, room: string, body: string) => {
    const c = await online(username);
    await c.send(xml('presence', { to: `${room}@${service()}/${username}` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    await c.waitFor((s) => s.is('presence') && s.attrs.from === `${room}@${service()}/${username}`, 5000, 'self-presence');
    await c.send(xml('message', { to: `${room}@${service()}`, type: 'groupchat' }, xml('body', {}, body)));
    await c.waitFor((s) => s.is('message') && s.getChildText('body') === body, 5000, 'echo');
  };
  const invited = (c: TestXmpp, room: string) =>
    c.waitFor((s) => s.is('message') && s.attrs.from === `${room}@${service()}` && s.getChild('x', NS_MUC_USER)?.getChild('invite') !== undefined, 5000, 'invitation');

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('row 4: chathistory is {"message":[…]} in modern JSON, message in ofchat JSON, messages/message in XML', async () => {
    const a = await newUser();
    const room = await newRoom({ logEnabled: true, owners: [jid(a)] });
    await say(a, room, 'hello <b>&');
    const modern = (await json(http().get(`${MODERN}/chatrooms/${room}/chathistory`)).expect(200)).body;
    assert.deepEqual(Object.keys(modern), ['message']);
    assert.equal(modern.message[0].body, 'hello <b>&');
    assert.equal((await json(http().get(`${OFCHAT}/chatrooms/${room}/chathistory`)).expect(200)).body.message.body, 'hello <b>&');
    assert.match((await xmlOf(http().get(`${MODERN}/chatrooms/${room}/chathistory`)).expect(200)).text, /<messages><message>.*<body>hello &lt;b&gt;&amp;<\/body>/);
  });

  for (const base of BOTH) {
    it(`row 5 (${base}): chathistory of a room without an archive is 200 with its in-memory history`, async () => {
      const a = await newUser();
      const room = await newRoom({ logEnabled: false, owners: [jid(a)] });
      await say(a, room, 'not archived');
      const body = (await json(http().get(`${base}/chatrooms/${room}/chathistory`)).expect(200)).body;
      const msgs = base === MODERN ? body.message : [body.message];
      assert.deepEqual(msgs.map((m: Record<string, string>) => [m.body, m.from]), [['not archived', `${room}@${service()}/${a}`]]);
    });
  }

  for (const base of BOTH) {
    it(`row 6 (${base}): a group affiliation never lowers a member's own one: the owner in a members group stays owner through add and remove`, async () => {
      const [owner, other] = [await newUser(), await newUser()];
      const room = await newRoom({ owners: [jid(owner)] });
      const g = await newGroup([owner, other]);
      await json(http().post(`${base}/chatrooms/${room}/members/group/${g}`)).expect(201);
      assert.deepEqual(await held(room), [`${jid(owner)}=owner`, `${jid(other)}=member`].sort());
      const got = (await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body;
      assert.deepEqual([got.owners, got.members, got.memberGroups], [[jid(owner)], [], [g]]);
      await json(http().delete(`${base}/chatrooms/${room}/members/group/${g}`)).expect(200);
      assert.deepEqual(await held(room), [`${jid(owner)}=owner`]);
      assert.deepEqual((await json(http().get(`${MODERN}/chatrooms/${room}/owners`)).expect(200)).body, { owners: [jid(owner)] });
    });
  }

  for (const base of BOTH) {
    it(`row 7 (${base}): DELETE of an affiliation the JID does not hold is 409 NotAllowedException and removes nothing`, async () => {
      const owner = await newUser();
      const room = await newRoom({ owners: [jid(owner)] });
      const res = await json(http().delete(`${base}/chatrooms/${room}/members/${jid(owner)}`)).expect(409);
      assert.equal(res.body.exception, 'NotAllowedException');
      assert.equal((await json(http().delete(`${base}/chatrooms/${room}/admins/nobody@example.org`)).expect(409)).body.exception, 'NotAllowedException');
      assert.deepEqual(await held(room), [`${jid(owner)}=owner`]);
      await json(http().delete(`${base}/chatrooms/${room}/owners/${jid(owner)}`)).expect(200);
    });
  }

  for (const base of BOTH) {
    it(`row 8 (${base}): one JID in two affiliation lists is 409 NotAllowedException; the room is not created and no owner is replaced`, async () => {
      const a = await newUser();
      const room = unique('dup');
      const res = await json(http().post(`${base}/chatrooms`)).send({ roomName: room, owners: { owner: jid(a) }, admins: { admin: jid(a) } }).expect(409);
      assert.equal(res.body.exception, 'NotAllowedException');
      await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(404);
      const kept = await newRoom({ owners: [jid(a)] });
      await json(http().put(`${base}/chatrooms/${kept}`)).send({ roomName: kept, owners: [jid(a)], members: [jid(a)] }).expect(409);
      assert.deepEqual(await held(kept), [`${jid(a)}=owner`]);
    });
  }

  for (const base of BOTH) {
    it(`row 9 (${base}): an unknown servicename on room creation is a 4xx saying ejabberd cannot add a MUC service; chatservices lists the real ones`, async () => {
      const res = await json(http().post(`${base}/chatrooms?servicename=${unique('svc')}`)).send({ roomName: unique('r') });
      assert.equal(res.status, 404);
      assert.equal(res.body.exception, 'MUCServiceNotFoundException');
      assert.match(res.body.message, /cannot add a MUC service at run time/);
      const services = (await json(http().get(`${base}/chatservices`)).expect(200)).body;
      const list = base === MODERN ? services.chatService : [services.chatService].flat();
      assert.ok(list.some((s: Record<string, unknown>) => s.serviceName === 'conference'), JSON.stringify(services));
      assert.equal((await json(http().post(`${base}/chatservices`)).send({ serviceName: 'conference' }).expect(409)).body.exception, 'AlreadyExistsException');
      assert.match((await json(http().post(`${base}/chatservices`)).send({ serviceName: unique('svc') }).expect(404)).body.message, /cannot add a MUC service at run time/);
    });
  }

  for (const base of BOTH) {
    it(`row 10 (${base}): sendInvitations=true sends MUC invitations on room create and on affiliation changes`, async () => {
      const [a, b] = [await newUser(), await newUser()];
      const [ca, cb] = [await online(a), await online(b)];
      const room = unique('inv');
      await json(http().post(`${base}/chatrooms?sendInvitations=true`)).send({ roomName: room, persistent: true, members: [jid(a)] }).expect(201);
      assert.equal((await invited(ca, room)).getChild('x', NS_MUC_USER)?.getChild('invite')?.attrs.from, jid(world.adminUser));
      await json(http().post(`${base}/chatrooms/${room}/admins/${b}?sendInvitations=true`)).expect(201);
      await invited(cb, room);
    });
  }

  for (const base of BOTH) {
    it(`row 15 (${base}): a room has subject "" by default and always creationDate and modificationDate, also one ofgate did not create`, async () => {
      const room = await newRoom();
      const got = (await json(http().get(`${base}/chatrooms/${room}`)).expect(200)).body;
      assert.equal(got.subject, '');
      assert.ok(got.creationDate !== undefined && got.modificationDate !== undefined, JSON.stringify(got));
      const foreign = unique('foreign');
      await api('create_room', { name: foreign, service: service(), host: world.domain });
      const other = (await json(http().get(`${base}/chatrooms/${foreign}`)).expect(200)).body;
      assert.ok(other.creationDate !== undefined && other.modificationDate !== undefined && other.subject === '', JSON.stringify(other));
    });
  }

  for (const base of BOTH) {
    it(`row 16 (${base}): owners/admins/members/outcasts list individual JIDs; group members only with expandGroups=true`, async () => {
      const u = await newUser();
      const room = await newRoom();
      const g = await newGroup([u]);
      await json(http().post(`${base}/chatrooms/${room}/admins/group/${g}`)).expect(201);
      assert.deepEqual((await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body.admins, []);
      assert.deepEqual((await json(http().get(`${MODERN}/chatrooms/${room}?expandGroups=true`)).expect(200)).body.admins, [jid(u)]);
      const listed = (await json(http().get(`${base}/chatrooms?type=all&expandGroups=true&search=${room}`)).expect(200)).body;
      assert.ok(JSON.stringify(listed).includes(jid(u)), JSON.stringify(listed));
    });
  }

  for (const base of BOTH) {
    it(`row 18 (${base}): XML chatRoom lists owners, admins, members, outcasts before the groups (propOrder)`, async () => {
      const room = await newRoom();
      const text = (await xmlOf(http().get(`${base}/chatrooms/${room}`)).expect(200)).text;
      const at = (t: string) => Math.max(text.indexOf(`<${t}>`), text.indexOf(`<${t}/>`));
      assert.ok(at('broadcastPresenceRoles') < at('owners') && at('owners') < at('admins') && at('admins') < at('members') && at('members') < at('outcasts'), text);
      for (const t of ['ownerGroups', 'adminGroups', 'memberGroups', 'outcastGroups']) assert.ok(at(t) === -1 || at(t) > at('outcasts'), text);
      if (base === MODERN && at('allowPM') >= 0) assert.ok(at('allowPM') > at('outcasts'), text);
    });
  }

  for (const base of BOTH) {
    it(`row 25 (${base}): chatrooms?type=<not public/all> is 200 with an empty list`, async () => {
      await newRoom({ publicRoom: true });
      const body = (await json(http().get(`${base}/chatrooms?type=secret`)).expect(200)).body;
      assert.deepEqual(body, base === MODERN ? { chatRooms: [] } : {});
    });
  }

  for (const base of BOTH) {
    it(`row 27, rooms (${base}): an unknown room is 404 RoomNotFoundException "Chat room does not exist or is not accessible."`, async () => {
      const res = await json(http().get(`${base}/chatrooms/${unique('none')}`)).expect(404);
      assert.equal(res.body.exception, 'RoomNotFoundException');
      assert.equal(res.body.message, 'Chat room does not exist or is not accessible.');
    });
  }
});
