/**
 * Chat contacts, users and rooms end to end: the roster with live show/status, contact changes
 * checked in ejabberd (get_roster), own user properties and the user search, and rooms (join,
 * groupchat, mediated invitation, leave) checked with get_room_occupants and an independent
 * XMPP occupant, with the chatapi.muc events the REST user receives.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, type ChatCast, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

interface RosterRow { jid: string; nick: string; subscription: string; group: string }
interface Occupant { jid: string; nick: string; role: string }
interface RosterItem { jid: string; nickname?: string; subscriptionType: number; groups?: string[]; show?: string; status?: string }
interface MucEvt { type: string; to: string; from: string; body?: string; data?: unknown; room?: string; inviter?: string; reason?: string }

describe('chat contacts, users and rooms (e2e)', () => {
  let w: Stack;
  let alice: ChatUser;
  let bob: ChatUser;
  let peer: TestXmpp;
  let peerName: string;
  let peerJid: string;
  const api = () => request(w.url);
  const roster = (user: string) => ejabberdApi<RosterRow[]>(w.ej.apiUrl, 'get_roster', { user, host: w.domain });
  const occupants = (room: string) => ejabberdApi<Occupant[]>(w.ej.apiUrl, 'get_room_occupants', { name: room, service: `conference.${w.domain}` });
  const contacts = async (u: ChatUser): Promise<RosterItem[]> => {
    const res = await api().get(`/plugins/restapi/v1/chat/${u.streamId}/contacts`).set('Authorization', u.auth).set('Accept', 'application/json');
    assert.equal(res.status, 200, res.text);
    return res.body.rosterItem as RosterItem[];
  };

  let cast: ChatCast;
  before(async () => {
    w = await getWorld();
    cast = await chatCast(w, 'cc');
    ({ alice, bob, peer } = cast);
    peerName = cast.peerName;
    peerJid = cast.peerJid;
  });
  after(() => cast?.close());

  describe('contacts', () => {
    it('when a contact is added, changed and removed, then ejabberd has each change and ofchat\'s 201 is answered', async () => {
      const add = await api().post(`${API}/chat/${alice.streamId}/contacts`).set('Authorization', alice.auth)
        .send({ jid: peerJid, nickname: 'Peer', subscriptionType: 3, groups: ['Friends'] });
      assert.equal(add.status, 201, add.text);
      assert.deepEqual((await roster(alice.name)).map((r) => [r.jid, r.nick, r.subscription, r.group]), [[peerJid, 'Peer', 'both', 'Friends']]);
      const put = await api().put(`${API}/chat/${alice.streamId}/contacts/${peerJid}`).set('Authorization', alice.auth).send({ jid: peerJid, nickname: 'Renamed', groups: ['Work'] });
      assert.equal(put.status, 201, put.text);
      assert.deepEqual((await roster(alice.name)).map((r) => [r.nick, r.group]), [['Renamed', 'Work']]);
      const tmp = `${unique('cct')}@${w.domain}`;
      await api().post(`${API}/chat/${alice.streamId}/contacts`).set('Authorization', alice.auth).send({ jid: tmp });
      const del = await api().delete(`${API}/chat/${alice.streamId}/contacts/${tmp}`).set('Authorization', alice.auth);
      assert.equal(del.status, 201, del.text);
      assert.deepEqual((await roster(alice.name)).map((r) => r.jid), [peerJid]);
    });

    it('when a contact is online, then GET contacts shows its live show and status; offline it is unavailable', async () => {
      await ejabberdApi(w.ej.apiUrl, 'add_rosteritem', { localuser: peerName, localhost: w.domain, user: alice.name, host: w.domain, nick: 'Alice', group: 'G', subs: 'both' });
      const status = `busy <&> ${unique('st')}`;
      await peer.send(xml('presence', {}, xml('show', {}, 'dnd'), xml('status', {}, status)));
      await waitEvent<{ from: string; status: string | null }>(alice, 'chatapi.presence', (p) => p.status === status, 'the presence event');
      const item = (await contacts(alice)).find((c) => c.jid === peerJid);
      assert.deepEqual({ ...item, groups: item?.groups }, { jid: peerJid, nickname: 'Renamed', subscriptionType: 3, groups: ['Work'], show: 'dnd', status });
      await peer.send(xml('presence', { type: 'unavailable' }));
      await waitEvent<{ from: string; show: string }>(alice, 'chatapi.presence', (p) => p.show === 'unavailable' && p.from.startsWith(peerJid), 'the unavailable event');
      const gone = (await contacts(alice)).find((c) => c.jid === peerJid);
      assert.equal(gone?.show, 'unavailable');
      assert.equal(gone?.status, undefined);
      await peer.send(xml('presence'));
    });

    it('when another user uses the stream, then 403 and the roster is unchanged', async () => {
      const res = await api().post(`${API}/chat/${alice.streamId}/contacts`).set('Authorization', bob.auth).send({ jid: `x@${w.domain}` });
      assert.equal(res.status, 403);
      assert.equal((await api().get(`${API}/chat/${alice.streamId}/contacts`).set('Authorization', bob.auth)).status, 403);
    });
  });

  describe('users', () => {
    it('when a user sets and deletes its own property, then its own search and an admin\'s (by property value too) show it; another user never sees it', async () => {
      const value = unique('prop');
      const users = (auth: string, search: string) => api().get(`/plugins/restapi/v1/chat/users`).query({ search }).set('Authorization', auth).set('Accept', 'application/json');
      const set = await api().post(`${API}/chat/${alice.streamId}/users/team`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(value);
      assert.equal(set.status, 200, set.text);
      const byValue = await users(w.secret, value);
      assert.equal(byValue.status, 200, byValue.text);
      assert.deepEqual(byValue.body.users.map((u: { username: string }) => u.username), [alice.name]);
      assert.deepEqual(byValue.body.users[0].properties, [{ key: 'team', value }]);
      const own = await users(alice.auth, alice.name);
      assert.deepEqual(own.body.users[0].properties, [{ key: 'team', value }]);
      // another user: found by name, without the property; not found by the value (hardening-policy.test.ts)
      const byName = await users(bob.auth, alice.name);
      assert.deepEqual(byName.body.users.map((u: { username: string }) => u.username), [alice.name]);
      assert.ok(!JSON.stringify(byName.body).includes(value));
      assert.deepEqual((await users(bob.auth, value)).body.users, []);
      const del = await api().delete(`${API}/chat/${alice.streamId}/users/team`).set('Authorization', alice.auth);
      assert.equal(del.status, 200);
      const after = await users(w.secret, value);
      assert.deepEqual(after.body.users, []);
    });
  });

  describe('rooms', () => {
    let room: string;
    let roomJid: string;
    before(async () => {
      room = unique('ccr');
      roomJid = `${room}@conference.${w.domain}`;
      // ejabberd's default is allow_user_invites: false ("Invitations are not allowed in this conference")
      await ejabberdApi(w.ej.apiUrl, 'create_room_with_opts', { name: room, service: `conference.${w.domain}`, host: w.domain, options: [{ name: 'allow_user_invites', value: 'true' }] });
      await peer.send(xml('presence', { to: `${roomJid}/peer` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
      await peer.waitFor((el) => el.name === 'presence' && el.attrs.from === `${roomJid}/peer`, 5000, 'peer joined');
    });

    it('when a user joins a room, then ejabberd lists it as an occupant with its user name as nick', async () => {
      const res = await api().put(`${API}/chat/${alice.streamId}/rooms/${room}`).set('Authorization', alice.auth);
      assert.equal(res.status, 200, res.text);
      const occ = await occupants(room);
      assert.ok(occ.some((o) => o.nick === alice.name && o.jid.startsWith(`${alice.jid}/`)), JSON.stringify(occ));
    });

    it('when the user posts to the room, then the occupant gets the groupchat (with data) and the user gets chatapi.muc', async () => {
      const json = JSON.stringify({ body: `room ${unique('g')} </body> 😀`, k: 1 });
      const res = await api().post(`${API}/chat/${alice.streamId}/rooms/${room}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(json);
      assert.equal(res.status, 200, res.text);
      const body = JSON.parse(json).body as string;
      const got = await peer.waitFor((el) => el.attrs.type === 'groupchat' && el.getChildText('body') === body, 5000, 'the groupchat');
      assert.equal(got.attrs.from, `${roomJid}/${alice.name}`);
      const ev = await waitEvent<MucEvt>(alice, 'chatapi.muc', (p) => p.body === body, 'the echo');
      assert.deepEqual(ev.data, JSON.parse(json));
      assert.equal(ev.from, `${roomJid}/${alice.name}`);
    });

    it('when the occupant writes in the room, then chatapi.muc groupchat reaches the user', async () => {
      const body = `from peer ${unique('pg')}`;
      await peer.send(xml('message', { to: roomJid, type: 'groupchat' }, xml('body', {}, body)));
      const ev = await waitEvent<MucEvt>(alice, 'chatapi.muc', (p) => p.body === body, 'the groupchat event');
      assert.deepEqual(ev, { type: 'groupchat', to: ev.to, from: `${roomJid}/peer`, data: null, body });
    });

    it("when the user asks for the room's history, then the room archive comes back as a room conversation", async () => {
      const res = await api().get(`/plugins/restapi/v1/chat/${alice.name}/messages`).query({ room }).set('Authorization', alice.auth).set('Accept', 'application/json');
      assert.equal(res.status, 200, res.text);
      const [c] = res.body.conversations as Array<{ chatRoom: string; messages: Array<{ from: string; body: string }> }>;
      assert.equal(c?.chatRoom, roomJid);
      assert.ok(c?.messages.some((m) => m.from === `${roomJid}/peer` && m.body.startsWith('from peer')), JSON.stringify(c));
    });

    it('when the user invites another REST user, then that user gets chatapi.muc invitationReceived', async () => {
      const reason = `please join ${unique('why')}`;
      const res = await api().post(`${API}/chat/${alice.streamId}/rooms/${room}/${bob.jid}`).set('Authorization', alice.auth).set('Content-Type', 'text/plain').send(reason);
      assert.equal(res.status, 200, res.text);
      const ev = await waitEvent<MucEvt>(bob, 'chatapi.muc', (p) => p.type === 'invitationReceived' && p.reason === reason, 'the invitation');
      assert.equal(ev.room, roomJid);
      assert.ok(ev.inviter?.startsWith(alice.jid));
    });

    it('when the user has not joined, then posting, inviting and leaving are 400', async () => {
      assert.equal((await api().post(`${API}/chat/${bob.streamId}/rooms/${room}`).set('Authorization', bob.auth).send('hi')).status, 400);
      assert.equal((await api().post(`${API}/chat/${bob.streamId}/rooms/${room}/${peerJid}`).set('Authorization', bob.auth).send('x')).status, 400);
      assert.equal((await api().delete(`${API}/chat/${bob.streamId}/rooms/${room}`).set('Authorization', bob.auth)).status, 400);
    });

    it('when the user leaves, then ejabberd no longer lists it', async () => {
      const res = await api().delete(`${API}/chat/${alice.streamId}/rooms/${room}`).set('Authorization', alice.auth);
      assert.equal(res.status, 200, res.text);
      await peer.waitFor((el) => el.name === 'presence' && el.attrs.type === 'unavailable' && el.attrs.from === `${roomJid}/${alice.name}`, 5000, 'the leave');
      assert.ok(!(await occupants(room)).some((o) => o.nick === alice.name));
    });

    it('when the user joins a room that does not exist, then it is created and usable', async () => {
      const fresh = unique('ccn');
      const res = await api().put(`${API}/chat/${bob.streamId}/rooms/${fresh}`).set('Authorization', bob.auth);
      assert.equal(res.status, 200, res.text);
      assert.equal((await occupants(fresh)).length, 1);
      assert.equal((await api().post(`${API}/chat/${bob.streamId}/rooms/${fresh}`).set('Authorization', bob.auth).send('first!')).status, 200);
      await waitEvent<MucEvt>(bob, 'chatapi.muc', (p) => p.body === 'first!', 'the echo in the new room');
    });

    it('when a members-only room refuses the join, then a 4xx with the reason, not a hang', async () => {
      const closed = unique('ccm');
      await ejabberdApi(w.ej.apiUrl, 'create_room_with_opts', { name: closed, service: `conference.${w.domain}`, host: w.domain, options: [{ name: 'members_only', value: 'true' }] });
      const res = await api().put(`${API}/chat/${bob.streamId}/rooms/${closed}`).set('Authorization', bob.auth).set('Accept', 'application/json');
      assert.equal(res.status, 403, res.text);
      assert.match(res.body.message, /registration-required/);
    });
  });
});
