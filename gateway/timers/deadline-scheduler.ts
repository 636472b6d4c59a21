/**
 * One-shot deadlines that survive restarts and fire on one instance of several (offer and
 * request timeouts, click-to-chat, the room pool). Records in the store (deadline-record.ts),
 * decisions in deadline-plan.ts; this file does the Clock and the Store.
 *
 * Rules:
 * - `schedule(kind, id, dueAt, payload)` is idempotent per kind+id: scheduling again moves the
 *   deadline (record + index in one transact). `cancel` drops it. Both are seen by every
 *   instance at its next poll; the scheduling instance also arms it at once.
 * - Each instance polls the head of the due-ordered collection every pollMs (one bounded page:
 *   a backlog larger than a page drains a page per poll) and arms a local one-shot timer
 *   (Clock.after) for what is due within two polls, for kinds it has a handler for.
 * - When due, an instance claims the deadline (compare-and-set creating its claim record, which
 *   expires after claimMs), runs the handler, then deletes record, index and claim if still the
 *   ones it fired. Others that lose the claim look again when the claim expires, so a claimer
 *   that died (or a handler that threw) is fired again by someone: at-least-once. A handler
 *   must therefore drive its store transition as a compare-and-set: a second fire changes
 *   nothing. A handler should finish well within claimMs.
 * - `start()` re-arms what the store holds (deadlines scheduled before a restart fire then,
 *   overdue ones at once). `stop()` stops polling and disarms; a handler already running
 *   finishes on its own.
 * - Due times are compared with this instance's clock; claim expiry is the store's.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import {
  checkDeadline,
  DEADLINE_CLAIMS_COLLECTION,
  DEADLINE_INDEX_COLLECTION,
  DEADLINES_COLLECTION,
  deadlineKey,
  indexKey,
  type DeadlineClaim,
  type DeadlineIndexRecord,
  type DeadlineRecord,
} from './deadline-record.js';
import { claimRetryAt, decideFire, planArming, planCancel, planCompletion, planSchedule, type ArmedTimer } from './deadline-plan.js';

export type DeadlineHandler<P = unknown> = (id: string, payload: P, dueAt: number) => Promise<void>;

export interface DeadlineSchedulerOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly instanceId: string;
  /** How often the store is polled for deadlines (default 1 s). */
  readonly pollMs?: number;
  /** How long a claim holds off the other instances (default 30 s). */
  readonly claimMs?: number;
  /** Deadlines read per poll at most (default 500). */
  readonly pageSize?: number;
  readonly log?: Logger;
}

export interface DeadlineScheduler {
  /** Sets (or moves) the deadline of kind+id; `payload` is JSON handed to the handler. */
  schedule(kind: string, id: string, dueAt: number, payload?: unknown): Promise<void>;
  /** Drops the deadline of kind+id; true when there was one. */
  cancel(kind: string, id: string): Promise<boolean>;
  /** The handler for a kind (one per kind; set before or after start()). */
  on<P>(kind: string, handler: DeadlineHandler<P>): void;
  /** Polls now and every pollMs. */
  start(): Promise<void>;
  /** Stops polling and disarms every local timer. */
  stop(): void;
  /** Resolves once no poll or fire of this scheduler is in flight (tests, shutdown). */
  idle(): Promise<void>;
}

const TRANSACT_ATTEMPTS = 10;

