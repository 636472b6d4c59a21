/**
 * The agent's and visitor's actions in a running support chat, over HTTP against the real
 * ejabberd of the shared world: typing both ways (the visitor's PUT ask/{userId}/chatstate, the
 * agent's chatstate to the room JID; chatapi.muc state events, no echo of one's own state), the
 * agent ends the chat (both told, the room gone, another agent refused), invites a colleague
 * (member, invitation, can join), transfers to another agent (offer marked transfer, take-over
 * of the same room, the first agent removed from it) and to another workgroup (queued there,
 * taken over by its agent), and a transfer a closed workgroup refuses.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, waitEvent, type ChatUser } from '../kit/chat-kit.js';
import { agentOffer, ask, goAvailable, meetInRoom, MODERN, visitorAuth, visitorEvent, workgroup, workgroupDetail, type Visitor } from '../kit/fastpath-kit.js';
import { ejabberdApi } from '../kit/xmpp-test-client.js';

describe('Fastpath chat actions: typing, end, invite, transfer (e2e, real ejabberd)', function () {
  this.timeout(40_000);
  let w: Stack;
  const users: ChatUser[] = [];
  const visitors: Visitor[] = [];

  const agentUser = async (prefix: string): Promise<ChatUser> => {
    const u = await chatUser(w, prefix);
    users.push(u);
    return u;
  };
  const visitorOf = async (wg: string): Promise<Visitor> => {
    const v = await ask(w, wg);
    visitors.push(v);
    return v;
  };
  const chatPath = (a: ChatUser, wg: string, requestId: string): string => `${API}/chat/${a.streamId}/assists/${wg}/chats/${requestId}`;
  const transfer = (a: ChatUser, wg: string, v: Visitor, body: Record<string, unknown>) =>
    request(w.url).post(`${chatPath(a, wg, v.requestId)}/transfer`).set('Authorization', a.auth).set('Accept', 'application/json').send(body);
  /** The room's affiliations in ejabberd, as `user=affiliation` (user names). */
  const affiliations = async (requestId: string): Promise<string[]> => {
    const list = await ejabberdApi<Array<{ username: string; affiliation: string }>>(w.ej.apiUrl, 'get_room_affiliations', { name: requestId, service: `conference.${w.domain}` });
    return list.map((a) => `${a.username}=${a.affiliation}`).sort();
  };
  const chatsOf = async (wg: string, agent: string): Promise<string[]> => {
    const row = ((await workgroupDetail(w, wg)).agents as Array<{ username: string; chats?: string[] | string }>).find((a) => a.username === agent);
    const chats = row?.chats ?? [];
    return Array.isArray(chats) ? chats : [chats];
  };

  before(async () => {
    w = await getWorld();
  });
  after(() => {
    for (const u of users) u.sse.close();
    for (const v of visitors) v.sse.close();
  });

  it('when both type, then each sees the other\'s chat state as chatapi.muc and not its own; when the agent ends the chat, both are told, the room goes and the agent is free', async () => {
    const agent = await agentUser('fcaa');
    const other = await agentUser('fcao');
    const wg = await workgroup(w, [agent.name, other.name]);
    await goAvailable(w, agent, wg);
    const v = await visitorOf(wg);
    const { room } = await meetInRoom(w, agent, v);

    await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(v.userId)}/chatstate/composing`).set('Authorization', visitorAuth(v)).expect(200);
    const typing = await waitEvent(agent, 'chatapi.muc', (p) => p.state === 'composing', 'the visitor typing, at the agent', 8000);
    assert.equal(typing.type, 'groupchat');
    assert.match(String(typing.from), new RegExp(`^${room}/`));

    await request(w.url).post(`${API}/chat/${agent.streamId}/chatstate/paused/${room}`).set('Authorization', agent.auth).expect(200);
    const paused = await v.sse.waitFor((m) => m.event === 'chatapi.muc' && payloadOf(m).state === 'paused', 8000, 'the agent pausing, at the visitor');
    assert.equal(payloadOf(paused).from, `${room}/${agent.name}`);
    // the agent's own message echo arrives after its own state's would have: no own state by then
    await request(w.url).post(`${API}/chat/${agent.streamId}/rooms/${v.requestId}`).set('Authorization', agent.auth).set('Content-Type', 'text/plain').send('one moment').expect(200);
    await waitEvent(agent, 'chatapi.muc', (p) => p.body === 'one moment', 'the agent\'s own message echo', 8000);
    assert.deepEqual(agent.sse.events.filter((m) => m.event === 'chatapi.muc' && payloadOf(m).state === 'paused'), [], 'no echo of the agent\'s own state');

    const badState = await request(w.url).put(`${MODERN}/ask/${encodeURIComponent(v.userId)}/chatstate/dancing`).set('Authorization', visitorAuth(v));
    assert.equal(badState.status, 400, badState.text);

    const notHis = await request(w.url).delete(chatPath(other, wg, v.requestId)).set('Authorization', other.auth);
    assert.equal(notHis.status, 403, notHis.text);
    const unknown = await request(w.url).delete(chatPath(agent, wg, 'r0nosuchchat')).set('Authorization', agent.auth);
    assert.equal(unknown.status, 404, unknown.text);

    await request(w.url).delete(chatPath(agent, wg, v.requestId)).set('Authorization', agent.auth).expect(200);
    const ended = await visitorEvent(v, 'chat-ended');
    assert.deepEqual([ended.requestId, ended.reason, ended.mucRoom], [v.requestId, 'agent-ended', room]);
    const told = await waitEvent(agent, 'chatapi.assist', (p) => p.type === 'chatEnded' && p.id === v.requestId, 'chatEnded at the agent', 8000);
    assert.equal(told.reason, 'agent-ended');
    assert.equal((await workgroupDetail(w, wg)).chatCount, 0);
    const rooms = await ejabberdApi<string[]>(w.ej.apiUrl, 'muc_online_rooms', { service: `conference.${w.domain}` });
    assert.ok(!rooms.includes(room), 'the room is gone');
  });

  it('when the agent invites a colleague, then the colleague is a member, gets the invitation and can join', async () => {
    const agent = await agentUser('fcia');
    const colleague = await agentUser('fcic');
    const wg = await workgroup(w, [agent.name]);
    await goAvailable(w, agent, wg);
    const v = await visitorOf(wg);
    const { room } = await meetInRoom(w, agent, v);
    const res = await request(w.url).post(`${chatPath(agent, wg, v.requestId)}/invite`).set('Authorization', agent.auth).send({ agent: colleague.jid });
    assert.equal(res.status, 200, res.text);
    const inv = await waitEvent(colleague, 'chatapi.muc', (p) => p.type === 'invitationReceived' && p.room === room, 'the colleague\'s invitation', 8000);
    assert.equal(inv.reason, v.requestId);
    assert.ok((await affiliations(v.requestId)).includes(`${colleague.name}=member`));
    await request(w.url).put(`${API}/chat/${colleague.streamId}/rooms/${v.requestId}`).set('Authorization', colleague.auth).expect(200);
    const bad = await request(w.url).post(`${chatPath(agent, wg, v.requestId)}/invite`).set('Authorization', agent.auth).send({ agent: 'not a user' });
    assert.equal(bad.status, 400, bad.text);
  });

  it('when the agent transfers to another agent who accepts, then the same room is set up for the new agent, the first one is removed and told, and the visitor learns its new agent', async () => {
    const first = await agentUser('fcta');
    const second = await agentUser('fctb');
    const wg = await workgroup(w, [first.name, second.name]);
    await goAvailable(w, first, wg);
    const v = await visitorOf(wg);
    const { room } = await meetInRoom(w, first, v);
    await goAvailable(w, second, wg);

    const res = await transfer(first, wg, v, { agent: second.name });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.outcome, 'offered');
    const offer = await agentOffer(second, 'offerReceived', v.requestId);
    assert.deepEqual([offer.transfer, offer.transferFrom], [true, first.jid]);
    const again = await transfer(first, wg, v, { agent: second.name });
    assert.equal(again.status, 409, 'one transfer at a time');

    await request(w.url).post(`${API}/chat/${second.streamId}/offer/${v.requestId}`).set('Authorization', second.auth).expect(200);
    const outcome = await waitEvent(first, 'chatapi.assist', (p) => p.type === 'transferOutcome' && p.id === v.requestId, 'the transfer outcome', 8000);
    assert.equal(outcome.outcome, 'accepted');
    await waitEvent(second, 'chatapi.muc', (p) => p.type === 'invitationReceived' && p.reason === v.requestId, 'the new agent\'s invitation', 8000);
    const told = await visitorEvent(v, 'offer', (p) => p.transferred === true);
    assert.deepEqual([told.mucRoom, told.agent], [room, second.jid]);
    // the first agent, a member no more, was removed from the room by ejabberd
    await waitEvent(first, 'chatapi.presence', (p) => p.from === `${room}/${first.name}` && p.show === 'unavailable', 'the first agent removed from the room', 8000);
    assert.deepEqual(await affiliations(v.requestId), [`${second.name}=member`, `${visitorAccount(v)}=member`].sort());
    assert.deepEqual([await chatsOf(wg, first.name), await chatsOf(wg, second.name)], [[], [v.requestId]]);

    await request(w.url).put(`${API}/chat/${second.streamId}/rooms/${v.requestId}`).set('Authorization', second.auth).expect(200);
    await request(w.url).post(`${API}/chat/${second.streamId}/rooms/${v.requestId}`).set('Authorization', second.auth).set('Content-Type', 'text/plain').send('I take over').expect(200);
    await visitorEvent(v, 'groupchat', (p) => p.body === 'I take over');
  });

  it('when the target agent rejects, then the chat stays with the first agent, who is told', async () => {
    const first = await agentUser('fctr');
    const second = await agentUser('fcts');
    const wg = await workgroup(w, [first.name, second.name]);
    await goAvailable(w, first, wg);
    const v = await visitorOf(wg);
    await meetInRoom(w, first, v);
    await goAvailable(w, second, wg);
    const res = await transfer(first, wg, v, { agent: second.name });
    assert.equal(res.status, 200, res.text);
    await agentOffer(second, 'offerReceived', v.requestId);
    await request(w.url).delete(`${API}/chat/${second.streamId}/offer/${v.requestId}`).set('Authorization', second.auth).expect(200);
    const outcome = await waitEvent(first, 'chatapi.assist', (p) => p.type === 'transferOutcome' && p.id === v.requestId, 'the transfer outcome', 8000);
    assert.equal(outcome.outcome, 'rejected');
    assert.deepEqual(await chatsOf(wg, first.name), [v.requestId]);
  });

  it('when the agent moves the chat to another workgroup, then its agent gets the offer and takes over the same room; a closed workgroup refuses with 409', async () => {
    const first = await agentUser('fcwa');
    const third = await agentUser('fcwc');
    const wg = await workgroup(w, [first.name]);
    const billing = await workgroup(w, [third.name], {}, 'bill');
    const closed = await workgroup(w, [], { open: false }, 'shut');
    await goAvailable(w, first, wg);
    await goAvailable(w, third, billing);
    const v = await visitorOf(wg);
    const { room } = await meetInRoom(w, first, v);

    const refused = await transfer(first, wg, v, { workgroup: closed });
    assert.equal(refused.status, 409, refused.text);
    const both = await transfer(first, wg, v, { workgroup: billing, agent: third.name });
    assert.equal(both.status, 400, both.text);
    assert.deepEqual(await chatsOf(wg, first.name), [v.requestId], 'a refused transfer changes nothing');

    const moved = await transfer(first, wg, v, { workgroup: `${billing}@workgroup.${w.domain}` });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.outcome, 'moved');
    assert.deepEqual(await chatsOf(wg, first.name), []);
    const offer = await agentOffer(third, 'offerReceived', v.requestId);
    assert.equal(offer.workgroup, `${billing}@workgroup.${w.domain}`);
    await request(w.url).post(`${API}/chat/${third.streamId}/offer/${v.requestId}`).set('Authorization', third.auth).expect(200);
    const told = await visitorEvent(v, 'offer', (p) => p.transferred === true);
    assert.deepEqual([told.mucRoom, told.agent], [room, third.jid]);
    assert.deepEqual(await chatsOf(billing, third.name), [v.requestId]);
    // the chat now ends in its new workgroup
    await request(w.url).delete(chatPath(third, billing, v.requestId)).set('Authorization', third.auth).expect(200);
    await visitorEvent(v, 'chat-ended');
  });
});

/** The visitor's account (its user name in ejabberd), from the `to` of its offer event. */
function visitorAccount(v: Visitor): string {
  const offer = v.sse.events.map((m) => payloadOf(m)).find((p) => p.type === 'offer');
  return String(offer?.to ?? '').split('@')[0] ?? '';
}
