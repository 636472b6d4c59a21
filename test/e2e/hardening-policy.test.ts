/**
 * Issue 19 item 9, the policy points, against the real ejabberd (each case fails on the old
 * behaviour):
 * - GET chat/users shows another non-admin user name and name only (no email unless
 *   chat.directoryShowsEmail, never properties) and searches property values for admins only;
 * - a password-protected room's occupants, participants and history need an affiliation, being
 *   in the room, or its password (X-Room-Password);
 * - a muc#user invitation whose `inviter` a user wrote (sent to another user, not through a
 *   room) is no invitation event: the receiver sees an ordinary message from the real sender.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, payloadOf, waitEvent, type ChatCast } from '../kit/chat-kit.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

interface DirectoryUser { username: string; name?: string; email?: string; properties?: unknown }

describe('hardening: policy points (e2e)', function () {
  this.timeout(30_000);
  let w: Stack;
  const api = () => request(w.url);
  const pw = 'pw';

  before(async () => {
    w = await getWorld();
  });

  describe('user directory', () => {
    let ann: string;
    let bob: string;
    const dept = unique('dept');
    const directory = (auth: string, search: string) =>
      api().get(`/plugins/restapi/v1/chat/users`).query({ search }).set('Authorization', auth).set('Accept', 'application/json');
    const usersOf = (res: request.Response): DirectoryUser[] => {
      assert.equal(res.status, 200, res.text);
      return res.body.users as DirectoryUser[];
    };

    before(async () => {
      ann = unique('pdann');
      bob = unique('pdbob');
      const made = await api().post(`${API}/users`).set('Authorization', w.secret).set('Content-Type', 'application/json')
        .send({ username: ann, password: pw, name: 'Ann Lee', email: 'ann@example.org', properties: { property: [{ '@key': 'dept', '@value': dept }] } });
      assert.equal(made.status, 201, made.text);
      await registerUser(w.ej.apiUrl, w.domain, bob, pw);
    });

    it('when another user searches by name, then it sees the user name and name, not the email or the properties', async () => {
      const found = usersOf(await directory(basic(bob, pw), ann));
      assert.deepEqual(found.map((u) => [u.username, u.name]), [[ann, 'Ann Lee']]);
      assert.equal(found[0]?.email, undefined);
      assert.ok(!JSON.stringify(found).includes(dept), JSON.stringify(found));
    });

    it('when another user searches by a property value, then nothing is found; an admin finds the account with every field', async () => {
      assert.deepEqual(usersOf(await directory(basic(bob, pw), dept)), []);
      const admin = usersOf(await directory(w.secret, dept));
      assert.deepEqual(admin, [{ username: ann, name: 'Ann Lee', email: 'ann@example.org', properties: [{ key: 'dept', value: dept }] }]);
    });

    it('when a user finds itself, then its own record is whole', async () => {
      const mine = usersOf(await directory(basic(ann, pw), ann));
      assert.deepEqual(mine, [{ username: ann, name: 'Ann Lee', email: 'ann@example.org', properties: [{ key: 'dept', value: dept }] }]);
    });
  });

  describe('password-protected rooms', () => {
    const roomPw = 'zoë "room" pw';
    let room: string;
    let member: string;
    let stranger: string;
    let inside: string;
    let insider: TestXmpp | undefined;
    const read = (what: 'occupants' | 'participants' | 'chathistory', auth: string, password?: string) => {
      const req = api().get(`/plugins/restapi/v1/chat/rooms/${room}/${what}`).set('Authorization', auth).set('Accept', 'application/json');
      return password === undefined ? req : req.set('X-Room-Password', password);
    };

    before(async () => {
      room = unique('pwroom');
      [member, stranger, inside] = [unique('prm'), unique('prs'), unique('pri')];
      await Promise.all([member, stranger, inside].map((u) => registerUser(w.ej.apiUrl, w.domain, u, pw)));
      const made = await api().post('/plugins/restapi/v1/chatrooms').set('Authorization', w.secret).set('Content-Type', 'application/json')
        .send({ roomName: room, naturalName: 'Locked', description: 'password', persistent: true, publicRoom: true, password: roomPw, members: [`${member}@${w.domain}`] });
      assert.equal(made.status, 201, made.text);
      // a plain XMPP user enters with the password
      insider = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: inside, password: pw });
      const roomJid = `${room}@conference.${w.domain}`;
      await insider.send(xml('presence', { to: `${roomJid}/${inside}` }, xml('x', { xmlns: NS_MUC }, xml('password', {}, roomPw))));
      const self = await insider.waitFor((el) => el.is('presence') && el.attrs.from === `${roomJid}/${inside}`, 5000, 'the room\'s self-presence');
      assert.notEqual(self.attrs.type, 'error', self.toString());
    });
    after(async () => {
      await insider?.stop();
    });

    it('when a user neither affiliated nor in the room asks without the password, then occupants, participants and history are 403', async () => {
      for (const what of ['occupants', 'participants', 'chathistory'] as const) {
        const res = await read(what, basic(stranger, pw));
        assert.equal(res.status, 403, `${what}: ${res.status} ${res.text}`);
        assert.match(res.body.message as string, /X-Room-Password/);
      }
    });

    it('when the password is wrong, then 403; right (percent-encoded here), then 200 with the occupant', async () => {
      assert.equal((await read('occupants', basic(stranger, pw), 'guess')).status, 403);
      const ok = await read('occupants', basic(stranger, pw), encodeURIComponent(roomPw));
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual((ok.body.occupants as Array<{ jid: string }>).map((o) => o.jid), [`${room}@conference.${w.domain}/${inside}`]);
      assert.equal((await read('chathistory', basic(stranger, pw), encodeURIComponent(roomPw))).status, 200);
    });

    it('when the caller is a member, in the room, or an admin, then no password is needed', async () => {
      for (const auth of [basic(member, pw), basic(inside, pw), w.secret]) {
        for (const what of ['occupants', 'participants', 'chathistory'] as const) {
          const res = await read(what, auth);
          assert.equal(res.status, 200, `${what}: ${res.status} ${res.text}`);
        }
      }
    });

    it('when the room itself is read, then it stays visible to any user (without its password)', async () => {
      const res = await api().get(`/plugins/restapi/v1/chat/rooms/${room}`).set('Authorization', basic(stranger, pw)).set('Accept', 'application/json');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.password, undefined);
    });
  });

  describe('invitations', () => {
    let cast: ChatCast;
    before(async () => {
      cast = await chatCast(w, 'pinv');
    });
    after(() => cast?.close());

    const spoofedInvite = (marker: string) =>
      xml('x', { xmlns: NS_MUC_USER }, xml('invite', { from: `admin@${w.domain}/desk` }, xml('reason', {}, marker)), xml('password', {}, 'pw'));

    it('when a user sends a muc#user invite naming another inviter through the raw stanza route, then the receiver gets a chat from the real sender, no invitation', async () => {
      const { alice, bob } = cast;
      const marker = unique('spoof');
      const stanza = `<message to='${bob.jid}'><body>${marker}</body>${spoofedInvite(marker).toString()}</message>`;
      const sent = await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).set('Content-Type', 'application/xml').send(stanza);
      assert.equal(sent.status, 200, sent.text);
      const chat = await waitEvent<{ from: string; body: string }>(bob, 'chatapi.chat', (p) => p.body === marker, 'the message as a chat');
      assert.ok(chat.from.startsWith(`${alice.jid}/`), chat.from);
      // the invitation event would have come from the same stanza, before the chat event
      const invitations = bob.sse.events.filter((m) => m.event === 'chatapi.muc' && payloadOf<{ type: string }>(m).type === 'invitationReceived');
      assert.deepEqual(invitations.map((m) => m.data), []);
    });

    it('when a plain XMPP client sends one with its bare JID as from, then still no invitation', async () => {
      const { bob, peer } = cast;
      const marker = unique('spoofb');
      await peer.send(xml('message', { to: bob.jid, from: cast.peerJid }, xml('body', {}, marker), spoofedInvite(marker)));
      await waitEvent<{ body: string }>(bob, 'chatapi.chat', (p) => p.body === marker, 'the message as a chat');
      const invitations = bob.sse.events.filter((m) => m.event === 'chatapi.muc' && payloadOf<{ reason?: string }>(m).reason === marker);
      assert.deepEqual(invitations.map((m) => m.data), []);
    });
  });
});
