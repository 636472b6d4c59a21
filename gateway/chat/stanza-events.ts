/**
 * Inbound stanza → the SSE events ofchat pushed for it (names and field names as ofchat's
 * clients read them), as real JSON values: the hub serialises, nothing is concatenated.
 * Differences from ofchat (deliberate, documented in the report / API docs):
 * - `chatapi.presence.show` is the mode for an available presence and the presence type
 *   otherwise (`unavailable`, `subscribe`, …), so clients can see a contact leave (ofchat
 *   reported every presence as a mode);
 * - an invitation produces only its `chatapi.muc` invitationReceived event (not also a chat
 *   event for the body of a direct invitation); its `url` is null (ofgate has no Meet);
 * - `data` is the parsed JSON of the Jive property, or its text when it is not JSON;
 * - a chat state in a room (ofchat made no event) is `chatapi.muc {type:'groupchat', to, from,
 *   state}`, except the room's echo of the user's own state: the occupant whose nick is the
 *   user's name (ofgate joins rooms with nick = user name) is taken to be the user itself;
 * - a mediated invitation (muc#user <invite from=…/>) is reported only when a room sent it: the
 *   room writes the inviter's real JID into it, whereas anybody can send a user that element
 *   with any `from` inside. A room's address is a bare JID on another domain than the
 *   receiver's (ejabberd's MUC services are subdomains; a user's message always comes from its
 *   full JID on the receiver's domain or, federated, from a full JID). From anyone else the
 *   message is an ordinary one (its body a chat event from the real sender). A direct
 *   invitation's inviter is the stanza's `from`, which ejabberd stamps.
 * References: ofchat-api.md §6 (event table); XEP-0045 §7.8.2; docs/security.md.
 */
import type { ChatEvent } from '../sse/index.js';
import { resourceOf, splitJid } from '../jid/index.js';
import type { InboundStanza, Invitation } from '../xmpp/index.js';

/** The Jive `data` property as JSON when it parses, else its text; null when absent. */
export function dataValue(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * `stanzaCopy`: also ofchat's `chatapi.xmpp` copy of the stanza (base64 of its XML), the costliest
 * event per message; the SSE hub says whether a stream of the user wants it (sse.stanzaCopies).
 */
export function stanzaEvents(s: InboundStanza, stanzaCopy = true): ChatEvent[] {
  const events: ChatEvent[] = stanzaCopy ? [{ name: 'chatapi.xmpp', data: { xmpp: Buffer.from(s.xml, 'utf8').toString('base64') } }] : [];
  const { to, from } = s;
  if (s.name === 'presence') {
    events.push({
      name: 'chatapi.presence',
      data: { type: 'presence', to, from, status: s.status, show: s.type === 'available' ? s.show : s.type },
    });
    return events;
  }
  if (s.name !== 'message') return events;
  const data = dataValue(s.data);
  if (s.invitation && isGenuine(s.invitation, s)) {
    const i = s.invitation;
    events.push({
      name: 'chatapi.muc',
      data: {
        type: 'invitationReceived',
        ...(i.kind === 'mediated' ? { password: i.password } : {}),
        room: i.room, inviter: i.inviter, to, from, url: null, reason: i.reason,
      },
    });
    return events;
  }
  if (s.body !== null) {
    events.push(s.type === 'groupchat'
      ? { name: 'chatapi.muc', data: { type: 'groupchat', to, from, data, body: s.body } }
      : { name: 'chatapi.chat', data: { type: s.type, to, from, data, body: s.body } });
  } else if (s.data !== null) {
    events.push({ name: 'chatapi.notify', data: { type: 'notify', to, from, data } });
  }
  if (s.chatState && s.type !== 'groupchat') {
    events.push({ name: 'chatapi.chat', data: { type: s.type, to, from, state: s.chatState } });
  } else if (s.chatState && !isOwnEcho(s)) {
    events.push({ name: 'chatapi.muc', data: { type: 'groupchat', to, from, state: s.chatState } });
  }
  return events;
}

/** Did the invitation's fields come from where they say (see the header)? */
function isGenuine(i: Invitation, s: InboundStanza): boolean {
  if (i.kind === 'direct') return true;
  const from = splitJid(s.from);
  return from.local !== '' && from.resource === '' && from.domain.toLowerCase() !== splitJid(s.to).domain.toLowerCase();
}

/** A room's copy of the receiving user's own message: the sender's nick is the receiver's user name. */
function isOwnEcho(s: InboundStanza): boolean {
  return resourceOf(s.from).toLowerCase() === splitJid(s.to).local.toLowerCase();
}

export type ConnectionStatus = 'disconnected' | 'reconnected' | 'closed';

/**
 * ofgate's own notice about the user's XMPP stream, on chatapi.xmpp (whose ofchat payload is
 * `{xmpp}`): `{"type":"connection","status":…}` has no `xmpp` key, so clients that only
 * decode `xmpp` can ignore it by testing for that key.
 */
export function connectionEvent(status: ConnectionStatus, reason?: string): ChatEvent {
  return { name: 'chatapi.xmpp', data: { type: 'connection', status, ...(reason ? { reason } : {}) } };
}
