/** Pool values → entity values (roompool-entities.ts): dates as Date, absent fields left out. */
import type { PoolSettings, PoolStatistics, RoomState, RoomView, TicketView } from '../../roompool/index.js';

const date = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function roomRecord(r: RoomState, jidOf: (name: string) => string): Record<string, unknown> {
  return {
    room: jidOf(r.name),
    name: r.name,
    type: r.type,
    status: r.status,
    statusAt: date(r.statusAt),
    createdAt: date(r.createdAt),
    department: opt(r.department),
    staff: opt(r.staff),
    staffNick: opt(r.staffNick),
    priority: r.staff === null ? undefined : r.priority,
    takenAt: date(r.takenAt),
    client: opt(r.client),
    clientNick: opt(r.clientNick),
    ticket: opt(r.ticket),
    reservedUntil: date(r.reservedUntil),
    webCleanExit: r.webCleanExit,
    closeReason: opt(r.closeReason),
    closed: r.status === 'destroyed',
  };
}

export function roomDetail(v: RoomView, jidOf: (name: string) => string): Record<string, unknown> {
  return {
    ...roomRecord(v.room, jidOf),
    closed: v.closed,
    present: [...v.room.present],
    log: v.room.log.map((l) => ({ at: new Date(l.at), kind: l.kind, status: l.status, who: l.who, detail: l.detail })),
    transcript: (v.transcript?.messages ?? []).map((m) => ({ at: new Date(m.at), from: m.from, role: m.role, body: m.body })),
    transcriptMasked: v.transcript?.masked ?? false,
  };
}

export function ticketRecord(ticket: string, v: TicketView, jidOf: (name: string) => string): Record<string, unknown> {
  const base = { ticket, status: v.status, client: v.client, department: opt(v.department), requestedAt: new Date(v.requestedAt) };
  if (v.status === 'queued') return { ...base, position: v.position };
  return {
    ...base,
    room: jidOf(v.room.name),
    name: v.room.name,
    ...(v.status === 'reserved' ? { password: v.room.password, expiresAt: date(v.room.reservedUntil) } : {}),
  };
}

export function settingsRecord(s: PoolSettings, fixed: { site: string; mucService: string; botJid: string }): Record<string, unknown> {
  return { ...fixed, ...s };
}

export function statisticsRecord(s: PoolStatistics): Record<string, unknown> {
  return {
    open: s.open,
    available: s.available,
    staffWaiting: s.staffWaiting,
    chatting: s.chatting,
    clientsWaiting: s.clientsWaiting,
    served: s.served,
    averageWaitSeconds: s.averageWaitSeconds ?? undefined,
    liveRooms: Object.values(s.rooms).reduce((a, b) => a + (b ?? 0), 0),
  };
}
