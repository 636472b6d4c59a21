/**
 * The room pool's state: one record per site holding its live rooms (HelpIM's One2OneRoom and
 * GroupRoom rows), the queue of clients waiting for a room, the pool settings and the served
 * statistics. Plain JSON data; the machine never mutates a state it was given.
 *
 * Rules it keeps (helpdesk-peers.md C.5–C.7):
 * - Status names are HelpIM's, exactly; `statusAt` (status_timestamp) is set on every status
 *   change, `takenAt` (modified_timestamp) when a staff member takes the room (written, unlike
 *   the Django port), `reservedUntil` (client_allocated_at + allocation_timeout) while a client
 *   holds a reservation.
 * - A room's staff and client are named accounts (bare JIDs): identity, never join order.
 * - `present` holds the full JIDs of the staff's and client's resources inside now (any
 *   occupant for group rooms); a party is inside while one of its resources is.
 * - `seq` grows on every change of the room, so a reconcile computed from an older read is
 *   refused instead of undoing a newer change.
 * - Rooms reach `destroyed` here and leave the record when the bot archives them (history).
 */

export type RoomType = 'one2one' | 'group';

export type One2OneStatus =
  | 'available'
  | 'availableForInvitation'
  | 'staffWaiting'
  | 'staffWaitingForInvitee'
  | 'chatting'
  | 'closingChat'
  | 'lost'
  | 'abandoned'
  | 'toDestroy'
  | 'destroyed';

export type GroupStatus = 'available' | 'chatting' | 'abandoned' | 'toDestroy' | 'destroyed';

export type RoomStatus = One2OneStatus | GroupStatus;

export const ONE2ONE_STATUSES: readonly One2OneStatus[] = [
  'available', 'availableForInvitation', 'staffWaiting', 'staffWaitingForInvitee', 'chatting', 'closingChat', 'lost', 'abandoned', 'toDestroy', 'destroyed',
];

/** What a room's log records (HelpIM's ChatMessage events, plus ofgate's own). */
export type LogKind =
  | 'created'
  | 'status'
  | 'taken'
  | 'join'
  | 'rejoin'
  | 'left'
  | 'ended'
  | 'kicked'
  | 'reserved'
  | 'reservationLapsed'
  | 'cleanExitMarked'
  | 'closed'
  | 'gone';

export interface LogEntry {
  readonly at: number;
  readonly kind: LogKind;
  /** The status entered (kind 'status'). */
  readonly status?: RoomStatus;
  /** Whose join, leave or kick (a bare JID). */
  readonly who?: string;
  readonly detail?: string;
}

export interface RoomState {
  readonly name: string;
  readonly type: RoomType;
  readonly password: string;
  readonly createdAt: number;
  readonly status: RoomStatus;
  readonly statusAt: number;
  readonly seq: number;
  readonly department: string | null;
  /** The staff member's bare JID once taken. */
  readonly staff: string | null;
  readonly staffNick: string | null;
  readonly priority: number;
  readonly takenAt: number | null;
  /** Taken for one named invitee (availableForInvitation / staffWaitingForInvitee): no queue matching. */
  readonly invitation: boolean;
  /** The client's bare JID: the reserved (matched) client or the invitee. */
  readonly client: string | null;
  readonly clientNick: string | null;
  /** The ticket the client was matched with (null for invitations). */
  readonly ticket: string | null;
  /** When the client asked (for the waiting-time statistics). */
  readonly requestedAt: number | null;
  /** The matched client must join before this (null once it joined, or without a match). */
  readonly reservedUntil: number | null;
  readonly present: readonly string[];
  /** Who left a chatting room dirty (status lost). */
  readonly departed: 'staff' | 'client' | null;
  /** HelpIM's web_clean_exit: the web side said the chat ends deliberately. */
  readonly webCleanExit: boolean;
  readonly closeReason: string | null;
  readonly log: readonly LogEntry[];
}

export interface Ticket {
  readonly id: string;
  /** The client's bare JID. */
  readonly client: string;
  readonly department: string | null;
  readonly requestedAt: number;
  /** Rooms whose reservation lapsed for this client: offered to others, not to it again. */
  readonly declined: readonly string[];
}

export interface PoolSettings {
  /** The bot keeps the pool and clients may ask. */
  readonly enabled: boolean;
  /** The web app's own switch: false answers every client request "closed". */
  readonly open: boolean;
  /** Available (untaken) rooms kept per type in use. */
  readonly poolSize: number;
  /** Group rooms are a type in use (one-to-one rooms always are). */
  readonly groupRooms: boolean;
  readonly cleanupMs: number;
  readonly allocationTimeoutMs: number;
  /** Rooms one staff member holds at once (HelpIM max_chats_per_staff). */
  readonly maxChatsPerStaff: number;
  readonly maxQueue: number;
}

export interface PoolState {
  readonly site: string;
  readonly settings: PoolSettings;
  readonly rooms: Readonly<Record<string, RoomState>>;
  /** Clients waiting for a room, first come first served. */
  readonly queue: readonly Ticket[];
  /** Clients who reached their room, and the sum of their waits (average wait). */
  readonly served: number;
  readonly totalWaitMs: number;
}

/** Entries kept in a room's log (the oldest go first). */
export const LOG_KEPT = 100;

/** Mutable views, for the machine's private copies only. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type RoomData = Mutable<Omit<RoomState, 'present' | 'log'>> & { present: string[]; log: LogEntry[] };
export interface PoolData {
  site: string;
  settings: PoolSettings;
  rooms: Record<string, RoomData>;
  queue: Ticket[];
  served: number;
  totalWaitMs: number;
}

export function newPool(site: string, settings: PoolSettings): PoolState {
  return { site, settings, rooms: {}, queue: [], served: 0, totalWaitMs: 0 };
}

/** A one-to-one room whose staff is assigned and not yet gone: the staff member is on duty. */
const ON_DUTY: ReadonlySet<RoomStatus> = new Set(['available', 'availableForInvitation', 'staffWaiting', 'staffWaitingForInvitee', 'chatting', 'lost', 'closingChat']);

export function onDuty(room: RoomState): boolean {
  return room.staff !== null && ON_DUTY.has(room.status);
}

/** Live states: everything but destroyed. */
export const isLive = (room: RoomState): boolean => room.status !== 'destroyed';

/** An available room nobody took: the pool's stock. */
export const isStock = (room: RoomState): boolean => room.status === 'available' && room.staff === null;
