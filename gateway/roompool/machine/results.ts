/** The machine's answer to each event, for the adapter that asked. */
import type { PoolEvent } from './events.js';

export type TakeResult =
  | { readonly kind: 'taken'; readonly room: string; readonly password: string; readonly expiresAt: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'limit'; readonly max: number }
  | { readonly kind: 'disabled' };

export type RequestResult =
  | { readonly kind: 'queued'; readonly ticket: string; readonly position: number; readonly existing: boolean }
  | { readonly kind: 'reserved'; readonly ticket: string; readonly room: string; readonly password: string; readonly expiresAt: number; readonly existing: boolean }
  | { readonly kind: 'chatting'; readonly ticket: string; readonly room: string; readonly existing: true }
  | { readonly kind: 'closed' }
  | { readonly kind: 'full' };

export type CancelResult = { readonly kind: 'cancelled'; readonly stage: 'queued' | 'reserved' } | { readonly kind: 'unknown' };

export type RoomResult = { readonly kind: 'ok' } | { readonly kind: 'unknown' };

export type SettingsResult = { readonly kind: 'ok' } | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export type ReconcileResult = { readonly kind: 'ok' } | { readonly kind: 'stale' } | { readonly kind: 'unknown' };

export type ArchiveResult = { readonly kind: 'archived'; readonly rooms: readonly string[] };

export interface ResultFor {
  roomCreated: RoomResult;
  take: TakeResult;
  request: RequestResult;
  cancel: CancelResult;
  join: RoomResult;
  leave: RoomResult;
  cleanExit: RoomResult;
  reservationLapsed: RoomResult;
  close: RoomResult;
  tick: RoomResult;
  reconcile: ReconcileResult;
  archive: ArchiveResult;
  settings: SettingsResult;
}

export type ResultOf<E extends PoolEvent> = ResultFor[E['type']];
