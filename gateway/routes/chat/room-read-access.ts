/**
 * Who may read what of a room through the chat API's directory (GET chat/rooms…). Pure: the
 * route reads the room and its occupants and applies these rules.
 * - Seeing a room (listing it, its settings): admins and the secret every room; other users
 *   public rooms that are not members-only, and rooms they are affiliated with (owner, admin,
 *   member); an outcast never. A room the caller may not see is "not found".
 * - Reading inside a password-protected room (its occupants, participants and history): admins
 *   and the secret; users affiliated with it; users in it right now (they gave the password
 *   to enter); anyone else only with the room's password in the X-Room-Password header (as
 *   is, or percent-encoded for characters outside ISO-8859-1). ofchat let any user read them.
 * Passwords are compared in constant time (SHA-256 digests of both sides).
 * References: XEP-0045 §4.2 (room types), §7.2.6 (password-protected rooms); docs/security.md.
 */
import { isAdmin, matchesDigest, secretDigest, type Principal } from '../../auth/index.js';
import { bare, bareOf } from '../../jid/index.js';
import type { Occupant, RoomView } from '../../muc/index.js';

/** The request header carrying a room's password for reading inside it. */
export const ROOM_PASSWORD_HEADER = 'x-room-password';

const myJid = (p: Principal, domain: string): string | undefined =>
  p.kind === 'user' ? bare({ local: p.username, domain }) : undefined;

function affiliated(v: RoomView, me: string): boolean {
  return (['owner', 'admin', 'member'] as const).some((k) => (v.affiliations[k] ?? []).includes(me));
}

/** May this caller see this room at all? */
export function canSeeRoom(p: Principal, v: RoomView, domain: string): boolean {
  if (isAdmin(p)) return true;
  const me = myJid(p, domain);
  if (me === undefined || (v.affiliations.outcast ?? []).includes(me)) return false;
  return affiliated(v, me) || (v.publicRoom && !v.membersOnly);
}

/** Does reading inside this (visible) room need its password from this caller (before looking at occupants)? */
export function needsRoomPassword(p: Principal, v: RoomView, domain: string): boolean {
  if (isAdmin(p) || v.password === '') return false;
  const me = myJid(p, domain);
  return me === undefined || !affiliated(v, me);
}

/** Is the caller in the room right now (any of its resources)? */
export function isOccupant(p: Principal, occupants: readonly Occupant[], domain: string): boolean {
  const me = myJid(p, domain);
  return me !== undefined && occupants.some((o) => bareOf(o.userAddress) === me);
}

/** The header's value as the password it stands for: as sent, as UTF-8 bytes, or percent-decoded. */
function candidates(given: string): string[] {
  const out = [given, Buffer.from(given, 'latin1').toString('utf8')];
  try {
    out.push(decodeURIComponent(given));
  } catch {
    // not percent-encoded
  }
  return out;
}

/** Does the header's value give the room's password? */
export function roomPasswordMatches(given: string, password: string): boolean {
  if (password === '') return false;
  const want = secretDigest(password);
  // every candidate compared, so the time does not depend on which one matched
  return candidates(given).map((c) => matchesDigest(secretDigest(c), want)).includes(true);
}

/** The X-Room-Password header of a request, when one was sent. */
export function givenRoomPassword(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const h = headers[ROOM_PASSWORD_HEADER];
  return Array.isArray(h) ? h[0] : h;
}
