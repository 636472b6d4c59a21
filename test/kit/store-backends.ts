/**
 * The stores a unit test of a store-backed service runs on: the memory store (on a fake clock)
 * and, where redis-server is installed, a real Redis started for the suite. `open()` gives a
 * fresh store as one handle per connection name: on Redis each handle its own connection over
 * one fresh key prefix (instances in shared mode), in memory the same store each time. The
 * suite runs `before` and `after` in its hooks; `after` closes every connection and stops Redis.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeRedis, connectRedis, type Redis } from '../../gateway/redis/index.js';
import { createMemoryStore, createRedisStore, type Store } from '../../gateway/store/index.js';
import { redisAvailable, startRedis, type RedisInstance } from '../harness/redis-instance.js';
import { createFakeClock } from './fake-clock.js';

export type StoreHandles<N extends readonly string[]> = { -readonly [K in keyof N]: Store };

export interface StoreBackend<N extends readonly string[]> {
  readonly name: string;
  before(): Promise<void>;
  open(): Promise<StoreHandles<N>>;
  after(): Promise<void>;
}

export interface StoreBackendOptions<N extends readonly string[]> {
  /** The Redis backend's name in the suite's title (the memory one is "memory store"). */
  readonly redisName: string;
  /** One Redis connection name per handle that open() gives. */
  readonly connections: N;
  /** The start of each fresh key prefix. */
  readonly keyPrefix: string;
}

/** One store per connection name, typed as the handles' tuple. */
const asHandles = <N extends readonly string[]>(stores: Store[]): StoreHandles<N> => stores as unknown as StoreHandles<N>;

export function storeBackends<const N extends readonly string[]>(opts: StoreBackendOptions<N>): Array<StoreBackend<N>> {
  const memory: StoreBackend<N> = {
    name: 'memory store',
    before: async () => undefined,
    async open() {
      const s = createMemoryStore({ clock: createFakeClock() });
      return asHandles(opts.connections.map(() => s));
    },
    after: async () => undefined,
  };
  return redisAvailable() ? [memory, redisBackend(opts)] : [memory];
}

function redisBackend<N extends readonly string[]>(opts: StoreBackendOptions<N>): StoreBackend<N> {
  let server: RedisInstance | undefined;
  const clients: Redis[] = [];
  return {
    name: opts.redisName,
    async before() {
      server = await startRedis();
    },
    async open() {
      assert.ok(server, 'open() before before()');
      const url = server.url;
      const keyPrefix = `${opts.keyPrefix}${randomBytes(4).toString('hex')}:`;
      const redis = await Promise.all(opts.connections.map((name) => connectRedis({ url, name })));
      clients.push(...redis);
      return asHandles(redis.map((r) => createRedisStore({ redis: r, keyPrefix })));
    },
    async after() {
      await Promise.all(clients.splice(0).map((c) => closeRedis(c)));
      await server?.stop();
    },
  };
}
