/**
 * The chat API's domain service: per-user XMPP streams (the session pool) driven by REST
 * calls, with everything the streams receive published as SSE events. Composes the action
 * groups (sessions, messaging, contacts, properties, rooms) over one shared context.
 * References: ofchat-api.md §5.7, §6.
 */
import { systemClock, type Clock } from '../clock/index.js';
import { createChatContacts, type ChatContacts } from './chat-contacts.js';
import { createChatContext, type ChatBase } from './chat-context.js';
import { createChatMessaging, type ChatMessaging } from './chat-messaging.js';
import { createChatProperties, type ChatProperties } from './chat-properties.js';
import { createChatRooms, type ChatRooms } from './chat-rooms.js';
import { createChatSessions, type ChatSessions } from './chat-sessions.js';
import { startIdleSweeper } from './idle-sweeper.js';

export interface ChatServiceDeps extends ChatBase {
  /** config.xmpp.idleStreamSeconds (0 = never). */
  readonly idleStreamSeconds: number;
  readonly clock?: Clock;
}

export interface ChatService extends Omit<ChatSessions, 'close' | 'ended'>, ChatMessaging, ChatContacts, ChatProperties, ChatRooms {
  /** A chat stream is open for the user, on any instance (GET /sse/{username} answers 404 otherwise). */
  hasStream(username: string): Promise<boolean>;
  /** Stops the idle sweeper (the pool is stopped by its owner). */
  stop(): void;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  let sessions: ChatSessions | undefined;
  const idle = startIdleSweeper({
    idleMs: deps.idleStreamSeconds * 1000,
    clock: deps.clock ?? systemClock,
    listening: (user) => deps.events.hasListeners(user),
    expire: (user) => {
      deps.log.info('chat: idle stream logged off', { username: user });
      sessions?.close(user, 'idle').catch((err: unknown) => deps.log.warn('chat: idle logoff failed', { username: user, error: err as Error }));
    },
    onError: (err) => deps.log.warn('chat: idle sweep failed (listeners could not be asked); retried at the next one', { error: err as Error }),
  });
  const { idleStreamSeconds: _idle, clock: _clock, ...base } = deps;
  const ctx = createChatContext({ ...base, idle });
  sessions = createChatSessions(ctx);
  const { close: _close, ended: _ended, ...sessionActions } = sessions;
  return {
    ...sessionActions,
    ...createChatMessaging(ctx),
    ...createChatContacts(ctx),
    ...createChatProperties(ctx),
    ...createChatRooms(ctx),
    hasStream: async (username) => deps.pool.byUser(username) !== undefined || ((await deps.ownership?.hasStream(username)) ?? false),
    stop: () => idle.stop(),
  };
}
