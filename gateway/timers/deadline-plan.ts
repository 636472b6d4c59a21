/**
 * The deadline scheduler's decisions, as plain functions of what was read (no store, no timers;
 * deadline-scheduler.ts does the I/O): what to arm after a poll, what a schedule/cancel/
 * completion writes, whether to claim, when to look again at a deadline someone else claimed.
 */
import type { RecordWrite } from '../store/index.js';
import {
  DEADLINE_CLAIMS_COLLECTION,
  DEADLINE_INDEX_COLLECTION,
  DEADLINES_COLLECTION,
  type DeadlineClaim,
  type DeadlineIndexRecord,
  type DeadlineRecord,
} from './deadline-record.js';

/** A local timer: the record id it fires and when; `since`: when it was armed. */
export interface ArmedTimer {
  readonly dueAt: number;
  readonly since: number;
}

export interface ArmingInput {
  /** The head of `deadlines` (due order), as listed. */
  readonly page: ReadonlyArray<readonly [string, DeadlineRecord]>;
  /** The page hit its limit: there may be later deadlines not seen. */
  readonly pageFull: boolean;
  readonly now: number;
  /** Arm what is due within this much time (the next poll arms the rest). */
  readonly horizonMs: number;
  /** When the listing started: timers armed after it may be for records it could not see. */
  readonly listedAt: number;
  readonly armed: ReadonlyMap<string, ArmedTimer>;
  /** Kinds with a handler here; other kinds are left to instances that handle them. */
  readonly kinds: ReadonlySet<string>;
}

export interface ArmingPlan {
  readonly arm: ReadonlyArray<{ readonly key: string; readonly dueAt: number }>;
  /** Armed timers whose deadline is gone (fired, cancelled or moved by another instance). */
  readonly disarm: readonly string[];
}

export function planArming(input: ArmingInput): ArmingPlan {
  const { page, pageFull, now, horizonMs, listedAt, armed, kinds } = input;
  const arm: Array<{ key: string; dueAt: number }> = [];
  const seen = new Set<string>();
  for (const [key, rec] of page) {
    seen.add(key);
    if (!kinds.has(rec.kind) || armed.has(key) || rec.dueAt > now + horizonMs) continue;
    arm.push({ key, dueAt: rec.dueAt });
  }
  const last = page[page.length - 1]?.[0];
  const disarm: string[] = [];
  for (const [key, t] of armed) {
    const coveredByPage = !pageFull || (last !== undefined && key <= last);
    if (!seen.has(key) && coveredByPage && t.since < listedAt) disarm.push(key);
  }
  return { arm, disarm };
}

export type FireDecision =
  /** The record is gone (done, cancelled, moved): nothing to do. */
  | 'gone'
  /** Not due yet (a clock ahead of the record): arm again at its due time. */
  | 'early'
  /** No handler for its kind here. */
  | 'unhandled'
  | 'claim';

export function decideFire(rec: DeadlineRecord | undefined, now: number, kinds: ReadonlySet<string>): FireDecision {
  if (!rec) return 'gone';
  if (!kinds.has(rec.kind)) return 'unhandled';
  return rec.dueAt > now ? 'early' : 'claim';
}

/** When to look again at a deadline another claim holds: as its claim expires (+1 ms). */
export function claimRetryAt(claimExpiresAt: number | undefined, now: number, claimMs: number): number {
  return claimExpiresAt !== undefined ? Math.max(now, claimExpiresAt + 1) : now + claimMs;
}

const write = (collection: string, id: string, value: unknown): RecordWrite => ({ collection, id, value });

/**
 * Scheduling kind+id at `newKey`: the index read before the transaction said `indexRead`; if it
 * still does, write the record and the index and drop the old record; otherwise 'stale' (read
 * the index again: the old record to drop is another one).
 */
export function planSchedule(
  indexNow: DeadlineIndexRecord | undefined,
  indexRead: DeadlineIndexRecord | undefined,
  indexId: string,
  newKey: string,
  rec: DeadlineRecord,
): RecordWrite[] | 'stale' {
  if (indexNow?.key !== indexRead?.key || indexNow?.token !== indexRead?.token) return 'stale';
  const writes = [write(DEADLINES_COLLECTION, newKey, rec), write(DEADLINE_INDEX_COLLECTION, indexId, { key: newKey, token: rec.token })];
  if (indexRead && indexRead.key !== newKey) writes.push(write(DEADLINES_COLLECTION, indexRead.key, undefined));
  return writes;
}

/** Cancelling: drop the index and the record it points to, if the index is still as read. */
export function planCancel(
  indexNow: DeadlineIndexRecord | undefined,
  indexRead: DeadlineIndexRecord,
  indexId: string,
): RecordWrite[] | 'stale' {
  if (indexNow?.key !== indexRead.key || indexNow.token !== indexRead.token) return 'stale';
  return [write(DEADLINE_INDEX_COLLECTION, indexId, undefined), write(DEADLINES_COLLECTION, indexRead.key, undefined)];
}

/**
 * After the handler ran: delete the deadline, its index entry and our claim — each only if it is
 * still the one fired (same token; the claim still ours). A deadline rescheduled meanwhile, even
 * to the same due time, stays.
 */
export function planCompletion(
  key: string,
  indexId: string,
  token: string,
  me: string,
  current: { deadline: DeadlineRecord | undefined; index: DeadlineIndexRecord | undefined; claim: DeadlineClaim | undefined },
): RecordWrite[] {
  const writes: RecordWrite[] = [];
  if (current.deadline?.token === token) writes.push(write(DEADLINES_COLLECTION, key, undefined));
  if (current.index?.key === key && current.index.token === token) writes.push(write(DEADLINE_INDEX_COLLECTION, indexId, undefined));
  if (current.claim?.by === me && current.claim.token === token) writes.push(write(DEADLINE_CLAIMS_COLLECTION, key, undefined));
  return writes;
}
