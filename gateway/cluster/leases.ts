/**
 * Leases: "exactly one instance does X" (owns a user's stream, runs the room bot), on the Store
 * port only, so it behaves the same on every backend.
 *
 * The trade-off, and the choice: stream ownership holds thousands of per-user leases per
 * instance. A record per lease with its own expiry would cost one write per lease per renewal
 * (10,000 leases renewed every 5 s = 2,000 writes/s per instance). Instead liveness is per
 * instance: ONE heartbeat record `leaseHolders/<instanceId>` = { incarnation }, written with
 * ttlMs and renewed every ttlMs/3; each lease record `leases/<name>` = { holder, incarnation }
 * points at it (lease-record.ts). Renewing every lease an instance holds is one write. The
 * price: leases are lost all together (the instance's heartbeat lapsed), never one by one, and
 * every lease shares the instance's ttlMs (no per-lease ttl; `acquire(name)` takes none).
 *
 * Rules:
 * - `acquire` takes a lease that is absent or whose holder's heartbeat is gone or belongs to
 *   another incarnation, by compare-and-set on the lease record (two racing instances: one
 *   wins). A live holder keeps it until it releases it or dies.
 * - A restart, or a heartbeat found lapsed, starts a new incarnation: nothing of the previous
 *   life is held any more, and `onLost` gets the names this instance thought it held.
 * - `holds(name)` is the local check a holder makes before acting: held, and the last
 *   successful heartbeat is younger than ttlMs (after that, another instance may take over even
 *   before this one's keeper notices). What a holder drives in the store is still a
 *   compare-and-set, so the short overlap a stalled holder can have changes nothing twice.
 * - Lease records carry their own long expiry (recordTtlMs) only to garbage-collect the records
 *   of dead instances; the keeper re-writes each held record once half of it is left, at most
 *   `refreshBatch` per beat (amortised: 10,000 leases / 3 h ≈ 1 write/s).
 * - `stop()` deletes the heartbeat: every lease of this instance is free at once.
 * - Expiry is the store's (one authority); no clocks are compared across machines.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { checkInstanceId } from './instance-id.js';
import { decideAcquire, dueForRefresh, liveHolder, type HolderRecord, type LeaseRecord } from './lease-record.js';

export interface LeasesOptions {
  readonly store: Store;
  readonly instanceId: string;
  readonly clock: Clock;
  /** How long this instance's leases outlive its last heartbeat (default 15 s); beats every ttlMs/3. */
  readonly ttlMs?: number;
  /** Expiry of a lease record itself (garbage collection, see above; default 6 h). */
  readonly recordTtlMs?: number;
  /** Lease records re-written per beat at most (default 200). */
  readonly refreshBatch?: number;
  /** Told the names of the leases this instance lost (its heartbeat lapsed, or a record was taken). */
  readonly onLost?: (names: readonly string[]) => void;
  readonly log?: Logger;
}

export interface Leases {
  readonly instanceId: string;
  /** Writes the heartbeat (a new incarnation) and starts the keeper. */
  start(): Promise<void>;
  /** Takes the lease if free, expired or already ours; false while another live instance holds it. */
  acquire(name: string): Promise<boolean>;
  /** true while the lease is still ours (nothing to write: the heartbeat renews every lease). */
  renew(name: string): Promise<boolean>;
  /** Frees the lease if it is ours; true when it was. */
  release(name: string): Promise<boolean>;
  /** The live holder's instance id, or undefined when nobody holds it. */
  holder(name: string): Promise<string | undefined>;
  /** Local, no I/O: held, and the heartbeat was renewed less than ttlMs ago. */
  holds(name: string): boolean;
  /** The names this instance believes it holds. */
  held(): string[];
  /** One keeper step (the keeper runs it every ttlMs/3): heartbeat, loss detection, record refresh. */
  keep(): Promise<void>;
  /** Stops the keeper and deletes the heartbeat (all leases free at once). */
  stop(): Promise<void>;
}

export const LEASES_COLLECTION = 'leases';
export const LEASE_HOLDERS_COLLECTION = 'leaseHolders';
const ACQUIRE_ATTEMPTS = 5;

