/**
 * What `step` answers its caller, per event type (the route turns it into a status). The state
 * and effects say what happened to everyone; the result says what happened to this call.
 */
import type { PairingEvent } from './events.js';

export type ReserveResult =
  | { readonly kind: 'paired'; readonly agent: string }
  /** The client is already known (registered and not released). */
  | { readonly kind: 'exists' }
  /** No helpdesk user is online, available and below maxSessions. */
  | { readonly kind: 'nobody-available' }
  /** The anonymous page's address already holds its cap of clients. */
  | { readonly kind: 'address-cap' };

export type ConfirmResult =
  /** Active now; `agent` is whom it is paired with now (null: its agent left meanwhile and nobody could take it). */
  | { readonly kind: 'active'; readonly agent: string | null }
  | { readonly kind: 'unknown' };

export type ReleaseResult =
  | { readonly kind: 'released'; readonly agent: string | null }
  /** Not a client (any more): releasing again changes nothing. */
  | { readonly kind: 'unknown' };

export type DoneResult = { readonly kind: 'ok' };

export interface ResultFor {
  reserve: ReserveResult;
  confirm: ConfirmResult;
  release: ReleaseResult;
  agentOnline: DoneResult;
  agentOffline: DoneResult;
  reconcile: DoneResult;
}

export type ResultOf<E extends PairingEvent> = ResultFor[E['type']];
