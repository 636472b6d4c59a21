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
export { createLowdbStore } from './lowdb-store.js';
