export type { Collection, CollectionName, Store } from './store.js';
export { createLowdbStore } from './lowdb-store.js';
export { createMemoryStore } from './memory-store.js';
