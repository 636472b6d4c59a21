/**
 * Robustness of the chat streams (pitfall 18 of the ejabberd notes): many streams closing
 * while traffic still arrives cannot take the process or the other users down; a stream the
 * server kicks is dropped and its user told; an idle-less stream stays.
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
  const api = () => request(w.url);

  before(async () => {
    w = await getWorld();
    keeper = await chatUser(w, 'crk');
    const peerName = unique('crp');
    await registerUser(w.ej.apiUrl, w.domain, peerName, 'pw');
    peer = await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: peerName, password: 'pw' });
  });
  after(async () => {
    keeper?.sse.close();
    await peer?.stop();
  });

  it('when 30 streams log off while messages pour in, then the process and the other users carry on', async () => {
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
    await peer.send(xml('message', { to: keeper.jid, type: 'chat' }, xml('body', {}, body)));
    await waitEvent<{ body?: string }>(keeper, 'chatapi.chat', (p) => p.body === body, 'a message to the user who stayed');
    const fresh = await chatUser(w, 'crf');
    assert.equal((await api().post(`${API}/chat/${fresh.streamId}/messages/${keeper.jid}`).set('Authorization', fresh.auth).send('hello')).status, 200);
    await waitEvent<{ body?: string }>(keeper, 'chatapi.chat', (p) => p.body === 'hello', 'a message from a new stream');
    fresh.sse.close();
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
