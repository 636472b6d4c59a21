/**
 * The rate limiter of ofgate's public endpoints (Fastpath asks without credentials, click-to-chat
 * in public mode): token buckets (token-bucket.ts: bounds and arithmetic) kept in the Store, so
 * one limit holds across every instance sharing a store (Redis) and on a single instance
 * (memory, embedded).
 *
 * Rules it keeps:
 * - One request is counted against all its keys (e.g. the client address and the workgroup) in
 *   one `store.transact` over their buckets: allowed only when every bucket allows it, and then
 *   all are written together; refused, nothing is written (a refused request counts against
 *   nothing). The transaction re-runs when another instance changed a bucket meanwhile, so two
 *   instances never both pass the last slot.
 * - Time only from the injected clock, read once per request before the transaction (a re-run
 *   decides at that same instant).
 * - Each bucket record expires when it stops mattering (<= one window); expiry-sweep.ts keeps
 *   the collection's index bounded on Redis. Keys are any strings (bucket-id.ts).
 * - Store failures (StorePersistError, StoreConflictError) reach the caller; so does a bad
 *   argument (RangeError: no keys, a bad limit, the same key and limit twice).
 */
import type { Clock } from '../clock/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import type { RecordWrite, Store } from '../store/index.js';
import { bucketId } from './bucket-id.js';
import { createExpirySweep } from './expiry-sweep.js';
import { bucketState, checkLimit, decide, type RateDecision, type RateLimit } from './token-bucket.js';

export const RATE_LIMIT_COLLECTION = 'rateLimits';

/** Bucket writes between two sweep pages, by default. */
export const DEFAULT_SWEEP_EVERY = 64;

export interface RateLimiterOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The buckets' collection (default `rateLimits`). */
  readonly collection?: string;
  /** Bucket writes between two pages of the expired-id sweep (default 64; 0: never sweep). */
  readonly sweepEvery?: number;
  /** Where a failed sweep is reported (default: nowhere). */
  readonly log?: Logger;
}

export interface RateLimiter {
  /**
   * Counts one request under `key` against each limit (e.g. per client address and per
   * workgroup); refused when any is exceeded (a refused request counts against nothing).
   */
  take(keys: ReadonlyArray<{ readonly key: string; readonly limit: RateLimit }>): Promise<RateDecision>;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const { store, clock } = opts;
  const collection = opts.collection ?? RATE_LIMIT_COLLECTION;
  const sweep = createExpirySweep(store.collection(collection), opts.sweepEvery ?? DEFAULT_SWEEP_EVERY, opts.log ?? silentLogger);
  return {
    async take(keys) {
      if (keys.length === 0) throw new RangeError('take needs at least one key');
      for (const k of keys) checkLimit(k.limit);
      const ids = keys.map((k) => bucketId(k.key, k.limit));
      if (new Set(ids).size !== ids.length) throw new RangeError('take lists the same key with the same limit twice');
      const now = Math.floor(clock.now());
      const decision = await store.transact(
        ids.map((id) => ({ collection, id })),
        (current) => {
          const outcome = decide(keys.map((k, i) => ({ rate: k.limit, stored: bucketState(current[i], k.limit) })), now);
          const writes: RecordWrite[] = outcome.writes.map((w, i) => ({ collection, id: ids[i] as string, value: w.state, ttlMs: w.ttlMs }));
          return { writes, result: outcome.decision };
        },
      );
      if (decision.allowed) await sweep.wrote(ids.length);
      return decision;
    },
  };
}
