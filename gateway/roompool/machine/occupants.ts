/**
 * Who an occupant is to a room, by identity: the staff account, the client account (reserved
 * or invited), or anybody else (an intruder). A party is inside while any of its resources is.
 */
import type { RoomData, RoomState } from './state.js';

export type Party = 'staff' | 'client' | 'other';

/** The bare JID of a full one, lower-cased (the hook bus and ejabberd already prep JIDs). */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}

export function partyOf(r: Pick<RoomState, 'staff' | 'client'>, jid: string): Party {
  const b = bareJid(jid);
  if (r.staff !== null && b === r.staff) return 'staff';
  if (r.client !== null && b === r.client) return 'client';
  return 'other';
}

export function inside(r: Pick<RoomState, 'present' | 'staff' | 'client'>, party: Party): boolean {
  return r.present.some((j) => partyOf(r, j) === party);
}

export function addPresent(r: RoomData, jid: string): boolean {
  if (r.present.includes(jid)) return false;
  r.present.push(jid);
  return true;
}

export function removePresent(r: RoomData, jid: string): boolean {
  const i = r.present.indexOf(jid);
  if (i < 0) return false;
  r.present.splice(i, 1);
  return true;
}

/** A leave is clean when its status text is exactly "Clean Exit" (trimmed), or the web side said so first. */
export function isCleanLeave(status: string | null, webCleanExit: boolean): boolean {
  return webCleanExit || (status !== null && status.trim() === 'Clean Exit');
}
