/**
 * The visitor's events: join (ask, or arrive by overflow) and cancel. Pure moves on a Draft.
 *
 * Rules:
 * - A join is refused, in this order: the userId is already waiting or chatting here
 *   (duplicate), the workgroup is closed (by hand or business hours: with the next opening), the
 *   queue is at `maxQueueLength` (queue-full, retry after about one average wait). A refused
 *   overflow arrival departs the visitor with agent-not-found (it has nowhere else to wait),
 *   except a duplicate, which is waiting here already.
 * - A joined request gets its request-timeout deadline; routing (run after every step) offers it.
 * - Cancel works at every stage: queued (depart-queue departure-requested), offered (the same,
 *   and every pending offer revoked "User canceled"), in the room (the chat ends, the room is
 *   destroyed; no depart-queue, as ofchat only leaves the room). A transferred request that
 *   waits with its room departs and its room goes too.
 * - A transferred request (`previousAgent`) joins with that agent as a rejector, so it goes to
 *   someone else first.
 */
import { endChat } from './chat-events.js';
import { nextSeq, refOf, schedule, type Draft } from './draft.js';
import type { JoinEvent } from './events.js';
import { addRejector, withdrawOffers } from './offers.js';
import { openStatus } from './open-status.js';
import { DEFAULT_WAIT_SECONDS, estimatedSeconds, insertInOrder, leaveQueue, remember } from './queue.js';
import type { CancelResult, JoinResult } from './results.js';
import type { AskData, QueuedRequestData, WorkgroupState } from './state.js';

/**
 * Why a join of `userId` would be refused now (the userID already waits or chats here, the
 * workgroup is closed, the queue is full), or undefined: the cheap check a caller can make
 * before preparing an ask, and the one `join` makes.
 */
export function joinRefusal(s: WorkgroupState, userId: string, now: number): Exclude<JoinResult, { kind: 'queued' }> | undefined {
  const waiting = s.queue.find((r) => r.userId === userId) ?? Object.values(s.chats).find((c) => c.request.userId === userId)?.request;
  if (waiting) return { kind: 'duplicate', requestId: waiting.requestId };
  const status = openStatus(s.settings, now);
  if (!status.open) return { kind: 'closed', by: status.by, nextOpening: status.nextOpening };
  if (s.settings.maxQueueLength !== null && s.queue.length >= s.settings.maxQueueLength) {
    const per = s.averageWaitMs === null ? DEFAULT_WAIT_SECONDS : Math.ceil(s.averageWaitMs / 1000);
    return { kind: 'queue-full', retryAfterSeconds: Math.max(1, per) };
  }
  return undefined;
}

export function join(d: Draft, e: JoinEvent): JoinResult {
  const s = d.s;
  const ask: AskData = {
    requestId: e.requestId,
    userId: e.userId,
    visitor: e.visitor,
    metadata: { ...e.metadata },
    priority: Number.isSafeInteger(e.priority) ? (e.priority as number) : 0,
    agent: typeof e.agent === 'string' && e.agent.length > 0 ? e.agent : null,
    askedAt: e.askedAt ?? d.now,
    overflowCount: Number.isSafeInteger(e.overflowCount) && (e.overflowCount as number) > 0 ? (e.overflowCount as number) : 0,
    ...(e.previousAgent !== undefined ? { previousAgent: e.previousAgent } : {}),
  };
  const refusal = joinRefusal(s, ask.userId, d.now);
  if (refusal) {
    // a request moved here by overflow that cannot stay departs (a duplicate is already here)
    if (refusal.kind !== 'duplicate' && ask.overflowCount > 0) d.effects.push({ type: 'departQueue', request: refOf(d, ask), reason: 'agent-not-found' });
    return refusal;
  }
  const req: QueuedRequestData = { ...ask, seq: nextSeq(d), joinedAt: d.now, deadline: d.now + s.settings.requestTimeoutMs, offers: [], rejectors: [], offeredTo: [] };
  insertInOrder(s.queue, req);
  schedule(d, { kind: 'requestTimeout', requestId: req.requestId, requestSeq: req.seq }, req.deadline);
  // a transferred chat is not offered straight back to the agent that handed it on
  if (ask.previousAgent !== undefined && s.members.includes(ask.previousAgent)) addRejector(d, req, ask.previousAgent);
  const position = s.queue.indexOf(req) + 1;
  return { kind: 'queued', requestId: req.requestId, position, estimatedSeconds: estimatedSeconds(s, position) };
}

export function cancel(d: Draft, userId: string): CancelResult {
  const req = d.s.queue.find((r) => r.userId === userId);
  if (req) {
    const stage = req.offers.length > 0 ? 'offered' : 'queued';
    withdrawOffers(d, req, 'canceled');
    leaveQueue(d, req.requestId);
    remember(d, req.requestId, req.offeredTo);
    d.effects.push({ type: 'departQueue', request: refOf(d, req), reason: 'departure-requested' });
    if (req.previousAgent !== undefined) d.effects.push({ type: 'destroyRoom', agent: req.previousAgent, request: refOf(d, req), reason: 'visitor-cancelled' });
    return { kind: 'cancelled', requestId: req.requestId, stage };
  }
  const entry = Object.entries(d.s.chats).find(([, c]) => c.request.userId === userId);
  if (!entry) return { kind: 'not-found' };
  const [requestId, chat] = entry;
  endChat(d, requestId);
  d.effects.push({ type: 'destroyRoom', agent: chat.agent, request: refOf(d, chat.request), reason: 'visitor-cancelled' });
  return { kind: 'cancelled', requestId, stage: 'room' };
}
