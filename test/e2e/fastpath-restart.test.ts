/**
 * Fastpath survives a crash: an ofgate process (the embedded store, as `make run` and a single
 * install use) is killed with SIGKILL while one visitor is in a live support room, one has a
 * pending offer and one waits in the queue; started again on the same data directory, it still
 * knows the room, the queue in its order and the offer, re-offers what was pending once the
 * agent is back, and serves every request in order. The visitor in the room can still talk (its
 * stream is opened again on demand).
 *
 * The process runs against the shared world's ejabberd with the shim's events off for it (they
 * go to the in-process instance): availability comes from POST assists here.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { OfgateProcess } from '../harness/ofgate-process.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldProcess } from '../harness/world-process.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import { basic } from '../kit/http-auth.js';
import { MODERN } from '../kit/fastpath-kit.js';
import { openSse, type SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

describe('Fastpath over a SIGKILL and restart (e2e, embedded store)', function () {
  this.timeout(90_000);
  let w: Stack;
  let p: OfgateProcess;
  const agent = unique('fprag');
  const password = 'pw "r" <&>';
  const auth = basic(agent, password);
  let streamId = '';
  let sse: SseClient | undefined;

  const http = () => request(p.url);
  const admin = (t: request.Test) => t.set('Authorization', w.secret).set('Accept', 'application/json');

  async function agentOnline(wg: string): Promise<void> {
    sse?.close();
    const login = await http().post(`${API}/chat/${agent}/login`).set('Authorization', auth).set('Content-Type', 'text/plain').send(password);
    assert.equal(login.status, 200, login.text);
    streamId = login.text;
    sse = await openSse(`${p.url}/sse/${agent}`, { authorization: auth, lastEventId: '0-0' });
    await http().post(`${API}/chat/${streamId}/assists/${wg}`).set('Authorization', auth).expect(200);
  }

  /** An offer of `requestId` on the agent's current stream (a new SSE after each login: a restart's memory event log starts empty). */
  const offerFor = (requestId: string) =>
    (sse as SseClient).waitFor((m) => m.event === 'chatapi.assist' && payloadOf(m).type === 'offerReceived' && payloadOf(m).id === requestId, 10_000, `offer ${requestId}`);

  before(async () => {
    w = await getWorld();
    await registerUser(w.ej.apiUrl, w.domain, agent, password);
    p = await startWorldProcess(w, 'fastpath-restart');
  });
  after(async () => {
    sse?.close();
    await p?.dispose();
  });

  it('when ofgate is killed with a live room, a pending offer and a queued visitor, then after the restart each is kept and served in order', async () => {
    const wg = unique('wgr');
    await admin(http().post(`${MODERN}/ask/admin`)).send({ name: wg, members: agent }).expect(200);
    await admin(http().put(`${MODERN}/ask/admin/${wg}`)).set('Content-Type', 'application/json').send(JSON.stringify({ maxChatsPerAgent: 2, offerTimeoutMs: 60_000 })).expect(200);
    await agentOnline(wg);

    const asked: Array<{ userId: string; requestId: string; token: string }> = [];
    for (const n of [1, 2, 3]) {
      const userId = unique(`rv${n}`);
      const res = await admin(http().post(`${MODERN}/ask?wait=false`)).send({ workgroup: wg, userID: userId, emailAddress: 'v@example.com', question: `question ${n}` });
      assert.equal(res.status, 200, res.text);
      asked.push({ userId, requestId: res.body.requestId as string, token: res.body.token as string });
    }
    const [v1, v2, v3] = asked as [typeof asked[0], typeof asked[0], typeof asked[0]];
    // v1: accepted, in its room; v2: offered and pending; v3: waiting behind it
    await offerFor(v1.requestId);
    await http().post(`${API}/chat/${streamId}/offer/${v1.requestId}`).set('Authorization', auth).expect(200);
    await http().put(`${MODERN}/ask/${v1.userId}`).set('Authorization', `Bearer ${v1.token}`).set('Content-Type', 'text/plain').send('before the crash').expect(200);
    await offerFor(v2.requestId);
    const before = (await admin(http().get(`${MODERN}/ask/admin/${wg}`)).expect(200)).body as Record<string, unknown>;
    assert.equal(before.chatCount, 1);
    assert.equal(before.queueLength, 2);

    await p.kill9();
    await p.restart();

    const after = (await admin(http().get(`${MODERN}/ask/admin/${wg}`)).expect(200)).body as Record<string, unknown>;
    assert.equal(after.chatCount, 1, 'the live room is kept');
    assert.equal(after.queueLength, 2, 'both waiting requests are kept');
    const status = async (v: typeof v1) => (await http().get(`${MODERN}/ask/${v.userId}`).set('Authorization', `Bearer ${v.token}`).set('Accept', 'application/json').expect(200)).body as Record<string, unknown>;
    assert.equal((await status(v1)).stage, 'room');
    assert.equal((await status(v2)).position, 1, 'the offered request keeps its place');
    assert.equal((await status(v3)).position, 2);
    const rooms = await fetch(`${w.ej.apiUrl}/muc_online_rooms`, { method: 'POST', body: JSON.stringify({ service: `conference.${w.domain}` }) }).then((r) => r.json() as Promise<string[]>);
    assert.ok(rooms.includes(`${v1.requestId}@conference.${w.domain}`), 'the support room is still in ejabberd');

    // the agent comes back (its stream died with the process): the pending request is offered again, then the next in order
    await agentOnline(wg);
    await offerFor(v2.requestId);
    await http().post(`${API}/chat/${streamId}/offer/${v2.requestId}`).set('Authorization', auth).expect(200);
    await http().put(`${API}/chat/${streamId}/rooms/${v1.requestId}`).set('Authorization', auth).expect(200);
    await http().put(`${MODERN}/ask/${v1.userId}`).set('Authorization', `Bearer ${v1.token}`).set('Content-Type', 'text/plain').send('after the restart').expect(200);
    await (sse as SseClient).waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).body === 'after the restart', 10_000, 'the room works after the restart');
    // two chats now (the maximum): v3 waits until one ends
    await http().delete(`${MODERN}/ask/${v1.userId}`).set('Authorization', `Bearer ${v1.token}`).expect(200);
    await offerFor(v3.requestId);
  });
});
