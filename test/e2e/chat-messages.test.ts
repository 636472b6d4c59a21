/**
 * Chat messages end to end, in both directions: REST → ejabberd → an independent XMPP user
 * (body and Jive `data` as that client sees them), XMPP user → ejabberd → the REST user's SSE
 * stream (chatapi.chat / notify / presence), REST user → REST user, chat states, and history
 * read back from ejabberd's archive (mod_mam).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatCast, chatUser, type ChatCast, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';
import { registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';
import type { Element } from '@xmpp/xml';

const JIVE = 'http://www.jivesoftware.com/xmlns/xmpp/properties';
const jiveData = (el: Element): string | undefined => el.getChild('properties', JIVE)?.getChild('property')?.getChildText('value') ?? undefined;

interface ChatEvt { type: string; to: string; from: string; body?: string; data?: unknown; state?: string }
interface Conversation { conversationID: string; messageCount: number; participantList: string[]; messages: Array<{ from: string; to: string; body: string; sentDate: string }> }

describe('chat messages (e2e)', () => {
  let w: Stack;
  let alice: ChatUser;
  let bob: ChatUser;
  let peer: TestXmpp;
  let peerJid: string;
  const api = () => request(w.url);
  const post = (u: ChatUser, to: string, body: string) => api().post(`${API}/chat/${u.streamId}/messages/${to}`).set('Authorization', u.auth).set('Content-Type', 'text/plain').send(body);

  let cast: ChatCast;
  before(async () => {
    w = await getWorld();
    cast = await chatCast(w, 'cm');
    ({ alice, bob, peer } = cast);
    peerJid = cast.peerJid;
  });
  after(() => cast?.close());

  describe('REST → XMPP', () => {
    it('when plain text is posted, then the XMPP user gets one chat message with exactly that body and no data', async () => {
      const body = `${unique('p')} </body><message to='x'><body>evil</body></message> "quotes" 'apos' & 😀`;
      assert.equal((await post(alice, peerJid, body)).status, 200);
      const got = await peer.waitFor((el) => el.name === 'message' && (el.getChildText('body') ?? '').startsWith(body.slice(0, 11)), 5000, 'the message');
      assert.equal(got.getChildText('body'), body);
      assert.equal(got.attrs.type, 'chat');
      assert.ok((got.attrs.from ?? '').startsWith(`${alice.jid}/`));
      assert.equal(jiveData(got), undefined);
      assert.equal(peer.received.filter((el) => el.getChildText('body') === 'evil').length, 0, 'no injected stanza');
    });

    it('when JSON with body is posted, then the body plus the whole JSON as the Jive data property', async () => {
      const json = JSON.stringify({ body: `hi ${unique('j')} <b>`, ticket: 42, nested: { a: [1, 'x'] } });
      assert.equal((await post(alice, peerJid, json)).status, 200);
      const got = await peer.waitFor((el) => jiveData(el) === json, 5000, 'the data message');
      assert.equal(got.getChildText('body'), JSON.parse(json).body);
    });

    it('when JSON without body is posted, then a bodiless message with only the data property', async () => {
      const json = JSON.stringify({ event: unique('e') });
      assert.equal((await post(alice, peerJid, json)).status, 200);
      const got = await peer.waitFor((el) => jiveData(el) === json, 5000, 'the data-only message');
      assert.equal(got.getChild('body'), undefined);
    });

    it('when the recipient is a bare user name or malformed, then a local JID is used or 400', async () => {
      const body = unique('short');
      assert.equal((await post(alice, peerJid.split('@')[0] as string, body)).status, 200);
      await peer.waitFor((el) => el.getChildText('body') === body, 5000, 'the message to the bare name');
      assert.equal((await post(alice, 'a b@x', 'x')).status, 400);
      assert.equal((await post(alice, peerJid, '  ')).status, 400);
    });

    it('when chat states are posted, then the XMPP user gets XEP-0085 notifications; unknown states are 400', async () => {
      for (const state of ['composing', 'paused', 'active', 'inactive', 'gone']) {
        const res = await api().post(`${API}/chat/${alice.streamId}/chatstate/${state}/${peerJid}`).set('Authorization', alice.auth);
        assert.equal(res.status, 200);
      }
      await peer.waitFor((el) => !!el.getChild('gone', 'http://jabber.org/protocol/chatstates'), 5000, 'the gone state');
      const bad = await api().post(`${API}/chat/${alice.streamId}/chatstate/sleeping/${peerJid}`).set('Authorization', alice.auth).set('Accept', 'application/json');
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /Unknown chat state/);
    });
  });

  describe('XMPP → SSE', () => {
    it('when the XMPP user sends body + Jive data, then chatapi.chat with the body and the parsed data', async () => {
      const data = { body: 'x', id: unique('d'), quote: '"</script>' };
      const body = `reply ${data.id} </body> 😀`;
      await peer.send(xml('message', { to: alice.jid, type: 'chat' }, xml('body', {}, body),
        xml('properties', { xmlns: JIVE }, xml('property', {}, xml('name', {}, 'data'), xml('value', { type: 'string' }, JSON.stringify(data))))));
      const ev = await waitEvent<ChatEvt>(alice, 'chatapi.chat', (p) => p.body === body, 'the chat event');
      assert.deepEqual(ev, { type: 'chat', to: alice.jid, from: peer.jid, data, body });
      const raw = await waitEvent<{ xmpp?: string }>(alice, 'chatapi.xmpp', (p) => Buffer.from(p.xmpp ?? '', 'base64').toString('utf8').includes(data.id), 'the raw stanza');
      assert.match(Buffer.from(raw.xmpp ?? '', 'base64').toString('utf8'), /^<message [^>]*xmlns="jabber:client"/);
    });

    it('when the XMPP user sends only data, then chatapi.notify', async () => {
      const data = { notify: unique('n') };
      await peer.send(xml('message', { to: alice.jid }, xml('properties', { xmlns: JIVE }, xml('property', {}, xml('name', {}, 'data'), xml('value', { type: 'string' }, JSON.stringify(data))))));
      const ev = await waitEvent<ChatEvt>(alice, 'chatapi.notify', (p) => JSON.stringify(p.data) === JSON.stringify(data), 'the notify event');
      assert.equal(ev.type, 'notify');
      assert.equal(ev.from, peer.jid);
    });

    it('when the XMPP user types, then chatapi.chat carries the state', async () => {
      await peer.send(xml('message', { to: alice.jid, type: 'chat' }, xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' })));
      const ev = await waitEvent<ChatEvt>(alice, 'chatapi.chat', (p) => p.state === 'composing' && p.from === peer.jid, 'the state event');
      assert.deepEqual(ev, { type: 'chat', to: alice.jid, from: peer.jid, state: 'composing' });
    });

    it('when one REST user writes to another, then the other gets chatapi.chat with data', async () => {
      const json = JSON.stringify({ body: `rest to rest ${unique('rr')}`, k: 'v' });
      assert.equal((await post(alice, bob.jid, json)).status, 200);
      const ev = await waitEvent<ChatEvt>(bob, 'chatapi.chat', (p) => p.body === JSON.parse(json).body, 'the message at bob');
      assert.deepEqual(ev.data, JSON.parse(json));
      assert.ok(ev.from.startsWith(`${alice.jid}/`));
    });
  });

  describe('history (mod_mam)', () => {
    it('when the user asks for its messages with a peer, then one conversation with both directions, oldest first', async () => {
      const carol = await chatUser(w, 'cmh');
      const tag = unique('h');
      assert.equal((await post(carol, peerJid, `${tag} one`)).status, 200);
      await peer.waitFor((el) => el.getChildText('body') === `${tag} one`, 5000, 'first');
      await peer.send(xml('message', { to: carol.jid, type: 'chat' }, xml('body', {}, `${tag} two`)));
      await waitEvent<ChatEvt>(carol, 'chatapi.chat', (p) => p.body === `${tag} two`, 'second');
      const res = await api().get(`${API}/chat/${carol.name}/messages`).query({ to: peerJid }).set('Authorization', carol.auth).set('Accept', 'application/json');
      assert.equal(res.status, 200, res.text);
      const list = (res.body.conversation ?? []) as Conversation[] | Conversation;
      const cs = Array.isArray(list) ? list : [list];
      assert.equal(cs.length, 1);
      const msgs = Array.isArray(cs[0]?.messages) ? cs[0].messages : Object.values(cs[0]?.messages ?? {}).flat() as Conversation['messages'];
      assert.deepEqual(msgs.map((m) => m.body), [`${tag} one`, `${tag} two`]);

      const modern = await api().get(`/plugins/restapi/v1/chat/${carol.name}/messages`).query({ keywords: 'TWO', to: peerJid.split('@')[0] }).set('Authorization', w.secret).set('Accept', 'application/json');
      assert.equal(modern.status, 200, modern.text);
      assert.equal(modern.body.conversations.length, 1);
      assert.equal(modern.body.conversations[0].messageCount, 2);
      assert.deepEqual([...modern.body.conversations[0].participantList].sort(), [carol.jid, peerJid].sort());

      const none = await api().get(`${API}/chat/${carol.name}/messages`).query({ keywords: 'no-such-word-xyz' }).set('Authorization', carol.auth).set('Accept', 'application/json');
      assert.equal(none.status, 200);
      assert.equal((none.body.conversation ?? []).length ?? 0, 0);
      carol.sse.close();
    });

    it('when the user is not logged in, then the archive is read on a short-lived stream that leaves no session', async () => {
      const dave = unique('cmd');
      await registerUser(w.ej.apiUrl, w.domain, dave, 'pw');
      const tag = unique('off');
      await peer.send(xml('message', { to: `${dave}@${w.domain}`, type: 'chat' }, xml('body', {}, `${tag} while away`)));
      const read = async () => api().get(`/plugins/restapi/v1/chat/${dave}/messages`).set('Authorization', w.secret).set('Accept', 'application/json');
      let res = await read();
      for (let i = 0; i < 20 && !JSON.stringify(res.body).includes(tag); i++) res = await read(); // archiving is asynchronous to delivery
      assert.equal(res.status, 200, res.text);
      assert.ok(JSON.stringify(res.body).includes(`${tag} while away`));
      const rows = await (await fetch(`${w.ej.apiUrl}/user_sessions_info`, { method: 'POST', body: JSON.stringify({ user: dave, host: w.domain }) })).json();
      assert.deepEqual(rows, []);
    });

    it("when a user asks for another user's history, then 403; a bad date is 400", async () => {
      assert.equal((await api().get(`${API}/chat/${bob.name}/messages`).set('Authorization', alice.auth)).status, 403);
      assert.equal((await api().get(`${API}/chat/${alice.name}/messages?start=yesterday`).set('Authorization', alice.auth)).status, 400);
    });
  });
});
