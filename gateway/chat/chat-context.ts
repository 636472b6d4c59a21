/**
 * What the chat actions share: the session pool, ejabberd, the store, the event hub, the
 * per-user chat state, and the one rule every `{streamid}` call starts with — the stream
 * must exist (404) and the caller must act for its user (403; ofchat did not check).
 */
import { assertActsFor, type Principal } from '../auth/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { notFound } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { ChatEvent, EventHub } from '../sse/index.js';
import type { Store } from '../store/index.js';
import type { InboundStanza, PooledSession, SessionPool } from '../xmpp/index.js';
import type { IdleSweeper } from './idle-sweeper.js';
import { createUserChat, type UserChat } from './user-chat.js';

/** The part of the SSE hub the chat needs. */
export type ChatEvents = Pick<EventHub, 'publish' | 'hasListeners' | 'forget'>;

export interface ChatSettings {
  readonly domain: string;
  readonly mucSubdomain: string;
  /** Bound for joins and other waits on ejabberd. */
  readonly waitMs: number;
  /** Largest stanza sent on a user's stream (server.stanzaMaxBytes); default the built-in limit. */
  readonly stanzaMaxBytes?: number;
}

export interface ResolvedStream {
  readonly session: PooledSession;
  readonly chat: UserChat;
}

/**
 * Shared mode: which instance holds each user's stream (gateway/cluster's stream routing
 * provides it). Absent with one instance: the pool is the whole truth.
 */
export interface ChatOwnership {
  /** Before opening a user's stream here: false when a live instance holds it. */
  claim(username: string): Promise<boolean>;
  opened(username: string, streamId: string): Promise<void>;
  /**
   * The user's stream `streamId` ended here (logoff, idle, kicked, a failed login): its records go
   * (the user's only while they still name that stream) and the lease is freed.
   */
  closed(username: string, streamId: string | undefined): Promise<void>;
  /** Shared records stay (a takeover retries later); only the lease is given up. */
  abandon(username: string): Promise<void>;
  /** Some instance has (or would reopen) a stream for the user. */
  hasStream(username: string): Promise<boolean>;
}

/** What the chat is built from (createChatService's dependencies share it). */
export interface ChatBase {
  readonly pool: SessionPool;
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly events: ChatEvents;
  readonly log: Logger;
  readonly settings: ChatSettings;
  readonly ownership?: ChatOwnership | undefined;
  /**
   * Events some streams get besides the chat's own (Fastpath visitors: their room's messages as
   * ofchat's `chatapi.ask` groupchat); [] for the rest.
   */
  readonly extraEvents?: ((username: string, stanza: InboundStanza) => ChatEvent[]) | undefined;
}

export interface ChatContext extends ChatBase {
  readonly idle: IdleSweeper;
  /** The user's chat state, created on first use. */
  chatOf(username: string): UserChat;
  dropChat(username: string): void;
  /** 404 unknown stream id, 403 a stream of another user; marks the stream as used. */
  resolve(principal: Principal, streamId: string): ResolvedStream;
}

export function createChatContext(base: ChatBase & { readonly idle: IdleSweeper }): ChatContext {
  const chats = new Map<string, UserChat>();
  const chatOf = (username: string): UserChat => {
    let c = chats.get(username);
    if (!c) chats.set(username, (c = createUserChat()));
    return c;
  };
  return {
    ...base,
    chatOf,
    dropChat: (username) => void chats.delete(username),
    resolve(principal, streamId) {
      const session = base.pool.byStreamId(streamId);
      if (!session) {
        throw notFound(`No chat stream ${streamId}: it was logged off or expired (POST chat/{username}/login)`, { resource: streamId });
      }
      assertActsFor(principal, session.username);
      base.idle.touch(session.username);
      return { session, chat: chatOf(session.username) };
    },
  };
}
