/**
 * The memory backend: the local store with a committer that makes every write visible at once.
 * Nothing survives the process (unit tests, throwaway runs), so the version counter starts at 0.
 * Expiry follows the injected clock.
 */
import type { Clock } from '../../clock/index.js';
import { createLocalStore } from '../local/local-store.js';
import { createRecordTable } from '../local/record-table.js';
import { createVersionCounter } from '../local/version-counter.js';
import type { Store } from '../store.js';

export interface MemoryStoreOptions {
  readonly clock?: Pick<Clock, 'now'>;
}

export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const table = createRecordTable();
  return createLocalStore({
    table,
    clock: opts.clock,
    versions: createVersionCounter(),
    committer: {
      latest: (collection, id) => table.get(collection, id),
      async commit(ops) {
        for (const op of ops) table.apply(op);
      },
      async close() {},
    },
  });
}
