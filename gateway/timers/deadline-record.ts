/**
 * How deadlines sit in the store (pure: names, ids, records; no store, no timers).
 *
 * - `deadlines/<due>:<kind>:<id>`: the deadline. `<due>` is the due time in epoch ms, zero-padded
 *   to 15 digits, so the store's id order (`list`) is due-time order: the head of the collection
 *   is what is due first, read a bounded page at a time.
 * - `deadlineIndex/<kind>:<id>` → the deadline's record id: one deadline per kind+id, so
 *   rescheduling moves it (index and record written together in one transact).
 * - `deadlineClaims/<record id>` = { by, token }, written with an expiry of claimMs: who is firing
 *   it. Expired (the claimer died mid-fire): another instance fires it again (at-least-once).
 * A `token` (random per schedule) tells a deadline from a later one rescheduled to the very same
 * due time, so completing the first never deletes the second.
 */
export const DEADLINES_COLLECTION = 'deadlines';
export const DEADLINE_INDEX_COLLECTION = 'deadlineIndex';
export const DEADLINE_CLAIMS_COLLECTION = 'deadlineClaims';

/** Kinds name a feature's deadlines (`offerTimeout`, `room-pool`): no ':' in them. */
export const DEADLINE_KIND = /^[a-z][A-Za-z0-9-]{0,63}$/;
/** Longest id of a deadline within its kind (the store's id limit leaves room for the rest). */
export const MAX_DEADLINE_ID = 1024;
const DUE_DIGITS = 15;
const MAX_DUE = 10 ** DUE_DIGITS - 1;

export interface DeadlineRecord {
  readonly kind: string;
  readonly id: string;
  readonly dueAt: number;
  readonly payload: unknown;
  readonly token: string;
}

export interface DeadlineIndexRecord {
  readonly key: string;
  readonly token: string;
}

export interface DeadlineClaim {
  /** The claiming instance. */
  readonly by: string;
  readonly token: string;
}

export function checkDeadline(kind: string, id: string, dueAt: number): void {
  if (!DEADLINE_KIND.test(kind)) throw new Error(`deadline kind ${JSON.stringify(kind)}: lower camel case or kebab words, no ':'`);
  if (id.length === 0 || id.length > MAX_DEADLINE_ID) throw new Error(`deadline id: 1-${MAX_DEADLINE_ID} characters`);
  if (!Number.isFinite(dueAt)) throw new Error('deadline dueAt: a finite epoch ms');
}

/** The record id: due time (clamped to 0..10^15-1, whole ms) first, so id order is due order. */
export function deadlineKey(dueAt: number, kind: string, id: string): string {
  const due = Math.min(MAX_DUE, Math.max(0, Math.ceil(dueAt)));
  return `${String(due).padStart(DUE_DIGITS, '0')}:${kind}:${id}`;
}

export function indexKey(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/** The due time, kind and id back out of a record id; undefined for anything else. */
export function parseDeadlineKey(key: string): { dueAt: number; kind: string; id: string } | undefined {
  const m = /^(\d{15}):([a-z][A-Za-z0-9-]{0,63}):([\s\S]+)$/.exec(key);
  if (!m) return undefined;
  return { dueAt: Number(m[1]), kind: m[2] as string, id: m[3] as string };
}
