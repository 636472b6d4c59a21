/**
 * Reads the shared hook stream and publishes each event on this instance's bus, so every hook
 * event is handled by exactly one instance. Runs on every instance; one reads at a time, the
 * holder of the reader lease (reader-lease.ts: one reader keeps the shim's order), the others
 * stand by and take over when its lease lapses.
 *
 * The reader, in consumer group `ofgate` as `consumer`: first the backlog (XAUTOCLAIM from the
 * start: what a previous reader read but did not acknowledge, and its own leftovers), then new
 * entries (XREADGROUP `>`, BLOCK ≤ blockMs on a connection of its own). Each event: `await
 * bus.publish`, then the batch is XACKed. It starts no event past its lease's local deadline
 * (renewing it as it goes), so a reader that stalled does not go on beside its successor.
 *
 * At-least-once across a crash: the events a reader handled but had not acknowledged when it
 * died are handled again by the next reader (at most one batch, `count` events). Exactly once
 * otherwise. Failover takes up to leaseMs + standbyMs.
 * stop(): ends the loop at once (the blocking read is cut; a subscriber still running is awaited
 * up to stopWaitMs), acknowledges what was handled, releases the lease so another instance reads
 * at once; what was not handled stays pending for it.
 */
import type { Redis } from 'ioredis';
import type { HookBus, HookEvent } from '../../hooks/index.js';
import type { Logger } from '../log/index.js';
import { hookStreamKeys } from './hook-stream-keys.js';
import { createReaderLease } from './reader-lease.js';

/** How many times an event whose subscribers fail is handled before it is skipped. */
const MAX_ATTEMPTS = 5;

class SubscriberFailed extends Error {
  override readonly name = 'SubscriberFailed';
  constructor(readonly entry: string, readonly tries: number) {
    super(`subscribers failed on hook stream entry ${entry} (attempt ${tries})`);
  }
}

export interface HookStreamConsumerOptions {
  /** Commands (lease, claim, ack, group). */
  readonly redis: Redis;
  /** A connection for the blocking read alone (default: redis.duplicate()); the consumer disconnects it on stop. */
  readonly blocking?: Redis;
  readonly bus: Pick<HookBus, 'publish'>;
  readonly keyPrefix: string;
  /** This instance's name in the group (cluster.instanceId). */
  readonly consumer: string;
  readonly log: Logger;
  /** Longest blocking read (default 1 000 ms). */
  readonly blockMs?: number;
  /** Entries per read (default 200). */
  readonly count?: number;
  /** Reader lease (default 5 000 ms). */
  readonly leaseMs?: number;
  /** How often a standby asks for the lease (default 1 000 ms). */
  readonly standbyMs?: number;
  /** Wait after a Redis error (default 1 000 ms). */
  readonly retryMs?: number;
  /** How long stop() waits for the event being published (default 5 000 ms; then it returns, the entry stays pending). */
  readonly stopWaitMs?: number;
}

export interface HookStreamConsumer {
  /** True while this instance holds the reader lease. */
  readonly reading: boolean;
  stop(): Promise<void>;
}

type StreamEntry = [id: string, fields: string[]];

