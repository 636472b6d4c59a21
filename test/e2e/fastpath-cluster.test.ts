/**
 * Fastpath with two instances behind the balancer (shared mode): the agent's stream lives on one
 * instance, visitors ask through either, and the instance that made the pending offer is killed
 * (SIGKILL) in the middle. The offer survives in the shared state, the agent accepts through the
 * balancer, the visitor's stream is taken over by the surviving instance, both talk in the room
 * and the chat ends; no request is lost and none is offered twice.
 */
import assert from 'node:assert/strict';
import { getCluster, instancesUp } from '../harness/shared-cluster.js';
import type { Cluster } from '../harness/start-cluster.js';
import { API, payloadOf } from '../kit/chat-kit.js';
import { MODERN } from '../kit/fastpath-kit.js';
import { callFresh, type FreshAnswer } from '../kit/fresh-call.js';
import { basic } from '../kit/http-auth.js';
import { openSse, type SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { registerUser } from '../kit/xmpp-test-client.js';

/** One call through `base` (a fresh connection each, so haproxy balances each call on its own). */
const call = (base: string, method: string, path: string, auth: string, body = '', contentType = 'application/json'): Promise<FreshAnswer> =>
  callFresh(`${base}${path}`, method, { Authorization: auth, 'Content-Type': contentType, Accept: 'application/json' }, body);

/** Retries while the cluster answers "retry" (503) during a takeover; bounded. */
async function until200(f: () => Promise<FreshAnswer>, what: string): Promise<FreshAnswer> {
  const started = Date.now();
  for (;;) {
    const r = await f();
    if (r.status === 200) return r;
    assert.equal(r.status, 503, `${what}: only "retry" while a lease lapses: ${r.status} ${r.text}`);
    assert.ok(Date.now() - started < 20_000, `${what}: still 503 after 20 s`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('Fastpath with two instances behind a balancer (e2e, shared mode)', function () {
  this.timeout(120_000);
  let c: Cluster;
  let agentSse: SseClient | undefined;

  before(async () => {
    c = await getCluster();
    await instancesUp(c);
  });
  after(() => agentSse?.close());

  it('when the instance that made the pending offer is killed, then the offer is accepted through the other, both talk in the room, and nothing is lost or offered twice', async () => {
    const [A, B] = c.instances;
    const agent = unique('fpcag');
    const password = 'pw "fc" <&>';
    const auth = basic(agent, password);
    await registerUser(c.ej.apiUrl, c.domain, agent, password);
    const wg = unique('wgc');
    assert.equal((await call(c.url, 'POST', `${MODERN}/ask/admin`, c.secret, JSON.stringify({ name: wg, members: agent }))).status, 200);

    // the agent's stream lives on A, and so does its SSE tab (a tab on B would end with B: the balancer decides)
    const login = await call(A.url, 'POST', `${API}/chat/${agent}/login`, auth, password, 'text/plain');
    assert.equal(login.status, 200, login.text);
    const streamId = login.text;
    agentSse = await openSse(`${A.url}/sse/${agent}`, { authorization: auth, lastEventId: '0-0' });
    assert.equal(agentSse.status, 200, agentSse.body);
    assert.equal((await call(c.url, 'POST', `${API}/chat/${streamId}/assists/${wg}`, auth)).status, 200);

    // two visitors: one asks through B (its stream lives on B), one through A
    const ask = async (base: string, userId: string) => {
      const r = await call(base, 'POST', `${MODERN}/ask?wait=false`, c.secret, JSON.stringify({ workgroup: wg, userID: userId, emailAddress: 'v@example.com', question: 'help' }));
      assert.equal(r.status, 200, r.text);
      return JSON.parse(r.text) as { requestId: string; token: string; position: number };
    };
    const u1 = unique('cv1');
    const u2 = unique('cv2');
    const v1 = await ask(B.url, u1);
    const v2 = await ask(A.url, u2);
    const offers = (id: string) => (agentSse as SseClient).events.filter((m) => m.event === 'chatapi.assist' && payloadOf(m).type === 'offerReceived' && payloadOf(m).id === id);
    await agentSse.waitUntil(() => offers(v1.requestId).length === 1, 10_000, 'the first request offered');

    // B made that offer (the ask landed there) and holds v1's stream: kill it
    await B.kill9();
    const accepted = await until200(() => call(c.url, 'POST', `${API}/chat/${streamId}/offer/${v1.requestId}`, auth), 'accept after the kill');
    assert.equal(accepted.instance, A.name);
    await agentSse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).type === 'invitationReceived' && payloadOf(m).reason === v1.requestId, 10_000, 'invitation');

    // the visitor's stream is taken over by A: join and talk through the balancer
    const bearer = `Bearer ${v1.token}`;
    await until200(() => call(c.url, 'POST', `${MODERN}/ask/${u1}`, bearer), 'visitor join after the takeover');
    assert.equal((await call(c.url, 'PUT', `${API}/chat/${streamId}/rooms/${v1.requestId}`, auth)).status, 200);
    assert.equal((await call(c.url, 'PUT', `${MODERN}/ask/${u1}`, bearer, 'hello from the visitor', 'text/plain')).status, 200);
    await agentSse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).body === 'hello from the visitor', 10_000, 'visitor message');
    assert.equal((await call(c.url, 'POST', `${API}/chat/${streamId}/rooms/${v1.requestId}`, auth, 'hello from the agent', 'text/plain')).status, 200);
    const visitorSse = await openSse(`${c.url}/sse/${u1}?token=${encodeURIComponent(v1.token)}`, { lastEventId: '0-0' });
    try {
      await visitorSse.waitFor((m) => m.event === 'chatapi.ask' && payloadOf(m).type === 'groupchat' && payloadOf(m).body === 'hello from the agent', 10_000, 'agent message at the visitor');
      assert.ok(visitorSse.events.some((m) => m.event === 'chatapi.ask' && payloadOf(m).type === 'offer'), 'the visitor got its offer event');
    } finally {
      visitorSse.close();
    }

    // the chat ends; the second request, asked through A while B was alive, is served next
    assert.equal((await call(c.url, 'DELETE', `${MODERN}/ask/${u1}`, bearer)).status, 200);
    await agentSse.waitUntil(() => offers(v2.requestId).length >= 1, 15_000, 'the second request offered');
    assert.equal((await call(c.url, 'POST', `${API}/chat/${streamId}/offer/${v2.requestId}`, auth)).status, 200);
    assert.equal(offers(v1.requestId).length, 1, 'the first request was offered once');
    assert.equal(offers(v2.requestId).length, 1, 'the second request was offered once');
    await B.restart();
  });
});
