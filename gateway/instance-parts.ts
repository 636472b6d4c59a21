/**
 * The parts that differ between one instance (store.backend embedded or memory) and several
 * (store.backend redis): the event log, the instance's identity, leases and registry. Part of the
 * composition root (gateway.ts calls it once); every part is built here and closed by `close()`.
 *
 * Stream leases exist whenever the store outlives the process (embedded and redis): the chat
 * streams are recorded and reopened password-less after a restart or by another instance. With
 * the embedded store one process holds the data directory (its lock file), so every lease holder
 * found at start is a dead process: the heartbeats are cleared and its streams are taken over at
 * once. There the leases' ttl is long (no other instance waits on them; a stalled event loop must
 * not make the process drop its own streams).
 */
import { systemClock } from './clock/index.js';
import { createInstanceRegistry, createLeases, LEASE_HOLDERS_COLLECTION, newInstanceId, type InstanceRegistry, type Leases } from './cluster/index.js';
import { ConfigError, type Config } from './config/index.js';
import { createMemoryEventLog, createRedisEventLog, type EventLog } from './events/index.js';
import type { Logger } from './log/index.js';
import { closeRedis, connectRedis, type Redis } from './redis/index.js';
import type { Store } from './store/index.js';
import { createRedisHookIntake, startHookStreamConsumer, type HookStreamConsumer } from './hook-intake/index.js';
import type { HookBus, HookIntake } from '../hooks/index.js';

export interface SharedParts {
  readonly leases: Leases;
  readonly registry: InstanceRegistry;
  /** Hook batches go to a Redis stream before the shim's 200 (any instance may receive them). */
  readonly hookIntake: HookIntake;
  /**
   * Starts reading the hook stream onto `bus` (one instance at a time, under a lease). Call it
   * once every subscriber of the bus exists: what is read before is acknowledged unheard.
   */
  startHookConsumer(bus: HookBus): Promise<void>;
  /** Told the names of the leases this instance lost (its heartbeat lapsed). */
  onLeasesLost(handler: (names: readonly string[]) => void): void;
}

export interface InstanceParts {
  readonly instanceId: string;
  readonly eventLog: EventLog;
  /** Present in shared mode only. */
  readonly shared: SharedParts | undefined;
  /** The leases of users' streams (shared: `shared.leases`); absent with the memory store. */
  readonly streamLeases: Leases | undefined;
  /** Starts heartbeats (shared mode) once the instance listens on `port`. */
  start(port: number): Promise<void>;
  close(): Promise<void>;
}

/** The embedded store's stream lease ttl, at least (see the header). */
const EMBEDDED_LEASE_SECONDS = 300;

export async function buildInstanceParts(config: Config, store: Store, log: Logger): Promise<InstanceParts> {
  const instanceId = config.cluster.instanceId ?? newInstanceId();
  const wildcard = ['0.0.0.0', '::', '[::]'].includes(config.server.host);
  if (config.store.backend === 'redis' && wildcard && !config.cluster.advertiseUrl) {
    // http://0.0.0.0:7070 reaches nothing from another host: requests passed between instances would loop back
    throw new ConfigError([`cluster.advertiseUrl: must be set when server.host is ${config.server.host} (how the other instances reach this one, e.g. http://10.0.0.5:${config.server.port})`]);
  }
  if (config.store.backend !== 'redis') {
    const eventLog = createMemoryEventLog({
      maxEvents: config.sse.replayEvents,
      maxBytes: config.sse.replayBytes,
      maxTotalBytes: config.sse.replayTotalBytes,
      epoch: Date.now(),
    });
    if (config.store.backend !== 'embedded') return { instanceId, eventLog, shared: undefined, streamLeases: undefined, start: async () => {}, close: () => eventLog.close() };
    const holders = store.collection(LEASE_HOLDERS_COLLECTION);
    for (const [id] of await holders.entries()) await holders.delete(id); // dead processes (see the header)
    const leaseSeconds = Math.max(config.cluster.leaseSeconds, EMBEDDED_LEASE_SECONDS);
    const streamLeases = createLeases({ store, instanceId, clock: systemClock, ttlMs: leaseSeconds * 1000, recordTtlMs: Math.max(6 * 3600, leaseSeconds * 4) * 1000, log });
    return {
      instanceId,
      eventLog,
      shared: undefined,
      streamLeases,
      start: () => streamLeases.start(),
      async close() {
        // the leases go free; the stream records stay for the next start to reopen
        await streamLeases.stop().catch((err: unknown) => log.warn('cannot free the stream leases', { error: err as Error }));
        await eventLog.close();
      },
    };
  }

  const connections: Redis[] = [];
  const connect = async (name: string, autoPipelining = false): Promise<Redis> => {
    const r = await connectRedis({ url: config.redis.url, name: `ofgate-${instanceId}-${name}`, log, autoPipelining });
    connections.push(r);
    return r;
  };
  const eventLog = createRedisEventLog({
    redis: await connect('events', true), // every relayed message appends here: batch the writes
    subscriber: await connect('events-sub'),
    keyPrefix: config.redis.keyPrefix,
    instanceId,
    maxEvents: config.sse.replayEvents,
    maxBytes: config.sse.replayBytes,
    listenerTtlMs: config.sse.heartbeatSeconds * 3000,
    onError: (what, err) => log.warn(`event log: ${what} failed`, { error: err as Error }),
  });
  const ttlMs = config.cluster.leaseSeconds * 1000;
  let lostHandler: ((names: readonly string[]) => void) | undefined;
  const leases = createLeases({
    store,
    instanceId,
    clock: systemClock,
    ttlMs,
    log,
    onLost: (names) => {
      log.warn('cluster: leases lost (heartbeat lapsed); their streams are taken over elsewhere', { count: names.length });
      lostHandler?.(names);
    },
  });
  let registry: InstanceRegistry | undefined;
  let consumer: HookStreamConsumer | undefined;
  const hooksRedis = await connect('hooks');
  const shared: SharedParts = {
    leases,
    get registry(): InstanceRegistry {
      if (!registry) throw new Error('the instance registry exists once the instance listens');
      return registry;
    },
    hookIntake: createRedisHookIntake({ redis: hooksRedis, keyPrefix: config.redis.keyPrefix, seqWindow: config.hooks.dedupWindow }),
    onLeasesLost(handler) {
      lostHandler = handler;
    },
    async startHookConsumer(bus) {
      if (consumer) return;
      consumer = startHookStreamConsumer({ redis: hooksRedis, blocking: await connect('hooks-read'), bus, keyPrefix: config.redis.keyPrefix, consumer: instanceId, log });
    },
  };
  return {
    instanceId,
    eventLog,
    shared,
    streamLeases: leases,
    async start(port) {
      const advertiseUrl = config.cluster.advertiseUrl ?? `http://${config.server.host}:${port}`;
      registry = createInstanceRegistry({ store, instanceId, advertiseUrl, clock: systemClock, ttlMs, log });
      await leases.start();
      await registry.start();
      log.info('cluster: instance registered', { instanceId, advertiseUrl });
    },
    async close() {
      await consumer?.stop().catch((err: unknown) => log.warn('hooks: cannot stop the stream reader', { error: err as Error }));
      await registry?.stop().catch((err: unknown) => log.warn('cluster: cannot deregister', { error: err as Error }));
      await leases.stop().catch((err: unknown) => log.warn('cluster: cannot free leases', { error: err as Error }));
      await eventLog.close();
      await Promise.all(connections.map((r) => closeRedis(r)));
    },
  };
}
