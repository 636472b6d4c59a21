/**
 * A miniature adapter for the room-pool machine's tests: one pool state, the effects of every
 * step in order, a fake reservation timer fed by the schedule/cancel effects, and time that
 * moves only by `advance` (firing due reservations first). Accounts are `<name>@x`.
 */
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, newPool, step, type Effect, type PoolEvent, type PoolSettings, type PoolState, type ResultOf, type RoomState, type RoomStatus } from '../../../gateway/roompool/machine/index.js';

export const T0 = Date.parse('2024-03-04T10:00:00Z');
export const CLEANUP = 600_000;
export const ALLOCATION = 300_000;
export const jid = (name: string, resource = 'r'): string => `${name}@x/${resource}`;
export const bareOf = (name: string): string => `${name}@x`;

export class PoolWorld {
  state: PoolState;
  readonly effects: Effect[] = [];
  private readonly timers = new Map<string, { at: number; ticket: string }>();
  now = T0;
  private made = 0;
  private tickets = 0;

  constructor(settings: Partial<PoolSettings> = {}) {
    this.state = newPool('site', { ...DEFAULT_SETTINGS, enabled: true, cleanupMs: CLEANUP, allocationTimeoutMs: ALLOCATION, ...settings });
  }

  do<E extends PoolEvent>(event: E): ResultOf<E> {
    const out = step(this.state, event, this.now);
    this.state = out.state;
    for (const e of out.effects) {
      this.effects.push(e);
      if (e.type === 'scheduleReservation') this.timers.set(e.room, { at: e.at, ticket: e.ticket });
      if (e.type === 'cancelReservation') this.timers.delete(e.room);
    }
    return out.result;
  }

  mark(): number {
    return this.effects.length;
  }

  since(mark: number): Effect[] {
    return this.effects.slice(mark);
  }

  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      this.do({ type: 'reservationLapsed', room: due[0], ticket: due[1].ticket });
    }
    this.now = end;
  }

  room(name: string): RoomState {
    const r = this.state.rooms[name];
    assert.ok(r, `room ${name}`);
    return r;
  }

  status(name: string): RoomStatus {
    return this.room(name).status;
  }

  /** A stock room made by the filler. */
  stock(type: 'one2one' | 'group' = 'one2one'): string {
    this.made += 1;
    const name = `site_${String(this.made).padStart(64, '0')}.0`;
    this.do({ type: 'roomCreated', room: { name, type, password: `pw${this.made}` } });
    return name;
  }

  /** A stock room taken by `staff`: its name. */
  take(staff: string, opts: { priority?: number; department?: string | null; invitee?: string; type?: 'one2one' | 'group' } = {}): string {
    this.stock(opts.type ?? 'one2one');
    const r = this.do({ type: 'take', staff: bareOf(staff), roomType: opts.type ?? 'one2one', priority: opts.priority ?? 10, department: opts.department ?? null, invitee: opts.invitee ? bareOf(opts.invitee) : null, fresh: null });
    assert.equal(r.kind, 'taken', JSON.stringify(r));
    return (r as { room: string }).room;
  }

  join(room: string, who: string, resource = 'r'): void {
    assert.equal(this.do({ type: 'join', room, jid: jid(who, resource), nick: who }).kind, 'ok');
  }

  leave(room: string, who: string, status: string | null = null, resource = 'r'): void {
    assert.equal(this.do({ type: 'leave', room, jid: jid(who, resource), status }).kind, 'ok');
  }

  /** A client asks: the machine's answer. */
  request(client: string, department: string | null = null): ResultOf<Extract<PoolEvent, { type: 'request' }>> {
    this.tickets += 1;
    return this.do({ type: 'request', ticket: `t${this.tickets}-${client}`, client: bareOf(client), department });
  }

  /** A room where `staff` waits. */
  waiting(staff: string, opts: { priority?: number; department?: string | null } = {}): string {
    const room = this.take(staff, opts);
    this.join(room, staff);
    assert.equal(this.status(room), 'staffWaiting');
    return room;
  }

  /** A room where `staff` and `client` chat. */
  chatting(staff = 'sam', client = 'cleo'): string {
    const room = this.waiting(staff);
    const r = this.request(client);
    assert.equal(r.kind, 'reserved', JSON.stringify(r));
    this.join(room, client);
    assert.equal(this.status(room), 'chatting');
    return room;
  }
}

/** Effects of a type, as short strings. */
export function said(effects: readonly Effect[], type: Effect['type']): string[] {
  return effects.filter((e) => e.type === type).map((e) => {
    switch (e.type) {
      case 'roomStatus':
        return `${e.from ?? '-'} → ${e.room.status}`;
      case 'kick':
        return `kick ${e.jid}`;
      case 'matched':
        return `${e.client} → ${e.room}`;
      case 'queuePosition':
        return `${e.client} at ${e.position}`;
      case 'destroyRoom':
        return `destroy ${e.room}: ${e.reason}`;
      default:
        return e.type;
    }
  });
}
