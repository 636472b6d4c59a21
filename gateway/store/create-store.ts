/**
 * Chooses and opens the store backend from the configuration: `store.backend` embedded (the data
 * directory), redis (a connection of its own to `redis.url`, keys under `redis.keyPrefix`, closed
 * with the store) or memory.
 */
import type { Clock } from '../clock/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { closeRedis, connectRedis } from '../redis/index.js';
import { createEmbeddedStore } from './embedded/embedded-store.js';
import { createMemoryStore } from './memory/memory-store.js';
import { createRedisStore } from './redis/redis-store.js';
import type { Store } from './store.js';

export interface StoreSettings {
  readonly store: { readonly backend: 'embedded' | 'redis' | 'memory'; readonly dataDir: string };
  readonly redis: { readonly url: string; readonly keyPrefix: string };
}

export interface StoreDeps {
  readonly log?: Logger;
  readonly clock?: Pick<Clock, 'now'>;
}

export async function createStore(settings: StoreSettings, deps: StoreDeps = {}): Promise<Store> {
  const log = deps.log ?? silentLogger;
  switch (settings.store.backend) {
    case 'memory':
      return createMemoryStore({ clock: deps.clock });
    case 'embedded':
      return createEmbeddedStore({ dir: settings.store.dataDir, log, clock: deps.clock });
    case 'redis': {
      const redis = await connectRedis({ url: settings.redis.url, name: 'ofgate-store', log });
      const store = createRedisStore({ redis, keyPrefix: settings.redis.keyPrefix });
      return {
        collection: (name) => store.collection(name),
        transact: (keys, fn) => store.transact(keys, fn),
        async close() {
          await store.close();
          await closeRedis(redis);
        },
      };
    }
  }
}

