/**
 * What happens to the pool: the machine's input events. The adapters make them from the REST
 * API (take, request, cancel, cleanExit, close, settings), ejabberd's hook events (join,
 * leave), the durable deadlines (reservationLapsed), the bot's pass (tick, reconcile, archive)
 * and the pool filler (roomCreated).
 */
import type { PoolSettings, RoomType } from './state.js';

/** A room made in ejabberd, to be recorded as `available`. */
export interface FreshRoom {
  readonly name: string;
  readonly type: RoomType;
  readonly password: string;
}

export interface Occupant {
  /** Real full JID. */
  readonly jid: string;
  readonly nick: string | null;
}

export type PoolEvent =
  | { readonly type: 'roomCreated'; readonly room: FreshRoom }
  /** A staff member takes an available room; `fresh` is recorded first (made on demand when the stock is empty). */
  | {
    readonly type: 'take';
    readonly staff: string;
    readonly roomType: RoomType;
    readonly priority: number;
    readonly department: string | null;
    /** Taken for this invitee only (availableForInvitation); null: matched from the queue. */
    readonly invitee: string | null;
    readonly fresh: FreshRoom | null;
  }
  | { readonly type: 'request'; readonly ticket: string; readonly client: string; readonly department: string | null }
  | { readonly type: 'cancel'; readonly ticket: string }
  | { readonly type: 'join'; readonly room: string; readonly jid: string; readonly nick: string | null }
  /** `status`: the unavailable presence's status text when known ('Clean Exit' is a clean leave). */
  | { readonly type: 'leave'; readonly room: string; readonly jid: string; readonly status: string | null }
  | { readonly type: 'cleanExit'; readonly room: string }
  | { readonly type: 'reservationLapsed'; readonly room: string; readonly ticket: string }
  | { readonly type: 'close'; readonly room: string; readonly reason: string }
  /** The cleanup pass: rooms past their state's time-out are closed. */
  | { readonly type: 'tick' }
  /**
   * ejabberd's real occupants of a room (null: the room is gone), read when the room's seq was
   * `seenSeq`; refused when it changed since.
   */
  | { readonly type: 'reconcile'; readonly room: string; readonly occupants: readonly Occupant[] | null; readonly seenSeq: number }
  /** Destroyed rooms leave the live record (their history is written by the caller in the same write). */
  | { readonly type: 'archive'; readonly rooms: readonly string[] }
  | { readonly type: 'settings'; readonly patch: Partial<PoolSettings> };

export type PoolEventType = PoolEvent['type'];
