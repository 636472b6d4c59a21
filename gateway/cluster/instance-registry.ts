/**
 * The instance registry: which ofgate instances are up, and where each can be reached (its
 * advertised URL), kept in the store's `instances` collection so every instance sees the same.
 *
 * Rules:
 * - An instance is alive while its record exists: `start()` writes it with `ttlMs` and a
 *   heartbeat re-writes it every ttlMs/3, so two missed beats in a row are tolerated and a dead
 *   instance drops out ttlMs after its last beat, by the store's own expiry (no clock compared
 *   across machines).
 * - `stop()` deletes the record at once (a clean shutdown is seen immediately).
 * - A failed heartbeat (store unreachable) is logged and retried at the next beat.
 * - `list()` reads every record (the collection holds one small record per live instance).
 */
import type { Clock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { checkInstanceId } from './instance-id.js';

export interface InstanceRecord {
  readonly id: string;
  readonly url: string;
  /** Epoch ms of `start()`. */
  readonly startedAt: number;
  /** Epoch ms of the last heartbeat, by the instance's own clock. */
  readonly beatAt: number;
}

export interface InstanceRegistryOptions {
  readonly store: Store;
  readonly instanceId: string;
  /** Where other instances (and tools) reach this one, e.g. `http://10.0.0.5:7070`. */
  readonly advertiseUrl: string;
  readonly clock: Clock;
  /** How long an instance counts as alive after its last heartbeat. */
  readonly ttlMs: number;
  readonly log?: Logger;
}

export interface InstanceRegistry {
  readonly instanceId: string;
  /** Registers this instance and starts the heartbeat. */
  start(): Promise<void>;
  alive(id: string): Promise<boolean>;
  urlOf(id: string): Promise<string | undefined>;
  /** The live instances, in id order. */
  list(): Promise<InstanceRecord[]>;
  /** One heartbeat now, or the one already on its way (the timer beats every ttlMs/3). */
  heartbeat(): Promise<void>;
  /** Stops the heartbeat and deregisters. */
  stop(): Promise<void>;
}

export const INSTANCES_COLLECTION = 'instances';

export function createInstanceRegistry(opts: InstanceRegistryOptions): InstanceRegistry {
  const { store, clock, ttlMs, advertiseUrl, log } = opts;
  const instanceId = checkInstanceId(opts.instanceId);
  if (!(ttlMs > 0)) throw new Error('instance registry: ttlMs must be > 0');
  const instances = store.collection<InstanceRecord>(INSTANCES_COLLECTION);
  let startedAt = 0;
  let stopBeat: (() => void) | undefined;
  let beating: Promise<void> | undefined;

  const write = (): Promise<void> =>
    instances.put(instanceId, { id: instanceId, url: advertiseUrl, startedAt, beatAt: clock.now() }, { ttlMs });

  const beat = (): Promise<void> => {
    if (!stopBeat) return Promise.resolve(); // not started, or stopped: nothing to keep alive
    beating ??= write() // a beat still on its way is not doubled
      .catch((err: unknown) => log?.warn('instance heartbeat failed; retrying at the next beat', { err: String(err), instanceId }))
      .finally(() => (beating = undefined));
    return beating;
  };

  return {
    instanceId,
    async start() {
      if (stopBeat) return;
      startedAt = clock.now();
      await write();
      stopBeat = clock.every(Math.max(1, Math.floor(ttlMs / 3)), () => void beat());
    },
    heartbeat: beat,
    async alive(id) {
      return (await instances.get(id)) !== undefined;
    },
    async urlOf(id) {
      return (await instances.get(id))?.url;
    },
    async list() {
      return (await instances.entries()).map(([, rec]) => rec);
    },
    async stop() {
      stopBeat?.();
      stopBeat = undefined;
      await beating;
      await instances.delete(instanceId);
    },
  };
}
