/**
 * Multi-user chat stanzas: join (nick = the user's name, default history), leave, mediated
 * invitation, and the owner's "instant room" acceptance for a room the join just created.
 * References: XEP-0045 §7.2 (enter), §7.8.2 (mediated invitation), §7.14 (exit),
 * §10.1.2 (instant room); ofchat-api.md §5.7.
 */
import xml, { type Element } from '@xmpp/xml';
import { withResource } from '../jid/index.js';
import { NS_DATA_FORMS, NS_MUC, NS_MUC_OWNER, NS_MUC_USER } from './namespaces.js';

export function joinRoomPresence(roomJid: string, nick: string, password?: string): Element {
  return xml('presence', { to: withResource(roomJid, nick) }, xml('x', { xmlns: NS_MUC }, password ? xml('password', {}, password) : null));
}

export function leaveRoomPresence(roomJid: string, nick: string): Element {
  return xml('presence', { to: withResource(roomJid, nick), type: 'unavailable' });
}

export function mediatedInvite(roomJid: string, inviteeJid: string, reason?: string): Element {
  return xml(
    'message',
    { to: roomJid },
    xml('x', { xmlns: NS_MUC_USER }, xml('invite', { to: inviteeJid }, reason ? xml('reason', {}, reason) : null)),
  );
}

/** Accepts the default configuration of a room this user just created (status 201). */
export function instantRoomConfig(roomJid: string): Element {
  return xml('iq', { type: 'set', to: roomJid }, xml('query', { xmlns: NS_MUC_OWNER }, xml('x', { xmlns: NS_DATA_FORMS, type: 'submit' })));
}