export function createDeadlineScheduler(opts: DeadlineSchedulerOptions): DeadlineScheduler {
  const { store, clock, instanceId: me, log } = opts;
  const pollMs = opts.pollMs ?? 1_000;
  const claimMs = opts.claimMs ?? 30_000;
  const pageSize = opts.pageSize ?? 500;
  const horizonMs = 2 * pollMs;
  const deadlines = store.collection<DeadlineRecord>(DEADLINES_COLLECTION);
  const index = store.collection<DeadlineIndexRecord>(DEADLINE_INDEX_COLLECTION);
  const claims = store.collection<DeadlineClaim>(DEADLINE_CLAIMS_COLLECTION);
  const handlers = new Map<string, DeadlineHandler>();
  const armed = new Map<string, ArmedTimer & { cancel: () => void }>();
  /** Record ids being fired here now (a poll does not arm them again meanwhile). */
  const firing = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let stopPolling: (() => void) | undefined;
  let polling: Promise<void> | undefined;

  const track = (p: Promise<void>): Promise<void> => {
    const t = p.catch((err: unknown) => log?.warn('deadline scheduler step failed', { err: String(err), instanceId: me }));
    inFlight.add(t);
    void t.finally(() => inFlight.delete(t));
    return t;
  };

  const disarm = (key: string): void => {
    armed.get(key)?.cancel();
    armed.delete(key);
  };

  const arm = (key: string, dueAt: number): void => {
    if (!running) return;
    disarm(key);
    const cancel = clock.after(dueAt - clock.now(), () => {
      armed.delete(key);
      firing.add(key);
      void track(fire(key).finally(() => firing.delete(key)));
    });
    armed.set(key, { dueAt, since: clock.now(), cancel });
  };

  const fire = async (key: string): Promise<void> => {
    const rec = await deadlines.get(key);
    const kinds = new Set(handlers.keys());
    const decision = decideFire(rec, clock.now(), kinds);
    if (decision === 'early' && rec) return arm(key, rec.dueAt);
    if (decision !== 'claim' || !rec) return;
    if (!(await claims.compareAndSet(key, 0, { by: me, token: rec.token }, { ttlMs: claimMs }))) {
      const other = await claims.getVersioned(key);
      return arm(key, claimRetryAt(other?.expiresAt, clock.now(), claimMs));
    }
    const still = await deadlines.get(key); // cancelled or moved between the read and the claim?
    const handler = handlers.get(rec.kind);
    if (still?.token !== rec.token || !handler) {
      await claims.delete(key);
      if (still) arm(key, still.dueAt);
      return;
    }
    try {
      await handler(rec.id, rec.payload, rec.dueAt);
    } catch (err) {
      log?.warn('deadline handler failed; fired again once its claim expires', { kind: rec.kind, id: rec.id, err: String(err) });
      return arm(key, clock.now() + claimMs + 1);
    }
    const iid = indexKey(rec.kind, rec.id);
    const keys = [
      { collection: DEADLINES_COLLECTION, id: key },
      { collection: DEADLINE_INDEX_COLLECTION, id: iid },
      { collection: DEADLINE_CLAIMS_COLLECTION, id: key },
    ];
    const left = await store.transact(keys, ([deadline, idx, claim]) => ({
      writes: planCompletion(key, iid, rec.token, me, {
        deadline: deadline as DeadlineRecord | undefined,
        index: idx as DeadlineIndexRecord | undefined,
        claim: claim as DeadlineClaim | undefined,
      }),
      result: deadline as DeadlineRecord | undefined,
    }));
    if (left && left.token !== rec.token) arm(key, left.dueAt); // rescheduled to the same due time meanwhile
  };

  const poll = async (): Promise<void> => {
    const listedAt = clock.now();
    const page = await deadlines.list({ limit: pageSize });
    const busy = new Map<string, ArmedTimer>(armed);
    for (const key of firing) busy.set(key, { dueAt: 0, since: Infinity });
    const plan = planArming({
      page,
      pageFull: page.length >= pageSize,
      now: clock.now(),
      horizonMs,
      listedAt,
      armed: busy,
      kinds: new Set(handlers.keys()),
    });
    for (const key of plan.disarm) disarm(key);
    for (const { key, dueAt } of plan.arm) arm(key, dueAt);
  };

  const pollOnce = (): Promise<void> => {
    if (!running) return Promise.resolve();
    polling ??= track(poll()).finally(() => (polling = undefined));
    return polling;
  };

  /** Runs a transact whose plan may be 'stale' (the index moved since it was read) until it is not. */
  const moveIndex = async (
    kind: string,
    id: string,
    plan: (indexNow: DeadlineIndexRecord | undefined, indexRead: DeadlineIndexRecord | undefined) => ReturnType<typeof planSchedule>,
    extraKey: string | undefined,
  ): Promise<DeadlineIndexRecord | undefined> => {
    const iid = indexKey(kind, id);
    for (let attempt = 0; attempt < TRANSACT_ATTEMPTS; attempt++) {
      const indexRead = await index.get(iid);
      if (!indexRead && extraKey === undefined) return undefined; // nothing to move
      const keys = [{ collection: DEADLINE_INDEX_COLLECTION, id: iid }];
      for (const k of new Set([extraKey, indexRead?.key])) if (k !== undefined) keys.push({ collection: DEADLINES_COLLECTION, id: k });
      const done = await store.transact(keys, ([indexNow]) => {
        const writes = plan(indexNow as DeadlineIndexRecord | undefined, indexRead);
        return writes === 'stale' ? { writes: [], result: false } : { writes, result: true };
      });
      if (done) return indexRead;
    }
    throw new Error(`deadline ${kind}:${id}: its index kept moving (${TRANSACT_ATTEMPTS} attempts)`);
  };

  return {
    async schedule(kind, id, dueAt, payload = null) {
      checkDeadline(kind, id, dueAt);
      const key = deadlineKey(dueAt, kind, id);
      const rec: DeadlineRecord = { kind, id, dueAt, payload, token: randomBytes(9).toString('base64url') };
      const iid = indexKey(kind, id);
      const before = await moveIndex(kind, id, (now, read) => planSchedule(now, read, iid, key, rec), key);
      if (before && before.key !== key) disarm(before.key);
      if (handlers.has(kind) && dueAt <= clock.now() + horizonMs) arm(key, dueAt);
    },
    async cancel(kind, id) {
      const iid = indexKey(kind, id);
      // without an extra key, moveIndex plans only over an index it read
      const before = await moveIndex(kind, id, (now, read) => planCancel(now, read as DeadlineIndexRecord, iid), undefined);
      if (!before) return false;
      disarm(before.key);
      return true;
    },
    on(kind, handler) {
      handlers.set(kind, handler as DeadlineHandler);
      void pollOnce();
    },
    async start() {
      if (running) return;
      running = true;
      stopPolling = clock.every(pollMs, () => void pollOnce());
      await pollOnce();
    },
    stop() {
      running = false;
      stopPolling?.();
      stopPolling = undefined;
      for (const key of [...armed.keys()]) disarm(key);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
