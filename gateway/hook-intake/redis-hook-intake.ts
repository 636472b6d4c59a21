/**
 * The shared hook intake: whichever instance receives a batch appends its new events to the
 * Redis stream `P hooks` (accept-script.ts: dedup and append in one atomic step) before the
 * receiver answers 200, so the shim's at-least-once delivery ends in Redis, not in a process.
 * Consumers (hook-stream-consumer.ts) read from there.
 *
 * Dedup is shared: a batch retried to any instance, after any restart, is appended once. Shim
 * ids `<host>-<boot>-<seq>` are remembered as seqs in a sorted set per prefix, the last
 * `seqWindow` of them; ids of any other shape as one key each. Both expire after `dedupTtlMs`
 * idle. (A high-water mark per prefix would not do: the shim takes an event's seq before it
 * encodes and queues it, so an event of another process can be posted a batch after a higher
 * seq; see erlang-shim/README.md, "Delivery".)
 *
 * Durable: the append is as durable as Redis makes it (appendfsync always: on disk before the
 * reply). `accept` rejects when Redis fails or does not answer within `timeoutMs` (the receiver
 * answers 503 and the shim retries; should the late command still run, the retry is a duplicate).
 * Stream bound: MAXLEN ~ `maxLen`. Events trimmed before any consumer read them are lost: only
 * when every instance stopped reading for that many events.
 */
import type { Redis } from 'ioredis';
import { splitShimId, type HookEvent, type HookIntake, type IntakeResult } from '../../hooks/index.js';
import { ACCEPT_BATCH } from './accept-script.js';
import { hookStreamKeys } from './hook-stream-keys.js';

export interface RedisHookIntakeOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  /** Approximate stream bound (default 100 000, the shim's default queue_max). */
  readonly maxLen?: number;
  /** Seqs remembered per `<host>-<boot>` prefix (default 10 000, as the local dedup window). */
  readonly seqWindow?: number;
  /** Dedup keys of a prefix or id not seen for this long expire (default 24 h). */
  readonly dedupTtlMs?: number;
  /** Longest wait for Redis before accept rejects (default 5 000 ms). */
  readonly timeoutMs?: number;
}

type Scripted = Redis & { ofgateHookAccept(...args: Array<string | number>): Promise<[number, number]> };

export function createRedisHookIntake(o: RedisHookIntakeOptions): HookIntake {
  const keys = hookStreamKeys(o.keyPrefix);
  const maxLen = o.maxLen ?? 100_000;
  const window = o.seqWindow ?? 10_000;
  const ttl = o.dedupTtlMs ?? 24 * 3600_000;
  const timeoutMs = o.timeoutMs ?? 5000;
  const r = o.redis as Scripted;
  if (typeof r.ofgateHookAccept !== 'function') r.defineCommand('ofgateHookAccept', { lua: ACCEPT_BATCH });

  const run = async (events: readonly HookEvent[]): Promise<IntakeResult> => {
    const dedupKeys: string[] = [];
    const args: Array<string | number> = [maxLen, window, ttl];
    for (const event of events) {
      const shim = splitShimId(event.id);
      dedupKeys.push(shim ? keys.seqs(shim.prefix) : keys.id(event.id));
      args.push(shim ? 's' : 'i', shim ? String(shim.seq) : '', JSON.stringify(event));
    }
    const [accepted, duplicates] = await r.ofgateHookAccept(1 + dedupKeys.length, keys.stream, ...dedupKeys, ...args);
    return { accepted, duplicates };
  };

  return {
    async accept(events) {
      if (events.length === 0) return { accepted: 0, duplicates: 0 };
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hook intake: Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
      });
      try {
        return await Promise.race([run(events), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
