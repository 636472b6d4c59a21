/**
 * Read-only answers from a workgroup's state, for the routes and for restarts: the queue as
 * agents see it, a visitor's place, the agents' state, and the effects that re-arm every timer
 * the state holds. Pure.
 */
import { currentChats, isAvailable, pendingOfferOf } from './availability.js';
import { deadlineKeyOf, type Effect, type QueueDetail, type QueueSummary, type RequestRef } from './effects.js';
import type { DeadlineRef } from './events.js';
import { openStatus } from './open-status.js';
import { estimatedSeconds } from './queue.js';
import type { AgentChoice, Show, WorkgroupState } from './state.js';

/** notify-queue's content. */
export function queueSummary(s: WorkgroupState, now: number): QueueSummary {
  let oldest: number | null = null;
  for (const r of s.queue) if (oldest === null || r.joinedAt < oldest) oldest = r.joinedAt;
  return {
    userCount: s.queue.length,
    averageWaitSeconds: s.averageWaitMs === null ? null : Math.round(s.averageWaitMs / 1000),
    oldestJoinedAt: oldest,
    status: openStatus(s.settings, now).open ? 'open' : 'closed',
  };
}

/** notify-queue-details' content, one per waiting request, in queue order. */
export function queueDetails(s: WorkgroupState): QueueDetail[] {
  return s.queue.map((r, i) => ({
    requestId: r.requestId, userId: r.userId, position: i + 1, estimatedSeconds: estimatedSeconds(s, i + 1), joinedAt: r.joinedAt,
    ...(r.metadata.question !== undefined ? { question: r.metadata.question } : {}),
  }));
}

export type VisitorStatus =
  | { readonly stage: 'queued'; readonly requestId: string; readonly position: number; readonly estimatedSeconds: number; readonly offeredTo: readonly string[] }
  | { readonly stage: 'room'; readonly requestId: string; readonly agent: string; readonly roomReady: boolean };

/** Where visitor `userId` is in this workgroup (GET ask/{userId}), or undefined. */
export function visitorStatus(s: WorkgroupState, userId: string): VisitorStatus | undefined {
  const i = s.queue.findIndex((r) => r.userId === userId);
  const req = s.queue[i];
  if (req) return { stage: 'queued', requestId: req.requestId, position: i + 1, estimatedSeconds: estimatedSeconds(s, i + 1), offeredTo: req.offers.map((o) => o.agent) };
  for (const [requestId, c] of Object.entries(s.chats)) {
    if (c.request.userId === userId) return { stage: 'room', requestId, agent: c.agent, roomReady: c.status === 'open' };
  }
  return undefined;
}

export interface AgentView {
  readonly username: string;
  readonly available: boolean;
  readonly choice: AgentChoice;
  readonly show: Show;
  /** Request ids (= room names) of its current chats. */
  readonly chats: readonly string[];
  readonly pendingOffer: string | null;
  readonly lastChatEndedAt: number | null;
  readonly lastOfferedAt: number | null;
}

/** Every member's state, in member order (GET ask/admin/{wg}). */
export function agentViews(s: WorkgroupState): AgentView[] {
  return s.members.map((m) => {
    const a = s.agents[m];
    return {
      username: m,
      available: isAvailable(s, m),
      choice: a?.choice ?? 'auto',
      show: a?.show ?? 'offline',
      chats: Object.entries(s.chats).filter(([, c]) => c.agent === m).map(([id]) => id),
      pendingOffer: pendingOfferOf(s, m) ?? null,
      lastChatEndedAt: a?.lastChatEndedAt ?? null,
      lastOfferedAt: a?.lastOfferedAt ?? null,
    };
  });
}

/** Available members with room for another chat: a workgroup worth overflowing to. */
export function hasFreeAgent(s: WorkgroupState): boolean {
  return s.members.some((m) => isAvailable(s, m) && currentChats(s, m) < s.settings.maxChatsPerAgent);
}

/**
 * After a restart (or to repair the scheduler): a `schedule` for every deadline the state holds
 * (offer timeouts, chats' transfer offers, running exclusions, request timeouts; overdue ones fire at once) and a
 * `createRoom` for every accepted chat whose room was not reported yet. Step a `reconcile`
 * afterwards to route what became routable while no one was watching.
 */
export function resumeEffects(s: WorkgroupState): Effect[] {
  const out: Effect[] = [];
  const arm = (deadline: DeadlineRef, at: number): void => {
    out.push({ type: 'schedule', kind: deadline.kind, key: deadlineKeyOf(deadline), at, deadline });
  };
  for (const r of s.queue) {
    arm({ kind: 'requestTimeout', requestId: r.requestId, requestSeq: r.seq }, r.deadline);
    for (const o of r.offers) arm({ kind: 'offerTimeout', requestId: r.requestId, agent: o.agent, offerSeq: o.seq }, o.expiresAt);
    for (const x of r.rejectors) arm({ kind: 'rejectionExpiry', requestId: r.requestId, agent: x.agent, until: x.until }, x.until);
  }
  for (const [requestId, c] of Object.entries(s.chats)) {
    if (c.transfer) arm({ kind: 'offerTimeout', requestId, agent: c.transfer.agent, offerSeq: c.transfer.seq }, c.transfer.expiresAt);
    if (c.status !== 'creating') continue;
    const request: RequestRef = { workgroup: s.name, requestId, userId: c.request.userId, visitor: c.request.visitor };
    out.push({ type: 'createRoom', agent: c.agent, request, metadata: c.request.metadata });
  }
  return out;
}
