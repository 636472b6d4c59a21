/**
 * A Store over one in-memory document { collection: { id: value } } with a pluggable persist
 * step. Operations are synchronous on the document, so `update` is atomic within the process;
 * persisting is coalesced (one write in flight, at most one queued).
 */
import type { Collection, CollectionName, Store } from './store.js';

export type Document = Record<string, Record<string, unknown>>;

export function createDocumentStore(doc: Document, persist: () => Promise<void>): Store {
  let writing: Promise<void> | undefined;
  let again = false;

  const schedule = (): Promise<void> => {
    if (writing) {
      again = true;
      return writing;
    }
    writing = (async () => {
      do {
        again = false;
        await persist();
      } while (again);
    })().finally(() => {
      writing = undefined;
    });
    return writing;
  };

  const clone = <T>(v: T): T => (v === undefined ? v : (structuredClone(v) as T));

  return {
    collection<T>(name: CollectionName): Collection<T> {
      const map = (): Record<string, unknown> => (doc[name] ??= {});
      return {
        async get(id) {
          return clone(map()[id] as T | undefined);
        },
        async put(id, value) {
          map()[id] = clone(value);
          await schedule();
        },
        async delete(id) {
          const m = map();
          if (!(id in m)) return false;
          delete m[id];
          await schedule();
          return true;
        },
        async entries() {
          return Object.entries(map()).map(([k, v]) => [k, clone(v as T)] as [string, T]);
        },
        async update(id, fn) {
          const m = map();
          const next = fn(clone(m[id] as T | undefined));
          if (next === undefined) delete m[id];
          else m[id] = clone(next);
          await schedule();
          return clone(next);
        },
      };
    },
    async close() {
      while (writing) await writing;
    },
  };
}
