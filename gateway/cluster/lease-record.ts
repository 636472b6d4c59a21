/**
 * What a lease is, as data, and who holds one: the pure half of leases.ts (no store, no timers).
 *
 * A lease record names its holder by instance AND incarnation (a fresh random token each time an
 * instance (re)starts holding leases); the holder's heartbeat record carries its current
 * incarnation. A lease is held only while both agree: a dead instance's heartbeat expires and
 * all its leases are free at once; a restarted instance with the same id has a new incarnation,
 * so it never resurrects the leases of its previous life.
 */

/** `leases/<name>`: who holds the lease. */
export interface LeaseRecord {
  readonly holder: string;
  readonly incarnation: string;
}

/** `leaseHolders/<instanceId>`: the instance's heartbeat; expires ttlMs after the last beat. */
export interface HolderRecord {
  readonly incarnation: string;
}

/** The instance holding `lease`, given its holder's heartbeat (undefined: expired/absent). */
export function liveHolder(lease: LeaseRecord | undefined, heartbeat: HolderRecord | undefined): string | undefined {
  if (!lease || !heartbeat) return undefined;
  return heartbeat.incarnation === lease.incarnation ? lease.holder : undefined;
}

export type AcquireDecision =
  /** Already ours (this incarnation): nothing to write. */
  | 'mine'
  /** Another live incarnation holds it. */
  | 'taken'
  /** Absent, or its holder is dead (or an earlier incarnation of us): take it by compare-and-set. */
  | 'take';

export function decideAcquire(
  lease: LeaseRecord | undefined,
  holderHeartbeat: HolderRecord | undefined,
  me: LeaseRecord,
): AcquireDecision {
  if (lease && lease.holder === me.holder && lease.incarnation === me.incarnation) return 'mine';
  return liveHolder(lease, holderHeartbeat) === undefined ? 'take' : 'taken';
}

/**
 * Which held leases to refresh now, given each record's expiry (its own expiry garbage-collects
 * the records of dead instances; a live holder re-writes each once half of it is left), soonest
 * expiring first, at most `batch`.
 */
export function dueForRefresh(
  heldUntil: ReadonlyMap<string, number>,
  now: number,
  recordTtlMs: number,
  batch: number,
): string[] {
  const due: Array<[string, number]> = [];
  for (const [name, expiresAt] of heldUntil) if (expiresAt - now <= recordTtlMs / 2) due.push([name, expiresAt]);
  due.sort((a, b) => a[1] - b[1]);
  return due.slice(0, batch).map(([name]) => name);
}
