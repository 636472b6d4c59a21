/**
 * A chat user in rooms: join (nick = user name; waits, bounded, for the room's self-presence
 * with status 110 or an error; a room the join created (201) is accepted as an instant room),
 * groupchat, mediated invitation, leave. Posting, inviting and leaving need the room joined
 * on this stream (400 otherwise, as ofchat). A join error is translated from the stanza error
 * (e.g. 403 for a members-only room, 409 nick conflict → 400).
 * The rooms joined are the session's membership (xmpp/membership.ts): reported after the
 * join succeeded and the leave went out, restored by the stream layer after a reconnect.
 * References: XEP-0045 §7.2 (enter), §7.2.13 (error conditions), §7.4, §7.8.2, §7.14,
 * §10.1.2 (instant room); ofchat-api.md §5.7 (`service`, not `servicename`).
 */
import type { Principal } from '../auth/index.js';
import { badRequest } from '../errors/index.js';
import { fromStanzaError, groupchatMessage, instantRoomConfig, joinRoomPresence, leaveRoomPresence, mediatedInvite, readStanza } from '../xmpp/index.js';
import { bareOf } from '../jid/index.js';
import { bareJid, roomJid } from './chat-addresses.js';
import type { ChatContext, ResolvedStream } from './chat-context.js';
import { messageContent } from './message-text.js';

export interface ChatRooms {
  join(principal: Principal, streamId: string, room: string, service?: string): Promise<void>;
  leave(principal: Principal, streamId: string, room: string, service?: string): Promise<void>;
  post(principal: Principal, streamId: string, room: string, service: string | undefined, text: string): Promise<void>;
  invite(principal: Principal, streamId: string, room: string, service: string | undefined, jid: string, reason: string): Promise<void>;
}

export function createChatRooms(ctx: ChatContext): ChatRooms {
  const { domain, mucSubdomain, waitMs } = ctx.settings;
  const jidOf = (room: string, service: string | undefined): string => roomJid(room, service, domain, mucSubdomain);

  const joined = (r: ResolvedStream, jid: string): string => {
    const nick = r.session.membership.nickIn(jid);
    if (nick === undefined) throw badRequest(`Not in room ${jid}: join it first (PUT chat/{streamid}/rooms/{roomName})`, { resource: jid });
    return nick;
  };

  return {
    async join(principal, streamId, room, service) {
      const r = ctx.resolve(principal, streamId);
      const jid = jidOf(room, service);
      if (r.session.membership.nickIn(jid) !== undefined) return; // already in (a repeated PUT is not a nick change)
      const nick = r.session.username;
      const answer = await r.session.stream.sendAndExpect(
        joinRoomPresence(jid, nick),
        (el) => {
          const s = el.name === 'presence' ? readStanza(el) : undefined;
          return !!s && bareOf(s.from) === jid && (s.type === 'error' || s.mucStatusCodes.includes(110));
        },
        `join room ${jid}`,
        waitMs,
      );
      const s = readStanza(answer);
      if (s?.error) throw fromStanzaError(s.error, `join room ${jid}`, jid);
      r.session.membership.joined(jid, nick);
      if (s?.mucStatusCodes.includes(201)) {
        await r.session.stream.request(instantRoomConfig(jid), `create room ${jid}`, waitMs).catch((err: unknown) => {
          ctx.log.warn('chat: instant room configuration refused', { room: jid, error: err as Error });
        });
      }
    },

    async leave(principal, streamId, room, service) {
      const r = ctx.resolve(principal, streamId);
      const jid = jidOf(room, service);
      const nick = joined(r, jid);
      await r.session.stream.send(leaveRoomPresence(jid, nick));
      r.session.membership.left(jid);
    },

    async post(principal, streamId, room, service, text) {
      const r = ctx.resolve(principal, streamId);
      const jid = jidOf(room, service);
      joined(r, jid);
      if (text.trim() === '') throw badRequest('The message is empty', { resource: jid });
      await r.session.stream.send(groupchatMessage(jid, messageContent(text, { dataOnly: false })));
    },

    async invite(principal, streamId, room, service, invitee, reason) {
      const r = ctx.resolve(principal, streamId);
      const jid = jidOf(room, service);
      joined(r, jid);
      await r.session.stream.send(mediatedInvite(jid, bareJid(invitee, domain, 'jid'), reason.trim() || undefined));
    },
  };
}
