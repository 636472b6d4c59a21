/**
 * What `step` asks the world to do, in order. Plain data; the effect runner turns it into
 * ejabberd calls (kick, destroy, moderator), durable deadlines and SSE events for the web app.
 * Carried out only after the state that produced them was written (a retried step recomputes
 * them), so every effect must be safe to repeat.
 */
import type { RoomStatus, RoomType } from './state.js';

/** What the web app sees of a room in events (never its log). */
export interface RoomSummary {
  readonly room: string;
  readonly type: RoomType;
  readonly status: RoomStatus;
  readonly statusAt: number;
  readonly department: string | null;
  readonly staff: string | null;
  readonly client: string | null;
}

export type Effect =
  /** A room changed status (room-state event for the web app). */
  | { readonly type: 'roomStatus'; readonly from: RoomStatus | null; readonly room: RoomSummary }
  /** A waiting client's queue position changed (or it just joined the queue). */
  | { readonly type: 'queuePosition'; readonly ticket: string; readonly client: string; readonly department: string | null; readonly position: number }
  /** A client was matched: its room is reserved until `expiresAt`. */
  | { readonly type: 'matched'; readonly ticket: string; readonly client: string; readonly room: string; readonly password: string; readonly expiresAt: number }
  /** A ticket left the queue without a room (cancelled). */
  | { readonly type: 'ticketEnded'; readonly ticket: string; readonly client: string; readonly reason: 'cancelled' }
  /** Ban `jid` (bare) from the room with a reason: it was not the room's staff or client. */
  | { readonly type: 'kick'; readonly room: string; readonly jid: string; readonly reason: string }
  /** Destroy the room in ejabberd (occupants are removed with the reason). */
  | { readonly type: 'destroyRoom'; readonly room: string; readonly reason: string }
  /** Group rooms: the staff member is made admin (moderator role on join). */
  | { readonly type: 'grantModerator'; readonly room: string; readonly jid: string }
  /** Arm (or move) the reservation deadline of the room. */
  | { readonly type: 'scheduleReservation'; readonly room: string; readonly ticket: string; readonly at: number }
  | { readonly type: 'cancelReservation'; readonly room: string }
  /** The stock of available rooms may be short now: the bot should top it up. */
  | { readonly type: 'refill' };

export type EffectType = Effect['type'];
