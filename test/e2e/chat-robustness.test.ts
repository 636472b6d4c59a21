/**
 * Robustness of the chat streams (pitfall 18 of the ejabberd notes): many streams closing
 * while traffic still arrives cannot take the process or the other users down; a stream the
 * server kicks is dropped and its user told; an idle-less stream stays.
 *
 * The flood comes from one plain XMPP user (`peer`). ejabberd handles a stream's stanzas one
 * after the other, and each flood message to a user gone offline is written to the offline
 * store and the archive: on a loaded machine the peer's own queue takes seconds to drain. So
 * the message that shows the user who stayed carries on comes from another user (`bystander`),
 * while the flood is still being stored; the flood's end is awaited (a ping answered behind it)
 * before the next test, so its load does not spill over.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { unique } from '../kit/unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from '../kit/xmpp-test-client.js';

describe('chat stream robustness (e2e)', () => {
  let w: Stack;
  let keeper: ChatUser;
  let peer: TestXmpp;
  let bystander: TestXmpp;
  const api = () => request(w.url);

  before(async () => {
    w = await getWorld();
    keeper = await chatUser(w, 'crk');
    const [peerName, bystanderName] = [unique('crp'), unique('crb')];
    await Promise.all([peerName, bystanderName].map((n) => registerUser(w.ej.apiUrl, w.domain, n, 'pw')));
    const connect = (username: string) => connectXmpp({ service: w.ej.xmppService, domain: w.domain, username, password: 'pw' });
    [peer, bystander] = await Promise.all([connect(peerName), connect(bystanderName)]);
  });
  after(async () => {
    keeper?.sse.close();
    await Promise.all([peer?.stop(), bystander?.stop()]);
  });

  it('when 30 streams log off while messages pour in, then the process and the other users carry on', async function () {
    this.timeout(60000); // the flood's drain below is bounded by its own 30 s
    const names = Array.from({ length: 30 }, () => unique('crl'));
    await Promise.all(names.map((n) => registerUser(w.ej.apiUrl, w.domain, n, 'pw')));
    const ids = await Promise.all(names.map(async (n) => {
      const res = await api().post(`${API}/chat/${n}/login`).set('Authorization', w.secret);
      assert.equal(res.status, 200, res.text);
      return res.text;
    }));
    const blast = (async () => {
      for (let round = 0; round < 15; round++) {
        await Promise.all(names.map((n) => peer.send(xml('message', { to: `${n}@${w.domain}`, type: 'chat' }, xml('body', {}, `flood ${round} ${'x'.repeat(2000)}`)))));
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    const offs = await Promise.all(ids.map((id) => api().post(`${API}/chat/${id}/logoff`).set('Authorization', w.secret)));
    await blast;
    assert.deepEqual(offs.map((r) => r.status), ids.map(() => 200));
    for (const n of names.slice(0, 3)) assert.deepEqual(await ejabberdApi(w.ej.apiUrl, 'user_sessions_info', { user: n, host: w.domain }), []);

    const body = `still here ${unique('k')}`;
    await bystander.send(xml('message', { to: keeper.jid, type: 'chat' }, xml('body', {}, body)));
    await waitEvent<{ body?: string }>(keeper, 'chatapi.chat', (p) => p.body === body, 'a message to the user who stayed');
    const fresh = await chatUser(w, 'crf');
    assert.equal((await api().post(`${API}/chat/${fresh.streamId}/messages/${keeper.jid}`).set('Authorization', fresh.auth).send('hello')).status, 200);
    await waitEvent<{ body?: string }>(keeper, 'chatapi.chat', (p) => p.body === 'hello', 'a message from a new stream');
    fresh.sse.close();

    // ejabberd answers the peer's ping only after every flood message before it
    const pingId = unique('ping');
    const drained = peer.waitFor((el) => el.is('iq') && el.attrs.id === pingId && el.attrs.type === 'result', 30000, 'the ping behind the flood');
    await peer.send(xml('iq', { type: 'get', id: pingId, to: w.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
    await drained;
  });

  it('when ejabberd kicks a stream, then the user gets a closed notice, the stream id is gone and no reconnect brings it back', async () => {
    const kicked = await chatUser(w, 'crx');
    const [row] = await ejabberdApi<Array<{ resource: string }>>(w.ej.apiUrl, 'user_sessions_info', { user: kicked.name, host: w.domain });
    assert.ok(row);
    await ejabberdApi(w.ej.apiUrl, 'kick_session', { user: kicked.name, host: w.domain, resource: row.resource, reason: 'bye' });
    await waitEvent<{ type: string; status: string; reason?: string }>(kicked, 'chatapi.xmpp', (p) => p.type === 'connection' && p.status === 'closed', 'the closed notice');
    await kicked.sse.waitForEnd(5000);
    const res = await api().post(`${API}/chat/${kicked.streamId}/presence`).set('Authorization', kicked.auth);
    assert.equal(res.status, 404);
    await new Promise((r) => setTimeout(r, 1500)); // longer than @xmpp/reconnect's 1 s delay
    assert.deepEqual(await ejabberdApi(w.ej.apiUrl, 'user_sessions_info', { user: kicked.name, host: w.domain }), []);
  });
});
