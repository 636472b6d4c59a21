/** The store concern's public face: the port, the backends, and the factory choosing one. */
export {
  COLLECTION_NAME,
  KEEP,
  MAX_ATTEMPTS,
  MAX_ID_LENGTH,
  MAX_LIST,
  StoreConflictError,
  StorePersistError,
  StoreUsageError,
  type Collection,
  type Keep,
  type ListOptions,
  type RecordKey,
  type RecordWrite,
  type Store,
  type TransactionPlan,
  type UpdateResult,
  type Versioned,
  type WriteOptions,
} from './store.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory/memory-store.js';
export { createEmbeddedStore, DEFAULT_COMPACT_AFTER_BYTES, type EmbeddedStoreOptions } from './embedded/embedded-store.js';
export { StoreLockedError } from './embedded/lock-file.js';
export { StoreRecoveryError } from './embedded/recovery.js';
export { nodeIo, type AppendFile, type StoreIo } from './embedded/store-io.js';
export { createRedisStore, type RedisStoreOptions } from './redis/redis-store.js';
export { createStore, type StoreDeps, type StoreSettings } from './create-store.js';
export { invertedTime, isNewestFirstId, newestFirstId, newestFirstKey } from './newest-first-ids.js';
