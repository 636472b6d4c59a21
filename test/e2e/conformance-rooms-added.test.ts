/**
 * REST API plugin conformance, room operations ofgate did not serve before (notes "Plugin routes
 * ofgate does not serve"): PUT/POST on a room's owners/admins/members/outcasts (users and
 * groups), POST chatrooms/bulk with its results, POST chatrooms/{r}/invite/{jid} and
 * POST chatrooms/{r}/invite — on the modern dialect (/plugins/restapi/v1) and the ofchat one
 * (/restapi/v1), against the shared world's real ejabberd (affiliations read back with
 * get_room_affiliations, invitations received by real XMPP clients).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { unique } from '../kit/unique.js';
import { BOTH, MODERN, NS_MUC_USER, OFCHAT, roomConformanceKit } from '../kit/room-conformance-kit.js';
import type { TestXmpp } from '../kit/xmpp-test-client.js';

describe('conformance with the REST API plugin: room operations added (collections, bulk, invite)', function () {
  let world: Stack;
  const clients: TestXmpp[] = [];
  const kit = roomConformanceKit(() => world, clients);
  const { held, http, json, jid, newRoom, newGroup, online, service } = kit;
  const newUser = () => kit.newUser('ca');
  const xmlBody = (req: request.Test) => req.set('Authorization', world.secret).set('Accept', 'application/xml').set('Content-Type', 'application/xml');
  const invited = (c: TestXmpp, room: string) =>
    c.waitFor((s) => s.is('message') && s.attrs.from === `${room}@${service()}` && s.getChild('x', NS_MUC_USER)?.getChild('invite') !== undefined, 5000, 'invitation');
  const roomOf = async (room: string) => (await json(http().get(`${MODERN}/chatrooms/${room}`)).expect(200)).body as Record<string, string[]>;

  before(async () => {
    world = await getWorld();
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  it('PUT members (modern JSON) replaces the individual members and member groups; the owner is untouched', async () => {
    const [a, b, c, d] = [await newUser(), await newUser(), await newUser(), await newUser()];
    const room = await newRoom({ owners: [jid(a)], members: [jid(b)] });
    const g = await newGroup([d]);
    await json(http().put(`${MODERN}/chatrooms/${room}/members`)).send({ members: [jid(c), g] }).expect(201);
    const got = await roomOf(room);
    assert.deepEqual([got.owners, got.members, got.memberGroups], [[jid(a)], [jid(c)], [g]]);
    assert.deepEqual(await held(room), [`${a}@${world.domain}=owner`, `${c}@${world.domain}=member`, `${d}@${world.domain}=member`].sort());
  });

  it('PUT admins (ofchat path, XML body) with an empty list removes every admin and nothing else', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const room = await newRoom({ owners: [jid(a)], admins: [jid(b)] });
    await xmlBody(http().put(`${OFCHAT}/chatrooms/${room}/admins`)).send('<admins></admins>').expect(201);
    assert.deepEqual(await held(room), [`${a}@${world.domain}=owner`]);
    await xmlBody(http().put(`${OFCHAT}/chatrooms/${room}/admins`)).send(`<admins><admin>${b}</admin></admins>`).expect(201);
    assert.deepEqual((await roomOf(room)).admins, [jid(b)]);
  });

  for (const base of BOTH) {
    it(`POST owners (${base}) adds several (a user name, a JID) and keeps the existing owner; a group holding the owner never lowers it`, async () => {
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      const room = await newRoom({ owners: [jid(a)] });
      await xmlBody(http().post(`${base}/chatrooms/${room}/owners`)).send(`<owners><owner>${b}</owner><owner>${jid(c)}</owner></owners>`).expect(201);
      assert.deepEqual((await roomOf(room)).owners, [jid(a), jid(b), jid(c)].sort());
      const g = await newGroup([a]);
      await xmlBody(http().post(`${base}/chatrooms/${room}/members`)).send(`<members><member>${g}</member></members>`).expect(201);
      assert.ok((await held(room)).includes(`${a}@${world.domain}=owner`), 'the owner stays owner');
      assert.deepEqual((await roomOf(room)).memberGroups, [g]);
    });
  }

  it('PUT/POST on a room that does not exist: 404; a malformed JID: 400', async () => {
    await json(http().put(`${MODERN}/chatrooms/${unique('none')}/members`)).send({ members: ['x@example.org'] }).expect(404);
    const room = await newRoom();
    await json(http().post(`${MODERN}/chatrooms/${room}/members`)).send({ members: ['a b@@x'] }).expect(400);
  });

  it('PUT members with sendInvitations=true invites only the newly affiliated (a group: each member)', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const [ca, cb] = [await online(a), await online(b)];
    const room = await newRoom();
    const g = await newGroup([b]);
    await json(http().put(`${MODERN}/chatrooms/${room}/members?sendInvitations=true`)).send({ members: [a, g] }).expect(201);
    await Promise.all([invited(ca, room), invited(cb, room)]);
  });

  it('POST chatrooms/bulk (modern JSON): results{success,failure,other}; a room with duplicate affiliations fails alone', async () => {
    const a = await newUser();
    const [r1, r2, bad] = [unique('bulk'), unique('bulk'), unique('bulk')];
    const body = { chatRooms: [{ roomName: r1, naturalName: r1, description: 'd' }, { roomName: r2, naturalName: r2, description: 'd', owners: [jid(a)] }, { roomName: bad, owners: [jid(a)], admins: [jid(a)] }] };
    const got = (await json(http().post(`${MODERN}/chatrooms/bulk`)).send(body).expect(200)).body;
    assert.deepEqual(Object.keys(got), ['success', 'failure', 'other']);
    assert.deepEqual(got.success.map((x: { roomName: string }) => x.roomName), [r1, r2]);
    assert.deepEqual(got.success.map((x: { resultType: string }) => x.resultType), ['Success', 'Success']);
    assert.equal(got.failure.length, 1);
    assert.equal(got.failure[0].roomName, bad);
    assert.match(got.failure[0].message, /^Room creation failed due to NotAllowedException: /);
    assert.deepEqual(got.other, []);
    await json(http().get(`${MODERN}/chatrooms/${r2}`)).expect(200);
    await json(http().get(`${MODERN}/chatrooms/${bad}`)).expect(404);
  });

  it('POST chatrooms/bulk (ofchat path, XML): <results><success><result>…', async () => {
    const r = unique('bulk');
    const res = await xmlBody(http().post(`${OFCHAT}/chatrooms/bulk`)).send(`<chatRooms><chatRoom><roomName>${r}</roomName><naturalName>n</naturalName><description>d</description></chatRoom></chatRooms>`).expect(200);
    assert.match(res.text, new RegExp(`<results><success><result><roomName>${r}</roomName><resultType>Success</resultType><message>Room was successfully created</message></result></success><failure/><other/></results>|<results><success><result><roomName>${r}</roomName><resultType>Success</resultType><message>Room was successfully created</message></result></success><failure></failure><other></other></results>`));
  });

  for (const base of BOTH) {
    it(`POST chatrooms/{r}/invite/{jid} (${base}) sends a mediated invitation with the reason; a group name invites each member`, async () => {
      const [a, b] = [await newUser(), await newUser()];
      const [ca, cb] = [await online(a), await online(b)];
      const room = await newRoom();
      await json(http().post(`${base}/chatrooms/${room}/invite/${jid(a)}`)).send({ reason: 'join us <now>' }).expect(200);
      const inv = (await invited(ca, room)).getChild('x', NS_MUC_USER)?.getChild('invite');
      assert.equal(inv?.getChildText('reason'), 'join us <now>');
      const g = await newGroup([b]);
      await json(http().post(`${base}/chatrooms/${room}/invite/${g}`)).send({}).expect(200);
      await invited(cb, room);
    });
  }

  for (const base of BOTH) {
    it(`POST chatrooms/{r}/invite (${base}) invites users and groups from jidsToInvite`, async () => {
      const [a, b] = [await newUser(), await newUser()];
      const [ca, cb] = [await online(a), await online(b)];
      const room = await newRoom();
      const g = await newGroup([b]);
      await xmlBody(http().post(`${base}/chatrooms/${room}/invite`)).send(`<mucInvitations><reason>r</reason><jidsToInvite><jid>${a}</jid><jid>${g}</jid></jidsToInvite></mucInvitations>`).expect(200);
      await Promise.all([invited(ca, room), invited(cb, room)]);
    });
  }

  it('POST chatrooms/{r}/invite on a room that does not exist: 404', async () => {
    await json(http().post(`${MODERN}/chatrooms/${unique('none')}/invite`)).send({ reason: 'r', jidsToInvite: ['x@example.org'] }).expect(404);
  });
});
