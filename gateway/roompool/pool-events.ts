/**
 * What the web app follows over SSE (GET roompool/events): room-state changes, queue
 * positions, matches, ended tickets and kicks, as `chatapi.notify` events whose `type` says
 * which (`roompool.room`, `roompool.queue`, `roompool.match`, `roompool.ticket`,
 * `roompool.kick`), so it never polls.
 *
 * Rules: one channel per site in the per-user event log (`roompool:<site>`: ':' is never in an
 * account name, so no user's stream can read it); times are ISO 8601; a match carries the room
 * password (the web app sends its client there; the stream needs admin or the shared secret).
 */
import type { ChatEvent } from '../sse/index.js';
import type { Effect } from './machine/index.js';

export const channelOf = (site: string): string => `roompool:${site}`;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The web app's event for an effect (undefined: the effect is not shown). */
export function eventOf(e: Effect, roomJid: (name: string) => string): ChatEvent | undefined {
  const notify = (data: Record<string, unknown>): ChatEvent => ({ name: 'chatapi.notify', data });
  switch (e.type) {
    case 'roomStatus':
      return notify({
        type: 'roompool.room', room: roomJid(e.room.room), name: e.room.room, roomType: e.room.type,
        from: e.from, status: e.room.status, statusAt: iso(e.room.statusAt),
        department: e.room.department, staff: e.room.staff, client: e.room.client,
      });
    case 'queuePosition':
      return notify({ type: 'roompool.queue', ticket: e.ticket, client: e.client, department: e.department, position: e.position });
    case 'matched':
      return notify({ type: 'roompool.match', ticket: e.ticket, client: e.client, room: roomJid(e.room), name: e.room, password: e.password, expiresAt: iso(e.expiresAt) });
    case 'ticketEnded':
      return notify({ type: 'roompool.ticket', ticket: e.ticket, client: e.client, reason: e.reason });
    case 'kick':
      return notify({ type: 'roompool.kick', room: roomJid(e.room), name: e.room, jid: e.jid, reason: e.reason });
    default:
      return undefined;
  }
}
