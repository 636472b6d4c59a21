/**
 * Keeps the buckets' collection from growing without bound on every backend. Records expire by
 * themselves (ttl <= one window), and the local backends reclaim expired records on their own;
 * but on Redis an expired record's id stays in the collection's id index until a `list` meets
 * it (gateway/store/redis/redis-keys.ts). Public endpoints see ever new client addresses, so the
 * limiter pages through its collection now and then: every `every` bucket writes, one `list`
 * page of 2 * every live records (16..MAX_LIST) from a cursor that wraps at the end, which
 * drops every expired id it passes.
 *
 * Bound: each sweep moves the cursor past at least twice as many ids as were written since the
 * last one, so the index holds at most about twice the live buckets plus one sweep's writes.
 * One sweep runs at a time; a failed one is logged and tried again after the next `every` writes.
 */
import type { Logger } from '../log/index.js';
import { MAX_LIST, type Collection } from '../store/index.js';

export interface ExpirySweep {
  /** Counts `n` bucket writes; runs one page of the sweep when `every` have added up. */
  wrote(n: number): Promise<void>;
}

export function createExpirySweep(records: Collection<unknown>, every: number, log: Logger): ExpirySweep {
  if (!Number.isSafeInteger(every) || every < 0) throw new RangeError(`sweepEvery must be a whole number >= 0, not ${every}`);
  const page = Math.min(MAX_LIST, Math.max(16, every * 2));
  let written = 0;
  let running = false;
  let cursor: string | undefined;
  return {
    async wrote(n) {
      written += n;
      if (every === 0 || written < every || running) return;
      written = 0;
      running = true;
      try {
        const seen = await records.list({ after: cursor, limit: page });
        cursor = seen.length < page ? undefined : seen[seen.length - 1]?.[0];
      } catch (e) {
        log.warn('rate limit: sweeping expired buckets failed', { error: e });
      } finally {
        running = false;
      }
    },
  };
}
