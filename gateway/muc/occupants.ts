/**
 * Who is in a room: get_room_occupants (real JID, nick, role) joined with the room's
 * affiliations. Both lists name an occupant by room/nick (MUCRole.getRoleAddress); occupants
 * add the real JID as userAddress (getUserAddress). Roles and affiliations are Openfire's
 * lower-case enum names, which are also ejabberd's.
 * References: ofchat MUCRoomController.getRoomParticipants/getRoomOccupants; mod_muc_admin get_room_occupants.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { bareOf, withResource } from '../jid/index.js';
import { roomJid, type RoomRef } from './affiliations.js';

export interface Occupant {
  /** room@service/nick */
  readonly jid: string;
  /** Real full JID. */
  readonly userAddress: string;
  readonly role: string;
  readonly affiliation: string;
}

export async function roomOccupants(backend: EjabberdBackend, room: RoomRef): Promise<Occupant[]> {
  const [occupants, affiliations] = await Promise.all([
    backend.getRoomOccupants(room.name, room.service),
    backend.getRoomAffiliations(room.name, room.service),
  ]);
  const byJid = new Map(affiliations.map((a) => [a.jid, a.affiliation] as const));
  return occupants.map((o) => ({
    jid: withResource(roomJid(room), o.nick),
    userAddress: o.jid,
    role: o.role,
    affiliation: byJid.get(bareOf(o.jid)) ?? 'none',
  }));
}
