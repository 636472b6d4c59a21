/**
 * The cleanup pass and closing (helpdesk-peers.md C.6, C.10): every pass closes the rooms past
 * their state's time-out; a close destroys the room (occupants removed with a reason) and the
 * room stays in the record as `destroyed` until the bot archives it (its history is kept).
 *
 * Time-outs (cleanupMs = rooms.cleanupSeconds):
 * - toDestroy: at once (svn closed it in the next pass);
 * - lost, closingChat, abandoned: time in the state ≥ cleanupMs;
 * - available / availableForInvitation taken by a staff member who has not joined: takenAt older
 *   than cleanupMs ("hanging staff start"; HelpIM never wrote the timestamp it needed);
 * - staffWaiting, staffWaitingForInvitee, chatting and untaken stock: never.
 */
import { closeRoom, type Draft } from './draft.js';
import type { ArchiveResult, RoomResult } from './results.js';

export const CLOSE_REASONS = {
  ended: 'This chat has ended',
  timedOut: 'This chat has been closed after a time without activity',
  noShow: 'The staff member did not arrive in time',
  closed: 'This chat was closed',
  gone: 'The room no longer exists in ejabberd',
} as const;

export function tick(d: Draft): RoomResult {
  const limit = d.s.settings.cleanupMs;
  for (const r of Object.values(d.s.rooms)) {
    const age = d.now - r.statusAt;
    if (r.status === 'toDestroy') closeRoom(d, r, CLOSE_REASONS.ended);
    else if ((r.status === 'lost' || r.status === 'closingChat' || r.status === 'abandoned') && age >= limit) closeRoom(d, r, CLOSE_REASONS.timedOut);
    else if ((r.status === 'available' || r.status === 'availableForInvitation') && r.staff !== null && r.takenAt !== null && d.now - r.takenAt >= limit) {
      closeRoom(d, r, CLOSE_REASONS.noShow);
    }
  }
  return { kind: 'ok' };
}

export function close(d: Draft, room: string, reason: string): RoomResult {
  const r = d.s.rooms[room];
  if (!r) return { kind: 'unknown' };
  closeRoom(d, r, reason);
  return { kind: 'ok' };
}

export function archive(d: Draft, rooms: readonly string[]): ArchiveResult {
  const done: string[] = [];
  for (const name of rooms) {
    if (d.s.rooms[name]?.status !== 'destroyed') continue;
    delete d.s.rooms[name];
    done.push(name);
  }
  return { kind: 'archived', rooms: done };
}
