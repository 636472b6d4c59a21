/**
 * A step in progress: a private mutable copy of the state, the time of the step and the effects
 * gathered so far. Only the machine's own files see it; `step` hands out the finished copy as
 * read-only. Small shared moves live here: sequence numbers, request references, deadlines.
 */
import { deadlineKeyOf, type Effect, type RequestRef } from './effects.js';
import type { DeadlineRef } from './events.js';
import type { AskData, WorkgroupStateData } from './state.js';

export interface Draft {
  readonly s: WorkgroupStateData;
  readonly now: number;
  readonly effects: Effect[];
  /** Tell every present agent about the queue even if its order did not change (status, settings). */
  notifyAll: boolean;
}

export function nextSeq(d: Draft): number {
  d.s.seq += 1;
  return d.s.seq;
}

export function refOf(d: Draft, ask: AskData): RequestRef {
  return { workgroup: d.s.name, requestId: ask.requestId, userId: ask.userId, visitor: ask.visitor };
}

export function schedule(d: Draft, deadline: DeadlineRef, at: number): void {
  d.effects.push({ type: 'schedule', kind: deadline.kind, key: deadlineKeyOf(deadline), at, deadline });
}

export function cancelDeadline(d: Draft, deadline: DeadlineRef): void {
  d.effects.push({ type: 'cancelDeadline', kind: deadline.kind, key: deadlineKeyOf(deadline) });
}
