/**
 * What `step` answers its caller, per event type (the HTTP route turns it into a status). The
 * state and effects say what happened to the workgroup; the result says what happened to *this*
 * call, e.g. why a join was refused or whose an offer is.
 */
import type { MachineEvent } from './events.js';

export type JoinResult =
  | { readonly kind: 'queued'; readonly requestId: string; readonly position: number; readonly estimatedSeconds: number }
  /** Closed by hand (`nextOpening` null) or by business hours (the next opening, epoch ms, or null if none ahead). */
  | { readonly kind: 'closed'; readonly by: 'settings' | 'businessHours'; readonly nextOpening: number | null }
  /** 503 with Retry-After. */
  | { readonly kind: 'queue-full'; readonly retryAfterSeconds: number }
  /** The userId is already waiting or in a chat here (409). */
  | { readonly kind: 'duplicate'; readonly requestId: string };

export type CancelResult =
  | { readonly kind: 'cancelled'; readonly requestId: string; readonly stage: 'queued' | 'offered' | 'room' }
  | { readonly kind: 'not-found' };

/**
 * accept/reject: 'not-yours' = never offered to this agent (403); 'revoked' = it was, and the
 * offer is no longer pending (timed out, rejected, taken, cancelled: 409); 'unknown' = no such
 * request here lately.
 */
export type AcceptResult =
  | { readonly kind: 'accepted'; readonly requestId: string; readonly userId: string }
  | { readonly kind: 'not-yours' }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'unknown' };

export type RejectResult = { readonly kind: 'rejected' } | { readonly kind: 'not-yours' } | { readonly kind: 'revoked' } | { readonly kind: 'unknown' };

export type AgentResult = { readonly kind: 'ok' } | { readonly kind: 'not-member' };
/** DELETE assists when the agent was not available: 'not-available' (ofchat answers 400). */
export type AgentLeaveResult = AgentResult | { readonly kind: 'not-available' };
export type RoomResult = { readonly kind: 'ok' } | { readonly kind: 'unknown' };
/** chatEnded: 'not-yours' when `agent` was given and the chat is another agent's (403). */
export type EndResult = RoomResult | { readonly kind: 'not-yours' };
/**
 * An agent's transfer or invitation: 'offered' (to an agent, until `expiresAt`), 'queued' (back
 * in this workgroup's queue) or 'moved' (to another workgroup's); 'invited'. Refusals: the chat
 * is unknown here (404) or another agent's (403); its room is not ready or a transfer is
 * already pending (409); the target is the agent itself or no member (400), or not available
 * now (409); the target workgroup refuses the request (`refusal`: closed, full, …; 409).
 */
export type TransferResult =
  | { readonly kind: 'offered'; readonly expiresAt: number }
  | { readonly kind: 'queued'; readonly position: number }
  | { readonly kind: 'moved' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-yours' }
  | { readonly kind: 'not-ready' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'same-agent' }
  | { readonly kind: 'not-member' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'refused'; readonly refusal: string };
export type InviteResult = { readonly kind: 'invited' } | { readonly kind: 'unknown' } | { readonly kind: 'not-yours' } | { readonly kind: 'not-ready' } | { readonly kind: 'same-agent' };
/** 'stale': the deadline no longer matches the state (already handled, moved or gone). */
export type DeadlineResult = { readonly kind: 'fired' } | { readonly kind: 'stale' };
export type SettingsResult = { readonly kind: 'ok' } | { readonly kind: 'invalid'; readonly problems: readonly string[] };
export type DoneResult = { readonly kind: 'ok' };

/** The result type of each event type. */
export interface ResultFor {
  join: JoinResult;
  cancel: CancelResult;
  agentAvailable: AgentResult;
  agentUnavailable: AgentLeaveResult;
  agentPresence: AgentResult;
  accept: AcceptResult;
  reject: RejectResult;
  roomCreated: RoomResult;
  roomFailed: RoomResult;
  chatEnded: EndResult;
  transferToAgent: TransferResult;
  transferToWorkgroup: TransferResult;
  inviteColleague: InviteResult;
  deadline: DeadlineResult;
  settingsChanged: SettingsResult;
  membersChanged: DoneResult;
  workgroupDeleted: DoneResult;
  reconcile: DoneResult;
}

export type ResultOf<E extends MachineEvent> = ResultFor[E['type']];