function eventOf(fields: readonly string[]): HookEvent | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== 'e') continue;
    try {
      const e = JSON.parse(fields[i + 1] as string) as unknown;
      // Written by redis-hook-intake.ts from a decoded event.
      if (typeof e === 'object' && e !== null && typeof (e as HookEvent).id === 'string' && typeof (e as HookEvent).event === 'string') return e as HookEvent;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function startHookStreamConsumer(o: HookStreamConsumerOptions): HookStreamConsumer {
  const keys = hookStreamKeys(o.keyPrefix);
  const blockMs = o.blockMs ?? 1000;
  const count = o.count ?? 200;
  const leaseMs = o.leaseMs ?? 5000;
  const lease = createReaderLease(o.redis, keys.reader, o.consumer, leaseMs);
  const blocking = o.blocking ?? o.redis.duplicate();
  blocking.on('error', () => {}); // reported through the failing read
  let stopped = false;
  let reading = false;
  let wake: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const ensureGroup = async (): Promise<void> => {
    try {
      await o.redis.xgroup('CREATE', keys.stream, keys.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  };

  /** Entry id → how many times its subscribers failed (bounded: only entries being retried). */
  const attempts = new Map<string, number>();

  /** Publishes the entries in order and acknowledges those handled; false when it had to stop early. */
  const handle = async (entries: readonly StreamEntry[]): Promise<boolean> => {
    const done: string[] = [];
    try {
      for (const [id, fields] of entries) {
        if (stopped) return false;
        if (performance.now() >= lease.validUntil - leaseMs * 0.4 && (await lease.hold()) !== 'kept') return false;
        if (performance.now() >= lease.validUntil) return false;
        const event = eventOf(fields);
        if (event) {
          const failed = await o.bus.publish(event);
          if (failed > 0) {
            // a subscriber could not apply it (the shared online view's store, say): not acknowledged,
            // so it is handled again after a pause — but a few times only, or one bad event would stop the stream
            const tries = (attempts.get(id) ?? 0) + 1;
            if (tries < MAX_ATTEMPTS) {
              attempts.set(id, tries);
              throw new SubscriberFailed(id, tries);
            }
            o.log.error('hook stream: an event kept failing its subscribers; acknowledged and skipped', { entry: id, event: event.event, attempts: tries });
          }
          attempts.delete(id);
        } else o.log.warn('hook stream: unreadable entry skipped', { entry: id });
        done.push(id);
      }
      return true;
    } finally {
      if (done.length > 0) await o.redis.xack(keys.stream, keys.group, ...done);
    }
  };

  /** The pending entries of the group (earlier readers' and ours), oldest first; true when drained. */
  const drainBacklog = async (): Promise<boolean> => {
    let cursor = '0-0';
    do {
      const [next, entries] = (await o.redis.xautoclaim(keys.stream, keys.group, o.consumer, 0, cursor, 'COUNT', count)) as [string, Array<StreamEntry | null>, string[]?];
      const live = entries.filter((e): e is StreamEntry => e !== null);
      if (live.length > 0) o.log.info('hook stream: handling entries an earlier reader left unacknowledged', { entries: live.length });
      if (!(await handle(live))) return false;
      cursor = next;
    } while (cursor !== '0-0' && !stopped);
    return !stopped;
  };

  const loop = async (): Promise<void> => {
    let groupReady = false;
    let backlog = true;
    while (!stopped) {
      try {
        if (!groupReady) {
          await ensureGroup();
          groupReady = true;
        }
        const held = await lease.hold();
        if (held === 'lost') {
          if (reading) o.log.warn('hook stream: another instance reads the hook stream now', { consumer: o.consumer });
          reading = false;
          await sleep(o.standbyMs ?? 1000);
          continue;
        }
        if (held === 'taken') {
          backlog = true;
          o.log.info('hook stream: this instance reads the hook stream', { consumer: o.consumer });
        }
        reading = true;
        if (backlog) {
          backlog = !(await drainBacklog());
          continue;
        }
        const reply = (await blocking.xreadgroup('GROUP', keys.group, o.consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.stream, '>')) as Array<[string, StreamEntry[]]> | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length > 0 && !(await handle(entries))) backlog = true;
      } catch (err) {
        if (stopped) break;
        const message = String((err as Error).message);
        if (message.includes('NOGROUP')) groupReady = false;
        if (!(err instanceof SubscriberFailed)) o.log.warn('hook stream: read failed; retrying', { error: err as Error });
        backlog = true;
        await sleep(o.retryMs ?? 1000);
      }
    }
  };

  /** Leaves the group's consumer list when nothing is pending for it (instance ids change per start). */
  const forgetConsumer = async (): Promise<void> => {
    const mine = (await o.redis.xpending(keys.stream, keys.group, '-', '+', 1, o.consumer)) as unknown[];
    if (mine.length === 0) await o.redis.xgroup('DELCONSUMER', keys.stream, keys.group, o.consumer);
  };

  const running = loop();
  return {
    get reading() {
      return reading;
    },
    async stop() {
      if (stopped) return running;
      stopped = true;
      wake?.();
      blocking.disconnect();
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, o.stopWaitMs ?? 5000)));
      const ended = await Promise.race([running.then(() => true), gaveUp.then(() => false)]);
      clearTimeout(timer);
      if (ended) await forgetConsumer().catch(() => {});
      if (reading) {
        reading = false;
        await lease.release().catch((error: unknown) => o.log.warn('hook stream: could not release the reader lease; it lapses by itself', { error: error as Error }));
      }
    },
  };
}
