/**
 * A chat user's own properties (`POST|DELETE chat/{streamid}/users/{name}`) and the search by
 * property value: the stream says whose they are, the accounts' user properties
 * (accounts/user-properties.ts, the one owner of the `userProperties` records) keep them, so
 * the admin users API sees exactly what the chat wrote.
 * References: ofchat-api.md §5.7 (users).
 */
import { createUserProperties } from '../accounts/index.js';
import type { Principal } from '../auth/index.js';
import { badRequest } from '../errors/index.js';
import type { ChatContext } from './chat-context.js';

export interface ChatProperties {
  setProperty(principal: Principal, streamId: string, key: string, value: string): Promise<void>;
  deleteProperty(principal: Principal, streamId: string, key: string): Promise<void>;
  /** Users with a property value containing `search` (case-insensitive). */
  usersWithPropertyValue(search: string): Promise<string[]>;
}

export function createChatProperties(ctx: ChatContext): ChatProperties {
  const properties = createUserProperties(ctx.store);
  const checkKey = (key: string): string => {
    if (key.trim() === '') throw badRequest('A property name is required', { resource: 'property' });
    return key;
  };
  return {
    async setProperty(principal, streamId, key, value) {
      const user = ctx.resolve(principal, streamId).session.username;
      await properties.set(user, checkKey(key), value);
    },

    async deleteProperty(principal, streamId, key) {
      const user = ctx.resolve(principal, streamId).session.username;
      await properties.remove(user, checkKey(key));
    },

    usersWithPropertyValue: (search) => properties.usersWithValueContaining(search),
  };
}
