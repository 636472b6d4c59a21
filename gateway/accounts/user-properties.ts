/**
 * User properties (Openfire's ofUserProp), kept by ofgate: ejabberd has nothing like them.
 * Stored per user as an ordered list so they come back in the order they were given.
 */
import type { Store } from '../store/index.js';
import { illegalArgument } from './account-errors.js';

export interface UserProperty {
  readonly key: string;
  readonly value: string;
}

/** A property as it arrives in a body: the key may be missing. */
export interface PropertyInput {
  readonly key?: string | undefined;
  readonly value?: string | undefined;
}

export interface UserProperties {
  get(user: string): Promise<UserProperty[]>;
  /** Replaces all of the user's properties; an empty list removes them. */
  replace(user: string, properties: readonly UserProperty[]): Promise<void>;
  delete(user: string): Promise<void>;
  /** Users that have `key` (with exactly `value`, when given). */
  usersWith(key: string, value?: string): Promise<string[]>;
}

/** Keys must be present; a later duplicate key wins, as in Openfire's property map. */
export function checkProperties(input: readonly PropertyInput[], user: string): UserProperty[] {
  const byKey = new Map<string, string>();
  for (const p of input) {
    if (p.key === undefined || p.key === '') throw illegalArgument('Every user property needs a key', user);
    byKey.set(p.key, p.value ?? '');
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export function createUserProperties(store: Store): UserProperties {
  const col = store.collection<UserProperty[]>('userProperties');
  return {
    get: async (user) => (await col.get(user)) ?? [],
    async replace(user, properties) {
      if (properties.length === 0) await col.delete(user);
      else await col.put(user, [...properties]);
    },
    async delete(user) {
      await col.delete(user);
    },
    async usersWith(key, value) {
      return (await col.entries())
        .filter(([, props]) => props.some((p) => p.key === key && (value === undefined || p.value === value)))
        .map(([user]) => user);
    },
  };
}
