/**
 * MUC invitations sent from a room (the plugin's `sendInvitations=true` and its invite routes):
 * a mediated invitation (XEP-0045 §7.8.2) routed by ejabberd's send_stanza from the room's JID
 * to each invitee, naming the inviting account, with the room password when there is one, as
 * Openfire's MUCRoom.sendInvitation does. Outcasts are never invited; nobody twice.
 * Written with the XML writer (every value escaped).
 * References: XEP-0045 §7.8.2; Openfire REST API plugin MUCRoomController.sendInvitationsFromRoom.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { NS_MUC_USER } from '../xmpp/index.js';
import { el, renderXml } from '../xml/index.js';
import { roomJid, type RoomRef } from './affiliations.js';

export function invitationStanza(inviter: string, reason: string, password: string): string {
  return renderXml(
    el('message', {},
      el('x', { xmlns: NS_MUC_USER },
        el('invite', { from: inviter }, ...(reason ? [el('reason', {}, reason)] : [])),
        ...(password ? [el('password', {}, password)] : []))),
    false,
  );
}

export interface RoomInvitations {
  /** Sends one invitation to each JID; how many were sent. */
  invite(room: RoomRef, jids: readonly string[], reason?: string): Promise<number>;
}

export function createRoomInvitations(backend: EjabberdBackend, inviter: string): RoomInvitations {
  return {
    async invite(room, jids, reason = '') {
      const unique = [...new Set(jids)];
      if (unique.length === 0) return 0;
      const options = (await backend.getRoomOptions(room.name, room.service)) ?? {};
      const password = options.password_protected === 'true' ? (options.password ?? '') : '';
      const stanza = invitationStanza(inviter, reason, password);
      for (const jid of unique) await backend.sendStanza(roomJid(room), jid, stanza);
      return unique.length;
    },
  };
}
