/**
 * The chat API's listener of the streams it opened: everything a user's stream receives
 * becomes SSE events for that user (stanza-events.ts), after updating the contacts' live
 * presences. Stream notices become `chatapi.xmpp` connection events; after a reconnect that
 * could not resume the session the presence book starts empty (contacts send theirs again —
 * the pool re-announces the user's presence and rooms right after this notice); a stream the
 * server ended for good (kicked, account gone) is dropped. The `chatapi.xmpp` copy of a stanza
 * is built only when the hub says a stream of the user wants it (sse/chat-event.ts).
 * References: XEP-0198 §5 (resumption).
 */
import { wantsStanzaCopies } from '../sse/index.js';
import { readStanza, type PooledSession, type SessionListener, type Stanza } from '../xmpp/index.js';
import type { ChatContext } from './chat-context.js';
import { connectionEvent, stanzaEvents } from './stanza-events.js';

/** `ended`: cleans up after a stream the server closed for good (already out of the pool). */
export function createStreamListener(ctx: ChatContext, ended: (username: string, reason: string, streamId: string) => void): SessionListener {
  const current = (s: PooledSession): boolean => ctx.pool.byUser(s.username) === s;

  return {
    stanza(s: PooledSession, el: Stanza) {
      if (!current(s)) return;
      const inbound = readStanza(el);
      if (!inbound) return;
      ctx.chatOf(s.username).book.record(inbound);
      for (const event of stanzaEvents(inbound, wantsStanzaCopies(ctx.events, s.username))) ctx.events.publish(s.username, event);
      for (const event of ctx.extraEvents?.(s.username, inbound) ?? []) ctx.events.publish(s.username, event);
    },

    notice(s, n) {
      switch (n.kind) {
        case 'disconnected':
          ctx.events.publish(s.username, connectionEvent('disconnected'));
          return;
        case 'reconnected':
          ctx.events.publish(s.username, connectionEvent('reconnected'));
          if (!n.resumed) ctx.chatOf(s.username).book.clear(); // a new session: contacts send their presences again
          return;
        case 'closed':
          ctx.log.info('chat: stream ended by the server', { username: s.username, reason: n.reason });
          ended(s.username, n.reason, s.streamId);
          return;
      }
    },
  };
}