export function createLeases(opts: LeasesOptions): Leases {
  const { store, clock, log, onLost } = opts;
  const me = checkInstanceId(opts.instanceId);
  const ttlMs = opts.ttlMs ?? 15_000;
  const recordTtlMs = opts.recordTtlMs ?? 6 * 3_600_000;
  const refreshBatch = opts.refreshBatch ?? 200;
  if (!(ttlMs > 0) || !(recordTtlMs > ttlMs)) throw new Error('leases: need 0 < ttlMs < recordTtlMs');
  const leases = store.collection<LeaseRecord>(LEASES_COLLECTION);
  const holders = store.collection<HolderRecord>(LEASE_HOLDERS_COLLECTION);
  /** Held lease → its record's expiry (for the refresh). */
  const heldUntil = new Map<string, number>();
  let incarnation = '';
  let lastBeatAt = -Infinity;
  let stopKeeper: (() => void) | undefined;
  let keeping: Promise<void> | undefined;
  /** Fires ttlMs after the last good beat: the loss is known without any I/O (the store may hang). */
  let cancelWatchdog: (() => void) | undefined;
  let mustReincarnate = false;
  const armWatchdog = (): void => {
    cancelWatchdog?.();
    cancelWatchdog = clock.after(ttlMs, () => {
      if (beatFresh()) return;
      mustReincarnate = true; // the next beat that reaches the store starts a new life
      const lost = [...heldUntil.keys()];
      heldUntil.clear();
      reportLost(lost);
    });
  };

  const mine = (): LeaseRecord => ({ holder: me, incarnation });
  const isMine = (rec: LeaseRecord | undefined): boolean => rec?.holder === me && rec.incarnation === incarnation;
  const beatFresh = (): boolean => clock.now() < lastBeatAt + ttlMs;

  const reportLost = (names: readonly string[]): void => {
    if (names.length === 0) return;
    log?.warn('leases lost', { instanceId: me, count: names.length });
    try {
      onLost?.(names);
    } catch (err) {
      log?.error('leases: onLost threw', { err: String(err) });
    }
  };

  /** A new life: nothing held any more; the heartbeat now names the new incarnation. */
  const reincarnate = async (): Promise<void> => {
    const lost = [...heldUntil.keys()];
    heldUntil.clear();
    incarnation = randomBytes(9).toString('base64url');
    const at = clock.now();
    reportLost(lost);
    await holders.put(me, { incarnation }, { ttlMs });
    lastBeatAt = at;
    mustReincarnate = false;
    armWatchdog();
  };

  const beat = async (): Promise<void> => {
    const at = clock.now();
    let lapsed: boolean;
    try {
      const hb = await holders.getVersioned(me);
      lapsed = mustReincarnate || hb?.value.incarnation !== incarnation || !(await holders.compareAndSet(me, hb.version, { incarnation }, { ttlMs }));
      if (!lapsed) {
        lastBeatAt = at;
        armWatchdog();
      }
    } catch (err) {
      log?.warn('lease heartbeat failed', { err: String(err), instanceId: me });
      lapsed = !beatFresh(); // the store may have expired it: others can take our leases
    }
    if (lapsed) await reincarnate();
  };

  const refresh = async (): Promise<void> => {
    const lost: string[] = [];
    for (const name of dueForRefresh(heldUntil, clock.now(), recordTtlMs, refreshBatch)) {
      const at = clock.now();
      const cur = await leases.getVersioned(name);
      if (cur && isMine(cur.value) && (await leases.compareAndSet(name, cur.version, mine(), { ttlMs: recordTtlMs }))) {
        heldUntil.set(name, at + recordTtlMs);
      } else if (heldUntil.delete(name)) lost.push(name);
    }
    reportLost(lost);
  };

  const keep = async (): Promise<void> => {
    if (keeping) return keeping;
    keeping = (async () => {
      try {
        await beat();
        if (beatFresh()) await refresh();
      } catch (err) {
        log?.warn('lease keeper step failed', { err: String(err), instanceId: me });
      }
    })().finally(() => (keeping = undefined));
    return keeping;
  };

  return {
    instanceId: me,
    async start() {
      if (stopKeeper) return;
      await reincarnate();
      stopKeeper = clock.every(Math.max(1, Math.floor(ttlMs / 3)), () => void keep());
    },
    async acquire(name) {
      if (!stopKeeper) throw new Error('leases: acquire before start()');
      for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
        if (!beatFresh()) return false; // we could not keep it: our own heartbeat may be gone
        const cur = await leases.getVersioned(name);
        const other = cur && !isMine(cur.value) ? await holders.get(cur.value.holder) : undefined;
        const at = clock.now();
        switch (decideAcquire(cur?.value, other, mine())) {
          case 'mine':
            heldUntil.set(name, cur?.expiresAt ?? at + recordTtlMs);
            return true;
          case 'taken':
            heldUntil.delete(name);
            return false;
          case 'take':
            if (await leases.compareAndSet(name, cur?.version ?? 0, mine(), { ttlMs: recordTtlMs })) {
              heldUntil.set(name, at + recordTtlMs);
              return true;
            }
        }
      }
      return false;
    },
    async renew(name) {
      const cur = await leases.get(name);
      if (isMine(cur) && beatFresh()) return true;
      heldUntil.delete(name);
      return false;
    },
    async release(name) {
      heldUntil.delete(name);
      const cur = await leases.getVersioned(name);
      return cur !== undefined && isMine(cur.value) && leases.compareAndSet(name, cur.version, undefined);
    },
    async holder(name) {
      const rec = await leases.get(name);
      return rec ? liveHolder(rec, await holders.get(rec.holder)) : undefined;
    },
    holds: (name) => heldUntil.has(name) && beatFresh(),
    held: () => [...heldUntil.keys()],
    keep,
    async stop() {
      stopKeeper?.();
      stopKeeper = undefined;
      cancelWatchdog?.();
      cancelWatchdog = undefined;
      await keeping;
      heldUntil.clear();
      lastBeatAt = -Infinity;
      const hb = await holders.getVersioned(me);
      if (hb && hb.value.incarnation === incarnation) await holders.compareAndSet(me, hb.version, undefined);
    },
  };
}
