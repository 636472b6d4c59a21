/** A Store that keeps nothing across restarts (tests, throwaway runs). */
import { createDocumentStore } from './document-store.js';
import type { Store } from './store.js';

export function createMemoryStore(): Store {
  return createDocumentStore({}, async () => {});
}
