/**
 * A step in progress: a private mutable copy of the pool, the time of the step and the effects
 * gathered so far. The small moves every transition shares live here: a status change (with
 * its timestamp, log entry and event), the room log, releasing a reservation.
 */
import type { Effect, RoomSummary } from './effects.js';
import { LOG_KEPT, type LogEntry, type PoolData, type RoomData, type RoomStatus } from './state.js';

export interface Draft {
  readonly s: PoolData;
  readonly now: number;
  readonly effects: Effect[];
  /** Rooms changed by this step (their seq grows once). */
  readonly touched: Set<string>;
}

export function summaryOf(r: RoomData): RoomSummary {
  return { room: r.name, type: r.type, status: r.status, statusAt: r.statusAt, department: r.department, staff: r.staff, client: r.client };
}

export function touch(d: Draft, r: RoomData): void {
  d.touched.add(r.name);
}

export function note(d: Draft, r: RoomData, entry: Omit<LogEntry, 'at'>): void {
  r.log.push({ at: d.now, ...entry });
  if (r.log.length > LOG_KEPT) r.log.splice(0, r.log.length - LOG_KEPT);
  touch(d, r);
}

/** The one way a status changes: status_timestamp, a log entry and the web app's event. */
export function setStatus(d: Draft, r: RoomData, to: RoomStatus, detail?: string): void {
  if (r.status === to) return;
  const from = r.status;
  r.status = to;
  r.statusAt = d.now;
  note(d, r, detail === undefined ? { kind: 'status', status: to } : { kind: 'status', status: to, detail });
  d.effects.push({ type: 'roomStatus', from, room: summaryOf(r) });
}

/** The reserved client never arrived (or the room went away first): its ticket goes back to the head of the queue. */
export function releaseReservation(d: Draft, r: RoomData, declined: boolean): void {
  if (r.ticket === null || r.reservedUntil === null || r.client === null) return;
  if (!d.s.queue.some((t) => t.id === r.ticket)) {
    d.s.queue.unshift({ id: r.ticket, client: r.client, department: r.department, requestedAt: r.requestedAt ?? d.now, declined: declined ? [r.name] : [] });
  }
  d.effects.push({ type: 'cancelReservation', room: r.name });
  r.ticket = null;
  r.client = null;
  r.clientNick = null;
  r.requestedAt = null;
  r.reservedUntil = null;
  touch(d, r);
}

/** Close = destroyed now (gone: ejabberd already dropped the room); the runner kicks the occupants (with the reason) and destroys the room in ejabberd. */
export function closeRoom(d: Draft, r: RoomData, reason: string, gone = false): void {
  if (r.status === 'destroyed') return;
  releaseReservation(d, r, false);
  r.closeReason = reason;
  r.present = [];
  note(d, r, gone ? { kind: 'gone', detail: reason } : { kind: 'closed', detail: reason });
  setStatus(d, r, 'destroyed');
  if (!gone) d.effects.push({ type: 'destroyRoom', room: r.name, reason });
  d.effects.push({ type: 'refill' });
}
