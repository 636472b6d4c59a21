/** Read-only views of the pool: open or closed, statistics, a client's place, staff load. */
import { isLive, isStock, onDuty, type PoolState, type RoomState, type RoomStatus, type RoomType } from './state.js';

/** Open: enabled, the web app's switch on, and at least one staff member on duty (HelpIM: a lobby chatting). */
export function isOpen(s: PoolState): boolean {
  return s.settings.enabled && s.settings.open && Object.values(s.rooms).some((r) => r.type === 'one2one' && onDuty(r));
}

export interface PoolStatistics {
  readonly open: boolean;
  /** Live rooms by status. */
  readonly rooms: Readonly<Partial<Record<RoomStatus, number>>>;
  /** One-to-one rooms chatting (HelpIM's status.xml `chatting`). */
  readonly chatting: number;
  readonly staffWaiting: number;
  readonly available: number;
  readonly clientsWaiting: number;
  readonly served: number;
  /** Whole seconds from request to arrival in the room; null before anyone arrived. */
  readonly averageWaitSeconds: number | null;
}

export function statisticsOf(s: PoolState): PoolStatistics {
  const rooms: Partial<Record<RoomStatus, number>> = {};
  for (const r of Object.values(s.rooms)) if (isLive(r)) rooms[r.status] = (rooms[r.status] ?? 0) + 1;
  const one = Object.values(s.rooms).filter((r) => r.type === 'one2one');
  return {
    open: isOpen(s),
    rooms,
    chatting: one.filter((r) => r.status === 'chatting').length,
    staffWaiting: one.filter((r) => r.status === 'staffWaiting').length,
    available: Object.values(s.rooms).filter(isStock).length,
    clientsWaiting: s.queue.length,
    served: s.served,
    averageWaitSeconds: s.served === 0 ? null : Math.round(s.totalWaitMs / s.served / 1000),
  };
}

/** Untaken available rooms of a type: what the bot keeps at poolSize. */
export function stockOf(s: PoolState, type: RoomType): number {
  return Object.values(s.rooms).filter((r) => r.type === type && isStock(r)).length;
}

/** The room types in use: one-to-one always, group rooms when enabled. */
export function typesInUse(s: PoolState): RoomType[] {
  return s.settings.groupRooms ? ['one2one', 'group'] : ['one2one'];
}

/** Rooms a staff member holds now (HelpIM max_chats_per_staff counts staffWaiting and chatting). */
export function heldBy(s: PoolState, staff: string): RoomState[] {
  return Object.values(s.rooms).filter((r) => r.staff === staff && onDuty(r));
}

export type TicketView =
  | { readonly status: 'queued'; readonly position: number; readonly client: string; readonly department: string | null; readonly requestedAt: number }
  | { readonly status: 'reserved' | 'chatting'; readonly room: RoomState; readonly client: string; readonly department: string | null; readonly requestedAt: number };

export function ticketView(s: PoolState, ticket: string): TicketView | undefined {
  const i = s.queue.findIndex((t) => t.id === ticket);
  const t = s.queue[i];
  if (t) return { status: 'queued', position: i + 1, client: t.client, department: t.department, requestedAt: t.requestedAt };
  const room = Object.values(s.rooms).find((r) => r.ticket === ticket && isLive(r));
  if (!room || room.client === null) return undefined;
  return { status: room.reservedUntil !== null ? 'reserved' : 'chatting', room, client: room.client, department: room.department, requestedAt: room.requestedAt ?? room.createdAt };
}
