/**
 * Chat streams end to end: login rules (password, password-less for admin/secret only, same
 * stream id again, wrong password), ownership of stream ids, presence, raw stanzas and logoff,
 * checked in ejabberd itself (user_sessions_info) and by an independent XMPP user.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, chatUser, type ChatCast, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { basic } from '../kit/http-auth.js';
import { unique } from '../kit/unique.js';
import { ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

interface SessionRow { resource: string; status: string; statustext: string }

describe('chat streams (e2e)', () => {
  let w: Stack;
  let alice: ChatUser;
  let bob: ChatUser;
  let peer: TestXmpp;
  let peerName: string;
  const api = () => request(w.url);
  const sessions = (user: string) => ejabberdApi<SessionRow[]>(w.ej.apiUrl, 'user_sessions_info', { user, host: w.domain });

  let cast: ChatCast;
  before(async () => {
    w = await getWorld();
    cast = await chatCast(w, 'cs');
    ({ alice, bob, peer } = cast);
    peerName = cast.peerName;
  });
  after(() => cast?.close());

  describe('login', () => {
    it('when a user logs in with its password, then ejabberd has one available session and the id is an opaque token', async () => {
      const rows = await sessions(alice.name);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.status, 'available');
      // `<random>`, or `<instance>.<random>` where streams are recorded (embedded and Redis stores: reopened after a restart)
      assert.match(alice.streamId, /^(?:[A-Za-z0-9-]{1,64}\.)?[A-Za-z0-9_-]{16,}$/);
    });

    it('when the user logs in again, then the same stream id comes back and no second session opens', async () => {
      const res = await api().post(`${API}/chat/${alice.name}/login`).set('Authorization', alice.auth).send(alice.password);
      assert.equal(res.status, 200);
      assert.equal(res.text, alice.streamId);
      assert.equal((await sessions(alice.name)).length, 1);
    });

    it('when the password in the body is wrong, then 401 in the error format, even for a logged-in user', async () => {
      const res = await api().post(`${API}/chat/${alice.name}/login`).set('Authorization', alice.auth).set('Accept', 'application/json').send('wrong');
      assert.equal(res.status, 401);
      assert.equal(res.body.exception, 'UnauthorizedException');
      const fresh = unique('csw');
      await registerUser(w.ej.apiUrl, w.domain, fresh, 'right');
      const res2 = await api().post(`${API}/chat/${fresh}/login`).set('Authorization', w.secret).send('wrong');
      assert.equal(res2.status, 401);
      assert.deepEqual(await sessions(fresh), []);
    });

    it('when a non-admin sends an empty body, then 400 (a password is required)', async () => {
      const res = await api().post(`${API}/chat/${alice.name}/login`).set('Authorization', alice.auth).set('Accept', 'application/json');
      assert.equal(res.status, 400);
      assert.match(res.body.message, /password is required/);
    });

    it('when the admin or the secret logs a user in without a body (or {}), then a session opens without its password', async () => {
      const u1 = unique('csn');
      const u2 = unique('csn');
      await Promise.all([registerUser(w.ej.apiUrl, w.domain, u1, 'unknown to ofgate'), registerUser(w.ej.apiUrl, w.domain, u2, 'unknown too')]);
      const byAdmin = await api().post(`${API}/chat/${u1}/login`).set('Authorization', basic(w.adminUser, w.adminPassword));
      assert.equal(byAdmin.status, 200, byAdmin.text);
      const bySecret = await api().post(`/rest/api/restapi/v1/chat/${u2}/login`).set('Authorization', w.secret).set('Content-Type', 'application/json').send('{}');
      assert.equal(bySecret.status, 200, bySecret.text);
      assert.equal((await sessions(u1)).length, 1);
      assert.equal((await sessions(u2)).length, 1);
      const tokens = await ejabberdApi<unknown[]>(w.ej.apiUrl, 'oauth_list_tokens', {});
      assert.ok(!JSON.stringify(tokens).includes(`${u1}@`), 'the login token was revoked once the stream was up');
    });

    it('when a password-less login names an unknown user, then 404 UserNotFoundException', async () => {
      const res = await api().post(`${API}/chat/${unique('nobody')}/login`).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(res.status, 404);
      assert.equal(res.body.exception, 'UserNotFoundException');
    });

    it('when a user tries to log in as another user, then 403', async () => {
      const res = await api().post(`${API}/chat/${bob.name}/login`).set('Authorization', alice.auth).send(bob.password);
      assert.equal(res.status, 403);
    });
  });

  describe('stream ids', () => {
    it("when a user uses another user's stream id, then 403 and nothing is sent", async () => {
      const res = await api().post(`${API}/chat/${bob.streamId}/messages/${peerName}@${w.domain}`).set('Authorization', alice.auth).send('not mine');
      assert.equal(res.status, 403);
      assert.equal((await api().post(`${API}/chat/${bob.streamId}/presence?show=dnd`).set('Authorization', alice.auth)).status, 403);
    });

    it('when a stream id is unknown, then 404 with a real message', async () => {
      const res = await api().get(`${API}/chat/nosuchstream/contacts`).set('Authorization', alice.auth).set('Accept', 'application/json');
      assert.equal(res.status, 404);
      assert.match(res.body.message, /No chat stream/);
    });

    it('when the secret uses any stream, then it is allowed', async () => {
      const res = await api().post(`${API}/chat/${bob.streamId}/presence?show=chat`).set('Authorization', w.secret);
      assert.equal(res.status, 200);
    });
  });

  describe('presence', () => {
    it('when show and status are set, then ejabberd has them and a contact receives them', async () => {
      await ejabberdApi(w.ej.apiUrl, 'add_rosteritem', { localuser: peerName, localhost: w.domain, user: alice.name, host: w.domain, nick: 'A', group: 'G', subs: 'both' });
      await ejabberdApi(w.ej.apiUrl, 'add_rosteritem', { localuser: alice.name, localhost: w.domain, user: peerName, host: w.domain, nick: 'P', group: 'G', subs: 'both' });
      const status = `out for lunch <&> "${unique('s')}" 😀`;
      const res = await api().post(`${API}/chat/${alice.streamId}/presence`).query({ show: 'away', status }).set('Authorization', alice.auth);
      assert.equal(res.status, 200);
      const got = await peer.waitFor((el) => el.name === 'presence' && el.getChildText('status') === status, 5000, 'the presence');
      assert.equal(got.getChildText('show'), 'away');
      const rows = await sessions(alice.name);
      assert.equal(rows[0]?.status, 'away');
      assert.equal(rows[0]?.statustext, status);
    });

    it('when show=offline, then the session becomes unavailable for contacts', async () => {
      const res = await api().post(`${API}/chat/${alice.streamId}/presence?show=offline`).set('Authorization', alice.auth);
      assert.equal(res.status, 200);
      await peer.waitFor((el) => el.name === 'presence' && el.attrs.type === 'unavailable' && (el.attrs.from ?? '').startsWith(alice.jid), 5000, 'unavailable');
      await api().post(`${API}/chat/${alice.streamId}/presence`).set('Authorization', alice.auth);
    });
  });

  describe('raw stanzas', () => {
    it('when a raw message is posted, then it is sent from the user and the peer receives exactly it', async () => {
      const body = `raw ${unique('r')} </body><message to='x'>`;
      const stanza = xml('message', { to: `${peerName}@${w.domain}`, type: 'chat' }, xml('body', {}, body)).toString();
      const res = await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).set('Content-Type', 'application/xml').send(stanza);
      assert.equal(res.status, 200, res.text);
      const got = await peer.waitFor((el) => el.getChildText('body') === body, 5000, 'the raw message');
      assert.ok((got.attrs.from ?? '').startsWith(`${alice.jid}/`));
    });

    it('when an iq is posted raw, then its answer reaches the SSE stream as chatapi.xmpp', async () => {
      const id = unique('iq');
      const stanza = xml('iq', { type: 'get', id, to: w.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })).toString();
      assert.equal((await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).send(stanza)).status, 200);
      await waitEvent<{ xmpp?: string }>(alice, 'chatapi.xmpp', (p) => Buffer.from(p.xmpp ?? '', 'base64').toString('utf8').includes(id), 'the iq result');
    });

    it("when a raw stanza names another user in from, then 403 and the peer gets nothing", async () => {
      const body = `forged ${unique('f')}`;
      const stanza = xml('message', { to: `${peerName}@${w.domain}`, from: `${bob.jid}/x` }, xml('body', {}, body)).toString();
      const res = await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).send(stanza);
      assert.equal(res.status, 403);
      const own = xml('message', { to: `${peerName}@${w.domain}`, from: alice.jid }, xml('body', {}, `${body} own`)).toString();
      assert.equal((await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).send(own)).status, 200);
      await peer.waitFor((el) => el.getChildText('body') === `${body} own`, 5000, 'the own-from message');
      assert.ok(!peer.received.some((el) => el.getChildText('body') === body));
    });

    it('when the raw body is malformed or not a stanza, then 400 and the stream stays up', async () => {
      for (const bad of ['<message><body>x</message>', '<stream:features/>', '<message/><message/>', '']) {
        const res = await api().post(`${API}/chat/${alice.streamId}/xmpp`).set('Authorization', alice.auth).set('Accept', 'application/json').send(bad);
        assert.equal(res.status, 400, bad);
        assert.equal(res.body.exception, 'IllegalArgumentException');
      }
      assert.equal((await sessions(alice.name)).length, 1);
    });
  });

  describe('logoff', () => {
    it('when a user logs off, then the ejabberd session is gone, the stream id is unknown and SSE ends', async () => {
      const carol = await chatUser(w, 'csc');
      const res = await api().post(`${API}/chat/${carol.streamId}/logoff`).set('Authorization', carol.auth);
      assert.equal(res.status, 200);
      assert.deepEqual(await sessions(carol.name), []);
      await carol.sse.waitForEnd(5000);
      const again = await api().post(`${API}/chat/${carol.streamId}/presence`).set('Authorization', carol.auth);
      assert.equal(again.status, 404);
      const relog = await api().post(`${API}/chat/${carol.name}/login`).set('Authorization', carol.auth).send(carol.password);
      assert.equal(relog.status, 200);
      assert.notEqual(relog.text, carol.streamId, 'a new stream gets a new id');
      await api().post(`${API}/chat/${relog.text}/logoff`).set('Authorization', carol.auth);
    });
  });
});
