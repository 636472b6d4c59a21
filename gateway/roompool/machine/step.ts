/**
 * The machine: `step(state, event, now)` → the next pool state, the effects to carry out, and
 * the answer for the caller. Pure and deterministic, so the adapter reads the record, steps,
 * writes it back atomically and simply steps again on a conflict. Nothing here reads a clock,
 * a timer, the network or a store.
 *
 * After the event's own move, every step keeps the invariants:
 * 1. every waiting client that some staffWaiting room of its department can take is matched
 *    (matching.ts), and its room reserved;
 * 2. every waiting client whose position changed (or who just joined) is told (queuePosition);
 * 3. every room changed by the step has its seq raised once.
 * When nothing changed, `state` is the very object passed in and `effects` is empty.
 */
import { archive, close, tick } from './cleanup.js';
import { cancel, outcomeOf, request, reservationLapsed } from './client-events.js';
import { note, type Draft } from './draft.js';
import type { Effect } from './effects.js';
import type { PoolEvent } from './events.js';
import { joinGroup, leaveGroup } from './group.js';
import { matchAll } from './matching.js';
import { joinOne2One, leaveOne2One } from './one2one.js';
import { reconcile } from './reconcile.js';
import type { ResultFor, ResultOf, RoomResult } from './results.js';
import { settingProblems } from './settings.js';
import { addRoom, take } from './staff-events.js';
import type { PoolData, PoolState, Ticket } from './state.js';

export interface StepOutput<R> {
  readonly state: PoolState;
  readonly effects: readonly Effect[];
  readonly result: R;
}

function onRoom(d: Draft, room: string, fn: (r: PoolData['rooms'][string]) => void): RoomResult {
  const r = d.s.rooms[room];
  if (!r) return { kind: 'unknown' };
  fn(r);
  return { kind: 'ok' };
}

function apply(d: Draft, e: PoolEvent): ResultFor[PoolEvent['type']] {
  switch (e.type) {
    case 'roomCreated':
      addRoom(d, e.room);
      return { kind: 'ok' };
    case 'take':
      return take(d, e);
    case 'request':
      return request(d, e);
    case 'cancel':
      return cancel(d, e.ticket);
    case 'join':
      return onRoom(d, e.room, (r) => (r.type === 'group' ? joinGroup(d, r, e.jid) : joinOne2One(d, r, e.jid, e.nick)));
    case 'leave':
      return onRoom(d, e.room, (r) => (r.type === 'group' ? leaveGroup(d, r, e.jid, e.status) : leaveOne2One(d, r, e.jid, e.status)));
    case 'cleanExit':
      return onRoom(d, e.room, (r) => {
        if (r.webCleanExit || r.status === 'destroyed') return;
        r.webCleanExit = true;
        note(d, r, { kind: 'cleanExitMarked' });
      });
    case 'reservationLapsed':
      return reservationLapsed(d, e);
    case 'close':
      return close(d, e.room, e.reason);
    case 'tick':
      return tick(d);
    case 'reconcile':
      return reconcile(d, e.room, e.occupants, e.seenSeq);
    case 'archive':
      return archive(d, e.rooms);
    case 'settings': {
      const problems = settingProblems(e.patch);
      if (problems.length > 0) return { kind: 'invalid', problems };
      d.s.settings = { ...d.s.settings, ...e.patch };
      return { kind: 'ok' };
    }
  }
}

function positionsOf(queue: readonly Ticket[]): Map<string, number> {
  return new Map(queue.map((t, i) => [t.id, i + 1]));
}

export function step<E extends PoolEvent>(state: PoolState, event: E, now: number): StepOutput<ResultOf<E>> {
  // the one place the read-only record becomes writable: a private deep copy
  const d: Draft = { s: structuredClone(state) as PoolData, now, effects: [], touched: new Set() };
  const before = positionsOf(state.queue);
  let result = apply(d, event) as ResultOf<E>;
  matchAll(d);
  if (event.type === 'request') {
    const r = result as ResultOf<Extract<PoolEvent, { type: 'request' }>>;
    if (r.kind === 'queued' && !r.existing) result = outcomeOf(d.s, event.ticket, r) as ResultOf<E>;
  }
  d.s.queue.forEach((t, i) => {
    if (before.get(t.id) !== i + 1) d.effects.push({ type: 'queuePosition', ticket: t.id, client: t.client, department: t.department, position: i + 1 });
  });
  for (const name of d.touched) {
    const r = d.s.rooms[name];
    if (r) r.seq += 1;
  }
  if (d.effects.length === 0 && JSON.stringify(d.s) === JSON.stringify(state)) return { state, effects: [], result };
  return { state: d.s, effects: d.effects, result };
}
