/**
 * Group rooms (helpdesk-peers.md C.6, GroupRoom): whoever the web app gave the password to
 * may take part; the staff member who took the room is its moderator (an admin affiliation,
 * set at the take).
 *
 * | from | event | to |
 * | available / abandoned | someone joins | chatting |
 * | chatting | the last occupant leaves clean / dirty | toDestroy / abandoned |
 * | toDestroy, destroyed | someone joins | kicked |
 */
import { note, setStatus, type Draft } from './draft.js';
import { kick, REASONS } from './one2one.js';
import { addPresent, bareJid, isCleanLeave, removePresent } from './occupants.js';
import type { RoomData } from './state.js';

export function joinGroup(d: Draft, r: RoomData, jid: string): void {
  if (r.status === 'toDestroy' || r.status === 'destroyed') return kick(d, r, jid, REASONS.closed);
  const was = r.present.some((j) => bareJid(j) === bareJid(jid));
  addPresent(r, jid);
  note(d, r, { kind: was ? 'rejoin' : 'join', who: bareJid(jid) });
  if (r.status === 'available' || r.status === 'abandoned') {
    setStatus(d, r, 'chatting');
    d.effects.push({ type: 'refill' });
  }
}

export function leaveGroup(d: Draft, r: RoomData, jid: string, status: string | null): void {
  if (!removePresent(r, jid)) return;
  const clean = isCleanLeave(status, r.webCleanExit);
  note(d, r, { kind: clean ? 'ended' : 'left', who: bareJid(jid) });
  if (r.status === 'chatting' && r.present.length === 0) setStatus(d, r, clean ? 'toDestroy' : 'abandoned');
}
