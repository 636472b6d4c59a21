/**
 * A chat user's own properties (`POST|DELETE chat/{streamid}/users/{name}`), in the store
 * layout the accounts service uses: collection `userProperties`, username → ordered
 * [{key, value}] (see accounts/user-properties.ts). Updates are atomic (store.update).
 * References: ofchat-api.md §5.7 (users).
 */
import type { Principal } from '../auth/index.js';
import { badRequest } from '../errors/index.js';
import type { ChatContext } from './chat-context.js';

interface StoredProperty {
  readonly key: string;
  readonly value: string;
}

export interface ChatProperties {
  setProperty(principal: Principal, streamId: string, key: string, value: string): Promise<void>;
  deleteProperty(principal: Principal, streamId: string, key: string): Promise<void>;
  /** Users with a property value containing `search` (case-insensitive). */
  usersWithPropertyValue(search: string): Promise<string[]>;
}

export function createChatProperties(ctx: ChatContext): ChatProperties {
  const col = ctx.store.collection<StoredProperty[]>('userProperties');
  const checkKey = (key: string): string => {
    if (key.trim() === '') throw badRequest('A property name is required', { resource: 'property' });
    return key;
  };
  return {
    async setProperty(principal, streamId, key, value) {
      const user = ctx.resolve(principal, streamId).session.username;
      checkKey(key);
      await col.update(user, (old) => {
        const props = old ?? [];
        return props.some((p) => p.key === key)
          ? props.map((p) => (p.key === key ? { key, value } : p))
          : [...props, { key, value }];
      });
    },

    async deleteProperty(principal, streamId, key) {
      const user = ctx.resolve(principal, streamId).session.username;
      checkKey(key);
      await col.update(user, (old) => {
        const rest = (old ?? []).filter((p) => p.key !== key);
        return rest.length > 0 ? rest : undefined;
      });
    },

    async usersWithPropertyValue(search) {
      const needle = search.toLowerCase();
      return (await col.entries())
        .filter(([, props]) => props.some((p) => p.value.toLowerCase().includes(needle)))
        .map(([user]) => user);
    },
  };
}
