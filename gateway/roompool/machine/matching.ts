/**
 * Matching (HelpIM's inviteClients, with its bugs fixed): the waiting clients in FIFO order ×
 * the staffWaiting one-to-one rooms ordered by staff priority (desc), then time waiting
 * (status_timestamp asc), then name. Run after every step, so a new client, a staff member
 * arriving and a lapsed reservation are all matched at once.
 *
 * Rules it keeps (C.8, C.12):
 * - A match RESERVES the room for the client until now + allocationTimeout: a reserved room is
 *   never offered again, so two clients never get one room.
 * - Only within a department (null matches null only); never a client to its own room.
 * - A client whose reservation lapsed is not offered that room again (it goes to the next);
 *   the client itself went back to the head of the queue.
 * - The client leaves the queue when matched (its ticket lives on in the room).
 */
import { note, touch, type Draft } from './draft.js';
import type { PoolData, RoomData, Ticket } from './state.js';

export function waitingRooms(s: PoolData): RoomData[] {
  return Object.values(s.rooms)
    .filter((r) => r.type === 'one2one' && r.status === 'staffWaiting' && !r.invitation && r.ticket === null)
    .sort((a, b) => b.priority - a.priority || a.statusAt - b.statusAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const fits = (t: Ticket, r: RoomData): boolean => r.department === t.department && !t.declined.includes(r.name) && r.staff !== t.client;

function reserve(d: Draft, t: Ticket, r: RoomData): void {
  const expiresAt = d.now + d.s.settings.allocationTimeoutMs;
  r.ticket = t.id;
  r.client = t.client;
  r.clientNick = null;
  r.requestedAt = t.requestedAt;
  r.reservedUntil = expiresAt;
  touch(d, r);
  note(d, r, { kind: 'reserved', who: t.client, detail: t.id });
  d.effects.push({ type: 'scheduleReservation', room: r.name, ticket: t.id, at: expiresAt });
  d.effects.push({ type: 'matched', ticket: t.id, client: t.client, room: r.name, password: r.password, expiresAt });
}

export function matchAll(d: Draft): void {
  if (!d.s.settings.enabled || d.s.queue.length === 0) return;
  const rooms = waitingRooms(d.s);
  if (rooms.length === 0) return;
  const left: Ticket[] = [];
  for (const t of d.s.queue) {
    const i = rooms.findIndex((r) => fits(t, r));
    const room = i < 0 ? undefined : rooms.splice(i, 1)[0];
    if (room) reserve(d, t, room);
    else left.push(t);
  }
  d.s.queue = left;
}
