/**
 * 1:1 messages, chat states and history.
 * - `POST messages/{to}`: see message-text.ts for how the text becomes body and/or `data`;
 *   an empty text is refused (400; ofchat sent an empty body).
 * - `POST chatstate/{state}/{to}`: an unknown state is a 400 (ofchat answered 200 and sent
 *   nothing). A `to` on the MUC service is a room: the state goes as `type=groupchat`, and the
 *   stream must be in that room (400 otherwise, as posting to it).
 * - History is read from ejabberd's archive (mod_mam) on the user's stream, or on a short-lived
 *   password-less stream when the user is not logged in (ofchat read Openfire Monitoring's
 *   tables), and grouped into conversations (conversations.ts).
 * References: ofchat-api.md §5.7; XEP-0085; XEP-0313.
 */
import { assertActsFor, type Principal } from '../auth/index.js';
import { badRequest, notFound } from '../errors/index.js';
import { bare, splitJid } from '../jid/index.js';
import { chatMessage, chatStateMessage, CHAT_STATES, isChatState, queryArchive, type UserStream } from '../xmpp/index.js';
import { bareJid } from './chat-addresses.js';
import type { ChatContext } from './chat-context.js';
import { groupConversations, type Conversation } from './conversations.js';
import { parseHistoryQuery, type HistoryParams } from './history-query.js';
import { messageContent } from './message-text.js';

export interface ChatMessaging {
  sendMessage(principal: Principal, streamId: string, to: string, text: string): Promise<void>;
  sendChatState(principal: Principal, streamId: string, state: string, to: string): Promise<void>;
  history(principal: Principal, username: string, params: HistoryParams): Promise<Conversation[]>;
}

export function createChatMessaging(ctx: ChatContext): ChatMessaging {
  const { domain, mucSubdomain, waitMs } = ctx.settings;
  const host = domain.toLowerCase();
  const sub = mucSubdomain.toLowerCase();
  /** The MUC service's domain (`conference.{domain}`; a full service name is taken as it is). */
  const mucService = sub.endsWith(`.${host}`) ? sub : `${sub}.${host}`;

  return {
    async sendMessage(principal, streamId, to, text) {
      const { session } = ctx.resolve(principal, streamId);
      const jid = bareJid(to, domain, 'to');
      if (text.trim() === '') throw badRequest('The message is empty', { resource: jid });
      await session.stream.send(chatMessage(jid, messageContent(text, { dataOnly: true })));
    },

    async sendChatState(principal, streamId, state, to) {
      const { session } = ctx.resolve(principal, streamId);
      if (!isChatState(state)) throw badRequest(`Unknown chat state ${state} (expected ${CHAT_STATES.join(', ')})`, { resource: state });
      const jid = bareJid(to, domain, 'to');
      const stanza = chatStateMessage(jid, state);
      if (splitJid(jid).domain === mucService) {
        if (session.membership.nickIn(jid) === undefined) throw badRequest(`Not in room ${jid}: join it first (PUT chat/{streamid}/rooms/{roomName})`, { resource: jid });
        stanza.attrs.type = 'groupchat';
      }
      await session.stream.send(stanza);
    },

    async history(principal, rawUsername, params) {
      const username = rawUsername.trim().toLowerCase();
      assertActsFor(principal, username);
      const q = parseHistoryQuery(params, domain, mucSubdomain);
      const read = (stream: UserStream) => queryArchive(stream, { with: q.with, start: q.start, end: q.end }, { room: q.room, timeoutMs: waitMs });
      const live = ctx.pool.byUser(username);
      let archived;
      if (live?.stream.isOnline()) {
        ctx.idle.touch(username);
        archived = await read(live.stream);
      } else {
        if (!(await ctx.backend.userExists(username))) throw notFound(`No such user: ${username}`, { resource: username, exception: 'UserNotFoundException' });
        archived = await ctx.pool.withTemporaryStream(username, read);
      }
      return groupConversations(archived, { owner: bare({ local: username, domain }), domain, room: q.room, keywords: q.keywords });
    },
  };
}
