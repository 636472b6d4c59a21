/**
 * The lease naming the one instance that reads the hook stream now (`P hooks:reader`, value the
 * consumer's name, expiring after `leaseMs` unless renewed). One reader at a time keeps the
 * shim's order: events are handled in stream order, as on a single instance; with every
 * instance reading its share of a consumer group, a presence_unset could be applied on one
 * instance before the presence_set it follows on another.
 *
 * `hold()` extends the lease when held, takes it when free: `'kept'` (ours all along), `'taken'`
 * (ours now, but it may have lapsed meanwhile: whatever the holder had in hand may have been
 * claimed by another), or `'lost'`. `validUntil` is a local monotonic deadline, set before the
 * command was sent, a fifth of the lease short: past it, the holder must not start another event.
 */
import type { Redis } from 'ioredis';

const HOLD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 2
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export type HoldResult = 'kept' | 'taken' | 'lost';

export interface ReaderLease {
  hold(): Promise<HoldResult>;
  release(): Promise<void>;
  /** performance.now() before which the lease is surely ours (0: not held). */
  readonly validUntil: number;
}

type Scripted = Redis & {
  ofgateHookLeaseHold(key: string, owner: string, ms: number): Promise<number>;
  ofgateHookLeaseRelease(key: string, owner: string): Promise<number>;
};

export function createReaderLease(redis: Redis, key: string, owner: string, leaseMs: number): ReaderLease {
  const r = redis as Scripted;
  if (typeof r.ofgateHookLeaseHold !== 'function') {
    r.defineCommand('ofgateHookLeaseHold', { numberOfKeys: 1, lua: HOLD });
    r.defineCommand('ofgateHookLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
  }
  let validUntil = 0;
  return {
    async hold() {
      const sent = performance.now();
      const got = await r.ofgateHookLeaseHold(key, owner, leaseMs);
      validUntil = got === 0 ? 0 : sent + leaseMs * 0.8;
      return got === 2 ? 'kept' : got === 1 ? 'taken' : 'lost';
    },
    async release() {
      validUntil = 0;
      await r.ofgateHookLeaseRelease(key, owner);
    },
    get validUntil() {
      return validUntil;
    },
  };
}
