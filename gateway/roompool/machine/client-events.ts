/**
 * A client's side: asking for a room (a ticket at the tail of the queue; matching then runs),
 * cancelling, and a reservation that lapsed (the client goes back to the HEAD of the queue,
 * the room is offered to the next). Asking again while a ticket is open answers that ticket.
 */
import { note, releaseReservation, type Draft } from './draft.js';
import type { PoolEvent } from './events.js';
import type { CancelResult, RequestResult, RoomResult } from './results.js';
import { isLive, type PoolData } from './state.js';
import { isOpen } from './views.js';

/** The open ticket of a client, as a request's answer (undefined: none). */
export function existingTicket(s: PoolData, client: string): RequestResult | undefined {
  const i = s.queue.findIndex((t) => t.client === client);
  const t = s.queue[i];
  if (t) return { kind: 'queued', ticket: t.id, position: i + 1, existing: true };
  const r = Object.values(s.rooms).find((x) => x.client === client && x.ticket !== null && isLive(x) && ['staffWaiting', 'chatting', 'lost'].includes(x.status));
  if (!r || r.ticket === null) return undefined;
  if (r.reservedUntil !== null) return { kind: 'reserved', ticket: r.ticket, room: r.name, password: r.password, expiresAt: r.reservedUntil, existing: true };
  return { kind: 'chatting', ticket: r.ticket, room: r.name, existing: true };
}

export function request(d: Draft, e: Extract<PoolEvent, { type: 'request' }>): RequestResult {
  const existing = existingTicket(d.s, e.client);
  if (existing) return existing;
  if (!isOpen(d.s)) return { kind: 'closed' };
  if (d.s.queue.length >= d.s.settings.maxQueue) return { kind: 'full' };
  d.s.queue.push({ id: e.ticket, client: e.client, department: e.department, requestedAt: d.now, declined: [] });
  return { kind: 'queued', ticket: e.ticket, position: d.s.queue.length, existing: false };
}

/** After matching: what became of a new ticket. */
export function outcomeOf(s: PoolData, ticket: string, fallback: RequestResult): RequestResult {
  const i = s.queue.findIndex((t) => t.id === ticket);
  if (i >= 0) return { kind: 'queued', ticket, position: i + 1, existing: false };
  const r = Object.values(s.rooms).find((x) => x.ticket === ticket && x.reservedUntil !== null);
  if (!r || r.reservedUntil === null) return fallback;
  return { kind: 'reserved', ticket, room: r.name, password: r.password, expiresAt: r.reservedUntil, existing: false };
}

export function cancel(d: Draft, ticket: string): CancelResult {
  const i = d.s.queue.findIndex((t) => t.id === ticket);
  const queued = d.s.queue[i];
  if (queued) {
    d.s.queue.splice(i, 1);
    d.effects.push({ type: 'ticketEnded', ticket, client: queued.client, reason: 'cancelled' });
    return { kind: 'cancelled', stage: 'queued' };
  }
  const r = Object.values(d.s.rooms).find((x) => x.ticket === ticket && x.reservedUntil !== null);
  if (!r || r.client === null) return { kind: 'unknown' };
  const client = r.client;
  note(d, r, { kind: 'reservationLapsed', who: client, detail: 'cancelled' });
  releaseReservation(d, r, false);
  d.s.queue = d.s.queue.filter((t) => t.id !== ticket); // released to the head: a cancel ends it
  d.effects.push({ type: 'ticketEnded', ticket, client, reason: 'cancelled' });
  return { kind: 'cancelled', stage: 'reserved' };
}

export function reservationLapsed(d: Draft, e: Extract<PoolEvent, { type: 'reservationLapsed' }>): RoomResult {
  const r = d.s.rooms[e.room];
  if (!r) return { kind: 'unknown' };
  if (r.ticket !== e.ticket || r.reservedUntil === null) return { kind: 'ok' }; // arrived, cancelled or lapsed already
  if (d.now < r.reservedUntil) {
    d.effects.push({ type: 'scheduleReservation', room: r.name, ticket: e.ticket, at: r.reservedUntil });
    return { kind: 'ok' };
  }
  note(d, r, { kind: 'reservationLapsed', who: r.client ?? undefined, detail: e.ticket });
  releaseReservation(d, r, true);
  return { kind: 'ok' };
}
