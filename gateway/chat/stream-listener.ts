/**
 * Everything a user's stream receives becomes SSE events for that user (stanza-events.ts),
 * after updating the live presences and the joined rooms. Stream notices become
 * `chatapi.xmpp` connection events; after a reconnect that could not resume the session, the
 * user's presence is sent again and the rooms are re-joined; a stream the server ended for
 * good (kicked) is dropped.
 * References: XEP-0198 §5 (resumption); XEP-0045 §7.2 (enter), §7.14 (exit, 110 + unavailable).
 */
import { joinRoomPresence, ownPresence, readStanza, type InboundStanza, type PooledSession, type SessionListener, type Stanza } from '../xmpp/index.js';
import { bareOf } from './chat-addresses.js';
import type { ChatContext } from './chat-context.js';
import { connectionEvent, stanzaEvents } from './stanza-events.js';
import type { UserChat } from './user-chat.js';

function trackRooms(chat: UserChat, s: InboundStanza): void {
  if (s.name !== 'presence' || s.type !== 'unavailable' || !s.mucStatusCodes.includes(110)) return;
  chat.rooms.delete(bareOf(s.from)); // we left, were kicked, or the room was destroyed
}

/** `ended`: cleans up after a stream the server closed for good (already out of the pool). */
export function createStreamListener(ctx: ChatContext, ended: (username: string, reason: string) => void): SessionListener {
  const current = (s: PooledSession): boolean => ctx.pool.byUser(s.username) === s;

  async function restore(s: PooledSession): Promise<void> {
    const chat = ctx.chatOf(s.username);
    await s.stream.send(ownPresence(chat.presence.mode, chat.presence.status));
    for (const [room, nick] of chat.rooms) await s.stream.send(joinRoomPresence(room, nick));
  }

  return {
    stanza(s: PooledSession, el: Stanza) {
      if (!current(s)) return;
      const inbound = readStanza(el);
      if (!inbound) return;
      const chat = ctx.chatOf(s.username);
      chat.book.record(inbound);
      trackRooms(chat, inbound);
      for (const event of stanzaEvents(inbound)) ctx.events.publish(s.username, event);
    },

    notice(s, n) {
      switch (n.kind) {
        case 'disconnected':
          ctx.events.publish(s.username, connectionEvent('disconnected'));
          return;
        case 'reconnected':
          ctx.events.publish(s.username, connectionEvent('reconnected'));
          if (!n.resumed) {
            ctx.chatOf(s.username).book.clear(); // a new session: contacts send their presences again
            restore(s).catch((err: unknown) => ctx.log.warn('chat: cannot restore presence/rooms after reconnect', { username: s.username, error: err as Error }));
          }
          return;
        case 'closed':
          ctx.log.info('chat: stream ended by the server', { username: s.username, reason: n.reason });
          ended(s.username, n.reason);
          return;
      }
    },
  };
}
