/**
 * Fastpath routing end to end on the real ejabberd: the queue (positions, their updates, the
 * agents' queue notices, priority), who gets an offer (least busy, rejection, offer timeout, dnd,
 * disconnect, broadcast, round robin), a request timing out (agent-not-found, overflow), and
 * POST ask waiting for the room.
 *
 * Cast of every test, made fresh (unique names, own workgroups, nothing shared between tests):
 * agent A through ofgate (its chat stream and SSE; available with POST chat/{sid}/assists/{wg}),
 * agent B on a plain XMPP client (available by its presence: the workgroups are autoAvailable;
 * offers reach it as XMPP messages, it answers with its own Basic credentials), visitors asking
 * with ?wait=false and listening on their own SSE streams.
 * Rules: every wait is for an event or a state, bounded; timers are set to 1 s where one must
 * run out. Where two agents tie, routing picks the lower user name (routing.ts): A's prefix
 * (fpa) sorts before B's (fpb), which the tests that need one first agent rely on.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { API, chatUser, payloadOf, type ChatUser } from '../kit/chat-kit.js';
import {
  agentOffer,
  agentRow,
  answerAsPlainAgent,
  answerOnStream,
  ask,
  askStatus,
  cancelVisitor,
  goAvailable,
  MODERN,
  offerHolder,
  plainAgent,
  visitorEvent,
  waitForAgentRow,
  workgroup,
  workgroupAddress,
  workgroupDetail,
  xmppInvitation,
  xmppJoinRoom,
  xmppOffer,
  xmppRevoke,
  type PlainAgent,
  type Visitor,
} from '../kit/fastpath-kit.js';
import type { SseClient, SseMessage } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { xml, type TestXmpp } from '../kit/xmpp-test-client.js';

const ASK_EVENT = 'chatapi.ask';

describe('Fastpath routing: queue, offers, timers', function () {
  this.timeout(20_000);
  let w: Stack;
  /** Closed after each test: SSE streams and XMPP clients the test opened. */
  let cleanups: Array<() => unknown> = [];

  before(async () => {
    w = await getWorld();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  });

  const agentA = async (): Promise<ChatUser> => {
    const a = await chatUser(w, 'fpa');
    cleanups.push(() => a.sse.close());
    return a;
  };
  const agentB = (): Promise<PlainAgent> => plainAgent(w, 'fpb');
  /** Connects B and waits until the workgroup sees it available (its presence, through the hook shim). */
  const bringOnline = async (b: PlainAgent, wg: string): Promise<TestXmpp> => {
    const t = await b.connect();
    cleanups.push(() => t.stop());
    await waitForAgentRow(w, wg, b.name, (r) => r.available && r.show === 'available', `${b.name} available in ${wg}`);
    return t;
  };
  /** A (a stream agent) and B (a plain XMPP agent) in a new auto-available workgroup with these settings, both available. */
  const bothAvailable = async (settings: Record<string, unknown> = {}) => {
    const a = await agentA();
    const b = await agentB();
    const wg = await workgroup(w, [a.name, b.name], { autoAvailable: true, ...settings });
    await goAvailable(w, a, wg);
    const t = await bringOnline(b, wg);
    return { a, b, wg, t };
  };
  const visitor = async (wg: string, extra: Record<string, unknown> = {}): Promise<Visitor> => {
    const v = await ask(w, wg, extra);
    cleanups.push(() => v.sse.close());
    return v;
  };
  const status = async (v: Visitor): Promise<Record<string, unknown>> => {
    const res = await askStatus(w, v);
    assert.equal(res.status, 200, res.text);
    return res.body as Record<string, unknown>;
  };
  const room = (requestId: string): string => `${requestId}@conference.${w.domain}`;
  /** chatapi.ask events of `type` on an SSE stream, from index `from` on. */
  const askEvents = (sse: SseClient, type: string, from = 0): Array<Record<string, unknown>> =>
    sse.events.slice(from).filter((m: SseMessage) => m.event === ASK_EVENT && payloadOf(m).type === type).map((m) => payloadOf(m));
  const waitAskEvent = async (sse: SseClient, type: string, match: (p: Record<string, unknown>) => boolean, what: string, from = 0): Promise<Record<string, unknown>> => {
    await sse.waitUntil(() => askEvents(sse, type, from).some(match), 8000, what);
    return askEvents(sse, type, from).find(match) as Record<string, unknown>;
  };

  it('when three visitors ask with no agent to take them, then they are 1, 2, 3, and when the first cancels the others move up and available agents are told', async () => {
    const a = await agentA();
    // A is available (so it gets the queue notices) but may hold no chat, so nobody is offered anything
    const wg = await workgroup(w, [a.name], { maxChatsPerAgent: 0 });
    await goAvailable(w, a, wg);
    const v1 = await visitor(wg);
    const v2 = await visitor(wg);
    const v3 = await visitor(wg);
    assert.deepEqual([v1.position, v2.position, v3.position], [1, 2, 3]);
    for (const [v, p] of [[v1, 1], [v2, 2], [v3, 3]] as const) {
      const s = await status(v);
      assert.equal(s.position, p);
      assert.equal(s.queuePosition, p);
      assert.equal(s.stage, 'queued');
      assert.equal(s.inQueue, true);
      await visitorEvent(v, 'update-queue', (e) => e.position === String(p));
    }
    const wgJid = workgroupAddress(w, wg);
    const full = await waitAskEvent(a.sse, 'notify-queue', (e) => e.userCount === '3', 'notify-queue of 3');
    assert.equal(full.from, wgJid);
    assert.equal(full.status, 'open');
    for (const [v, p] of [[v1, '1'], [v2, '2'], [v3, '3']] as const) {
      await waitAskEvent(a.sse, 'notify-queue-details', (e) => e.userid === v.userId && e.postion === p && e.requestId === v.requestId, `detail of ${v.userId} at ${p}`);
    }
    // the agent's own view of the queue: who waits, in order, with the question each asked
    const queues = await request(w.url).get(`${MODERN}/chat/${a.streamId}/assists/queues`).set('Authorization', a.auth).set('Accept', 'application/json');
    assert.equal(queues.status, 200, queues.text);
    const mine = (queues.body.queues as Array<{ name: string; users: Array<{ userID: string; queuePosition: number; question?: string }> }>).find((q) => q.name === wg);
    assert.deepEqual(mine?.users.map((u) => [u.userID, u.queuePosition]), [[v1.userId, 0], [v2.userId, 1], [v3.userId, 2]]);
    assert.ok(mine?.users.every((u) => typeof u.question === 'string' && u.question.length > 0), JSON.stringify(mine?.users));

    const seen = a.sse.events.length;
    const cancelled = await cancelVisitor(w, v1);
    assert.equal(cancelled.status, 200, cancelled.text);
    const left = await visitorEvent(v1, 'depart-queue');
    assert.equal(left.reason, 'departure-requested');
    const up2 = await visitorEvent(v2, 'update-queue', (e) => e.position === '1');
    const up3 = await visitorEvent(v3, 'update-queue', (e) => e.position === '2');
    assert.equal(up2.from, wgJid);
    assert.equal(typeof up3.remaingTime, 'string');
    assert.deepEqual([(await status(v2)).position, (await status(v3)).position], [1, 2]);
    await waitAskEvent(a.sse, 'notify-queue', (e) => e.userCount === '2', 'notify-queue of 2', seen);
    await waitAskEvent(a.sse, 'notify-queue-details', (e) => e.userid === v2.userId && e.postion === '1', 'v2 now first', seen);
    await waitAskEvent(a.sse, 'notify-queue-details', (e) => e.userid === v3.userId && e.postion === '2', 'v3 now second', seen);
    assert.ok(!askEvents(a.sse, 'notify-queue-details', seen).some((e) => e.userid === v1.userId), 'the one who left is in no detail');
  });

  it('when A holds a chat and B none, then the next request is offered to B over XMPP, B accepts with its own credentials and is invited into the room', async () => {
    const a = await agentA();
    const b = await agentB();
    const wg = await workgroup(w, [a.name, b.name], { autoAvailable: true });
    await goAvailable(w, a, wg);
    const v0 = await visitor(wg);
    await agentOffer(a, 'offerReceived', v0.requestId);
    const took = await answerOnStream(w, a, v0.requestId, 'accept');
    assert.equal(took.status, 200, took.text);
    assert.deepEqual((await agentRow(w, wg, a.name)).chats, [v0.requestId]);

    const t = await bringOnline(b, wg);
    const v1 = await visitor(wg);
    const notice = await xmppOffer(t, w, wg, v1.requestId);
    assert.equal(notice.attrs.to?.split('/')[0], b.jid);
    assert.equal(notice.getChild('offer', 'urn:ofgate:fastpath:1')?.attrs.userid, v1.userId);
    assert.equal((await agentRow(w, wg, b.name)).pendingOffer, v1.requestId);
    assert.equal((await agentRow(w, wg, a.name)).pendingOffer, undefined);
    assert.ok(!a.sse.events.some((m) => m.event === 'chatapi.assist' && payloadOf(m).id === v1.requestId), 'A was offered nothing');

    const accepted = await answerAsPlainAgent(w, b, wg, v1.requestId, 'accept');
    assert.equal(accepted.status, 200, accepted.text);
    const invite = await xmppInvitation(t, room(v1.requestId));
    assert.equal(invite.getChild('x', 'jabber:x:conference')?.attrs.reason, v1.requestId);
    const joined = await xmppJoinRoom(t, room(v1.requestId), 'agent');
    assert.notEqual(joined.attrs.type, 'error', joined.toString());
    const o = await visitorEvent(v1, 'offer');
    assert.equal(o.mucRoom, room(v1.requestId));
    assert.equal(o.agent, b.jid);
    assert.deepEqual((await agentRow(w, wg, b.name)).chats, [v1.requestId]);
  });

  it('when the agent offered a request rejects it, then it gets no revoke of its own and the other agent is offered the request', async () => {
    const { a, b, wg, t } = await bothAvailable();
    const v = await visitor(wg);
    await agentOffer(a, 'offerReceived', v.requestId); // the tie goes to A (lower name)
    assert.equal(await offerHolder(w, wg, v.requestId), a.name);

    const rejected = await answerOnStream(w, a, v.requestId, 'reject');
    assert.equal(rejected.status, 200, rejected.text);
    await xmppOffer(t, w, wg, v.requestId);
    assert.equal(await offerHolder(w, wg, v.requestId), b.name);
    const late = await answerOnStream(w, a, v.requestId, 'accept');
    assert.equal(late.status, 409, late.text);
    assert.equal((await status(v)).position, 1);

    // A's next queue notice (the request leaves when B accepts) comes after anything the reject sent A
    const seen = a.sse.events.length;
    const accepted = await answerAsPlainAgent(w, b, wg, v.requestId, 'accept');
    assert.equal(accepted.status, 200, accepted.text);
    await waitAskEvent(a.sse, 'notify-queue', (e) => e.userCount === '0', 'the queue empty again', seen);
    const toA = a.sse.events.filter((m) => m.event === 'chatapi.assist' && payloadOf(m).id === v.requestId).map((m) => payloadOf(m).type);
    assert.deepEqual(toA, ['offerReceived'], 'a rejecting agent is not sent offerRevoked');
  });

  it('when an offer times out, then the agent gets offerRevoked "The offer has timed out" and the next agent is offered the request', async () => {
    const { a, wg, t } = await bothAvailable({ offerTimeoutMs: 1000 });
    const v = await visitor(wg);
    const offer = await agentOffer(a, 'offerReceived', v.requestId);
    const lapse = Date.parse(offer.expiresAt as string);
    const revoked = await agentOffer(a, 'offerRevoked', v.requestId, 6000);
    assert.equal(revoked.reason, 'The offer has timed out');
    assert.equal(revoked.code, 'timeout');
    assert.ok(Date.now() >= lapse - 50, 'not revoked before the offer lapsed');
    await xmppOffer(t, w, wg, v.requestId, 6000);
    // B lets it lapse too: the XMPP agent is told it was withdrawn
    const gone = await xmppRevoke(t, w, wg, v.requestId, 6000);
    assert.equal(gone.getChild('offer-revoked', 'urn:ofgate:fastpath:1')?.attrs.reason, 'The offer has timed out');
    assert.equal((await status(v)).position, 1);
  });

  it('when B is dnd, then requests go to A only, and when B is available again it is offered the next one', async () => {
    const { a, b, wg, t } = await bothAvailable();
    await t.send(xml('presence', {}, xml('show', {}, 'dnd')));
    await waitForAgentRow(w, wg, b.name, (r) => r.show === 'dnd' && !r.available, `${b.name} dnd`);

    const v1 = await visitor(wg);
    const v2 = await visitor(wg);
    await agentOffer(a, 'offerReceived', v1.requestId);
    // A holds an offer already, B is dnd: v2 waits unoffered
    const s2 = await status(v2);
    assert.equal(s2.stage, 'queued');
    assert.equal(s2.position, 2);
    assert.equal((await agentRow(w, wg, b.name)).pendingOffer, undefined);
    assert.ok(!t.received.some((el) => el.getChild('offer', 'urn:ofgate:fastpath:1')), 'B got no offer while dnd');

    await t.send(xml('presence'));
    await xmppOffer(t, w, wg, v2.requestId);
    const row = await agentRow(w, wg, b.name);
    assert.equal(row.available, true);
    assert.equal(row.pendingOffer, v2.requestId);
    assert.equal((await status(v2)).stage, 'offered');
  });

  it('when the agent holding an offer disconnects, then the offer is revoked at once and re-offered to A, the visitor keeping its place', async () => {
    const a = await agentA();
    const b = await agentB();
    // offers last a minute: only the disconnect can end B's
    const wg = await workgroup(w, [a.name, b.name], { autoAvailable: true, offerTimeoutMs: 60_000 });
    const t = await bringOnline(b, wg);
    const v1 = await visitor(wg);
    await xmppOffer(t, w, wg, v1.requestId);
    const v2 = await visitor(wg);
    await goAvailable(w, a, wg);
    // A takes v2 off the table for itself (a rejector is not offered it again for 20 s)
    await agentOffer(a, 'offerReceived', v2.requestId);
    assert.equal((await answerOnStream(w, a, v2.requestId, 'reject')).status, 200);

    const stopped = Date.now();
    await t.stop();
    const offer = await agentOffer(a, 'offerReceived', v1.requestId, 8000);
    assert.ok(Date.now() - stopped < 8000, 'revoked at the disconnect, not at the offer timeout');
    assert.equal(offer.workgroup, workgroupAddress(w, wg));
    const rowB = await waitForAgentRow(w, wg, b.name, (r) => r.show === 'offline', `${b.name} offline`);
    assert.equal(rowB.pendingOffer, undefined);
    assert.equal((await agentRow(w, wg, a.name)).pendingOffer, v1.requestId);
    const s1 = await status(v1);
    assert.equal(s1.requestId, v1.requestId);
    assert.equal(s1.position, 1);
    assert.equal(s1.stage, 'offered');
    assert.equal((await status(v2)).position, 2);
    assert.deepEqual(askEvents(v1.sse, 'update-queue').map((e) => e.position), ['1'], 'v1 never moved');
  });

  it('when a request waits past the request timeout with no agent, then the visitor departs with agent-not-found and its ask is gone', async () => {
    const a = await agentA();
    // long enough for the ask to answer and the visitor's stream to open before the request ends (its token lapses then)
    const wg = await workgroup(w, [a.name], { requestTimeoutMs: 2500 });
    const v = await visitor(wg);
    assert.equal(v.position, 1);
    const left = await visitorEvent(v, 'depart-queue', () => true, 6000);
    assert.equal(left.reason, 'agent-not-found');
    assert.equal(left.requestId, v.requestId);
    // asked by an admin (the visitor's token lapses with its request: 401 for it once the end is recorded)
    const res = await request(w.url).get(`${MODERN}/ask/${encodeURIComponent(v.userId)}`).set('Authorization', w.secret).set('Accept', 'application/json');
    assert.equal(res.status, 404, res.text);
    assert.equal((await workgroupDetail(w, wg)).queueLength, 0);
  });

  it('when a request times out in a workgroup with an overflow target, then it moves there and the agent available there is offered it', async () => {
    const a = await agentA();
    const w2 = await workgroup(w, [a.name], {}, 'wgto');
    await goAvailable(w, a, w2);
    // A is a member of W1 too, but not available there: nobody takes the request in W1
    const w1 = await workgroup(w, [a.name], { requestTimeoutMs: 2500, overflowTarget: w2 }, 'wgfrom');
    const v = await visitor(w1);
    const before = await status(v);
    assert.equal(before.workgroup, w1);
    const offer = await agentOffer(a, 'offerReceived', v.requestId, 6000);
    assert.equal(offer.workgroup, workgroupAddress(w, w2));
    await visitorEvent(v, 'update-queue', (e) => e.from === workgroupAddress(w, w2));
    const after = await status(v);
    assert.equal(after.workgroup, w2);
    assert.equal(after.workgroupJID, workgroupAddress(w, w2));
    assert.equal(after.requestId, v.requestId);
    assert.equal((await workgroupDetail(w, w1)).queueLength, 0);
    assert.equal((await workgroupDetail(w, w2)).queueLength, 1);
    assert.ok(!askEvents(v.sse, 'depart-queue').length, 'the visitor never departed');
  });

  it('when the workgroup broadcasts, then both agents are offered at once, the first accept wins and the other is revoked at once', async () => {
    const { a, b, wg, t } = await bothAvailable({ routing: 'broadcast' });
    const v = await visitor(wg);
    await Promise.all([agentOffer(a, 'offerReceived', v.requestId), xmppOffer(t, w, wg, v.requestId)]);
    assert.equal((await agentRow(w, wg, a.name)).pendingOffer, v.requestId);
    assert.equal((await agentRow(w, wg, b.name)).pendingOffer, v.requestId);

    const won = await answerAsPlainAgent(w, b, wg, v.requestId, 'accept');
    assert.equal(won.status, 200, won.text);
    const revoked = await agentOffer(a, 'offerRevoked', v.requestId, 3000);
    assert.equal(revoked.reason, 'The offer was accepted by another agent');
    assert.equal(revoked.code, 'accepted-elsewhere');
    const late = await answerOnStream(w, a, v.requestId, 'accept');
    assert.equal(late.status, 409, late.text);
    await xmppInvitation(t, room(v.requestId));
    assert.equal((await agentRow(w, wg, a.name)).pendingOffer, undefined);
  });

  it('when the workgroup routes round robin, then consecutive requests alternate agents even when one is busier', async () => {
    const { a, b, wg } = await bothAvailable({ routing: 'roundRobin' });
    const holders: string[] = [];
    const serve = async (): Promise<Visitor> => {
      const v = await visitor(wg);
      const holder = await offerHolder(w, wg, v.requestId);
      holders.push(holder);
      const res = holder === a.name ? await answerOnStream(w, a, v.requestId, 'accept') : await answerAsPlainAgent(w, b, wg, v.requestId, 'accept');
      assert.equal(res.status, 200, res.text);
      return v;
    };
    await serve();
    const second = await serve();
    // B's chat ends: A holds 1 chat, B none; the least busy rule would pick B, round robin picks A
    assert.equal((await cancelVisitor(w, second)).status, 200);
    assert.deepEqual((await agentRow(w, wg, b.name)).chats ?? [], []);
    await serve();
    await serve();
    assert.deepEqual(holders, [a.name, b.name, a.name, b.name]);
  });

  it('when a trusted ask comes with priority 5, then it goes ahead of the earlier priority-0 asks and is offered first', async () => {
    const a = await agentA();
    const wg = await workgroup(w, [a.name]);
    const v1 = await visitor(wg);
    const v2 = await visitor(wg);
    const vip = await visitor(wg, { priority: 5 });
    assert.deepEqual([v1.position, v2.position, vip.position], [1, 2, 1]);
    await visitorEvent(v1, 'update-queue', (e) => e.position === '2');
    await visitorEvent(v2, 'update-queue', (e) => e.position === '3');
    assert.deepEqual([(await status(vip)).position, (await status(v1)).position, (await status(v2)).position], [1, 2, 3]);
    await goAvailable(w, a, wg);
    await agentOffer(a, 'offerReceived', vip.requestId);
    assert.equal((await agentRow(w, wg, a.name)).pendingOffer, vip.requestId);
  });

  it('when POST ask waits (no ?wait=false), then it answers 200 with the room once the agent accepts', async () => {
    const a = await agentA();
    const wg = await workgroup(w, [a.name]);
    await goAvailable(w, a, wg);
    const userId = unique('visitor');
    const waiting = request(w.url).post(`${MODERN}/ask`).set('Authorization', w.secret).set('Accept', 'application/json')
      .send({ workgroup: wg, userID: userId, emailAddress: `${unique('v')}@example.com`, question: 'Still there?' })
      .then((r) => r);
    const offer = await a.sse.waitFor((m) => m.event === 'chatapi.assist' && payloadOf(m).type === 'offerReceived' && (payloadOf(m).metaData as Record<string, string>).username === userId, 8000, 'the waiting ask\'s offer');
    const id = payloadOf(offer).id as string;
    const accepted = await request(w.url).post(`${API}/chat/${a.streamId}/offer/${id}`).set('Authorization', a.auth);
    assert.equal(accepted.status, 200, accepted.text);
    const res = await waiting;
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.groupchat, room(id));
    assert.equal(res.body.requestId, id);
    assert.equal(res.body.sender, workgroupAddress(w, wg));
    assert.equal(typeof res.body.token, 'string');
    assert.equal(res.headers['x-visitor-token'], res.body.token);
  });
});
