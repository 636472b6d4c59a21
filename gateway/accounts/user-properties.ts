/**
 * User properties (Openfire's ofUserProp), kept by ofgate: ejabberd has nothing like them.
 * The one owner of the store collection `userProperties` (username → ordered [{key, value}], so
 * they come back in the order they were given): the admin users API and the chat API's own
 * properties (chat/chat-properties.ts) both read and write through here. Single-key changes
 * are atomic (store.update); an emptied list is deleted.
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
  /** Sets one property: a key already there keeps its place, a new one goes last. */
  set(user: string, key: string, value: string): Promise<void>;
  /** Removes one property (nothing when the user has no such key). */
  remove(user: string, key: string): Promise<void>;
  /** Users that have `key` (with exactly `value`, when given). */
  usersWith(key: string, value?: string): Promise<string[]>;
  /** Users with a property value containing `search`, case aside. */
  usersWithValueContaining(search: string): Promise<string[]>;
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

export const USER_PROPERTIES_COLLECTION = 'userProperties';

export function createUserProperties(store: Store): UserProperties {
  const col = store.collection<UserProperty[]>(USER_PROPERTIES_COLLECTION);
  const usersWhere = async (match: (p: UserProperty) => boolean): Promise<string[]> =>
    (await col.entries()).filter(([, props]) => props.some(match)).map(([user]) => user);
  return {
    get: async (user) => (await col.get(user)) ?? [],
    async replace(user, properties) {
      if (properties.length === 0) await col.delete(user);
      else await col.put(user, [...properties]);
    },
    async delete(user) {
      await col.delete(user);
    },
    async set(user, key, value) {
      await col.update(user, (old) => {
        const props = old ?? [];
        return props.some((p) => p.key === key) ? props.map((p) => (p.key === key ? { key, value } : p)) : [...props, { key, value }];
      });
    },
    async remove(user, key) {
      await col.update(user, (old) => {
        const rest = (old ?? []).filter((p) => p.key !== key);
        return rest.length > 0 ? rest : undefined;
      });
    },
    usersWith: (key, value) => usersWhere((p) => p.key === key && (value === undefined || p.value === value)),
    usersWithValueContaining(search) {
      const needle = search.toLowerCase();
      return usersWhere((p) => p.value.toLowerCase().includes(needle));
    },
  };
}
