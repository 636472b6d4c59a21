/**
 * Fastpath end to end, the core flow on the real ejabberd: a visitor asks, the available agent
 * gets the offer over SSE, accepts, both meet in the support room and talk both ways, then leave
 * and the chat ends (the room goes, the agent is free again).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import { agentOffer, ask, goAvailable, visitorAuth, visitorEvent, workgroup, workgroupDetail, MODERN } from '../kit/fastpath-kit.js';

describe('Fastpath: ask, offer, accept, talk, end', function () {
  this.timeout(30_000);
  let w: Stack;
  let agent: ChatUser;

  before(async () => {
    w = await getWorld();
    agent = await chatUser(w, 'fpagent');
  });
  after(() => agent.sse.close());

  it('when a visitor asks and the agent accepts, then both meet in the room and talk both ways, and leaving ends the chat', async () => {
    const wg = await workgroup(w, [agent.name]);
    await goAvailable(w, agent, wg);
    const v = await ask(w, wg);
    assert.equal(v.position, 1);
    const offer = await agentOffer(agent, 'offerReceived', v.requestId);
    assert.equal(offer.workgroup, `${wg}@workgroup.${w.domain}`);
    assert.equal((offer.metaData as Record<string, string>).username, v.userId);
    await request(w.url).post(`${API}/chat/${agent.streamId}/offer/${v.requestId}`).set('Authorization', agent.auth).expect(200);
    const invite = await agent.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).type === 'invitationReceived', 8000, 'invitation');
    assert.equal(payloadOf(invite).reason, v.requestId);
    const room = `${v.requestId}@conference.${w.domain}`;
    const o = await visitorEvent(v, 'offer');
    assert.equal(o.mucRoom, room);

    await request(w.url).put(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth).expect(200);
    await request(w.url).post(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).expect(200);
    await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).set('Content-Type', 'text/plain').send('hello <agent> & "you"').expect(200);
    await agent.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).body === 'hello <agent> & "you"', 8000, 'visitor message at the agent');
    await request(w.url).post(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth).set('Content-Type', 'text/plain').send('how can I help?').expect(200);
    await visitorEvent(v, 'groupchat', (p) => p.body === 'how can I help?');

    const status = await request(w.url).get(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).set('Accept', 'application/json').expect(200);
    assert.equal(status.body.stage, 'room');

    await request(w.url).delete(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth).expect(200);
    await request(w.url).delete(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', visitorAuth(v)).expect(200);
    const d = await workgroupDetail(w, wg);
    assert.equal(d.chatCount, 0);
    v.sse.close();
  });
});
