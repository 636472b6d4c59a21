/**
 * Openfire system properties, kept by ofgate (ejabberd has no such store). Plain domain
 * logic over the Store port. Messages and check order as the plugin's SystemController: an
 * update checks that the property exists (404) before that the body's key matches (400).
 */
import { badRequest, notFound } from '../errors/index.js';
import type { Store } from '../store/index.js';

export interface SystemProperties {
  list(): Promise<Array<{ key: string; value: string }>>;
  get(key: string): Promise<{ key: string; value: string }>;
  create(key: string | undefined, value: string): Promise<void>;
  /** `bodyKey`: the key the body carries, when it carries one (must equal `key`). */
  update(key: string, value: string, bodyKey?: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createSystemProperties(store: Store): SystemProperties {
  const col = store.collection<string>('systemProperties');
  const missing = (key: string, message = 'Could not find property') => notFound(message, { resource: key, exception: 'PropertyNotFoundException' });
  return {
    async list() {
      return (await col.entries()).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
    },
    async get(key) {
      const value = await col.get(key);
      if (value === undefined) throw missing(key);
      return { key, value };
    },
    async create(key, value) {
      if (!key) throw badRequest('Property key is required', { resource: 'property' });
      await col.put(key, value);
    },
    async update(key, value, bodyKey) {
      // one atomic step: a delete cannot slip in between the check and the write
      await col.update(key, (old) => {
        if (old === undefined) throw missing(bodyKey ?? key, 'Could not find property for update');
        if (bodyKey !== undefined && bodyKey !== key) throw badRequest('Path property name and entity property name doesn\'t match', { resource: key });
        return value;
      });
    },
    async delete(key) {
      if (!(await col.delete(key))) throw missing(key);
    },
  };
}
