/**
 * What `step` asks the world to do: the effects, in the order they should be carried out. Plain
 * data; the adapters turn them into SSE events (ofchat's payloads), XMPP (rooms, invitations),
 * overflow joins and deadline-scheduler calls. The machine never does any of it itself.
 *
 * Rules:
 * - Effects are the consequences of a committed state: the adapter carries them out only after
 *   its compare-and-set succeeded (a retried step recomputes them).
 * - Every message an agent or visitor gets names the workgroup and the request id, so the
 *   adapter builds ofchat's payloads (`offerReceived`, `offerRevoked`, `update-queue`,
 *   `depart-queue`, `notify-queue`, `notify-queue-details`, `offer`) without reading the state.
 * - `schedule` moves the one deadline per (kind, key): the adapter's deadline id is the
 *   workgroup plus `key`, its payload the `deadline` to give back in a `deadline` event.
 */
import type { DeadlineKind, DeadlineRef, JoinEvent } from './events.js';

/** Why an offer was withdrawn; `REVOKE_TEXT` gives ofchat's `reason` text. */
export type RevokeReason = 'timeout' | 'canceled' | 'accepted-elsewhere' | 'agent-unavailable' | 'not-member' | 'room-failed' | 'workgroup-deleted' | 'chat-ended';

export const REVOKE_TEXT: Readonly<Record<RevokeReason, string>> = {
  timeout: 'The offer has timed out',
  canceled: 'User canceled',
  'accepted-elsewhere': 'The offer was accepted by another agent',
  'agent-unavailable': 'The agent is no longer available',
  'not-member': 'The agent is no longer a member of the workgroup',
  'room-failed': 'The support room could not be created',
  'workgroup-deleted': 'The workgroup was deleted',
  'chat-ended': 'The chat has ended',
};

/** Why a support chat ended (the visitor's and the agent's `chat-ended` events say it). */
export type ChatEndReason = 'agent-ended' | 'visitor-cancelled' | 'everyone-left' | 'no-agent';

/** How a transfer to an agent ended, told to the agent that asked for it. */
export type TransferOutcome = 'accepted' | 'rejected' | 'timeout' | 'withdrawn' | 'chat-ended';

/** Openfire's depart-queue reasons. */
export type DepartReason = 'departure-requested' | 'agent-not-found';

/** Who an offer is about: enough for `offerReceived` / `offerRevoked` and the visitor's events. */
export interface RequestRef {
  readonly workgroup: string;
  /** Request id = offer id = room name. */
  readonly requestId: string;
  readonly userId: string;
  readonly visitor: string;
}

export interface QueueSummary {
  readonly userCount: number;
  /** Average wait, whole seconds; null before any request was served. */
  readonly averageWaitSeconds: number | null;
  /** When the longest-waiting request joined (epoch ms); null for an empty queue. */
  readonly oldestJoinedAt: number | null;
  readonly status: 'open' | 'closed';
}

export interface QueueDetail {
  readonly requestId: string;
  readonly userId: string;
  /** 1-based. */
  readonly position: number;
  readonly estimatedSeconds: number;
  readonly joinedAt: number;
  /** The visitor's question (its metadata), for agents deciding whom to take. */
  readonly question?: string;
}

export type Effect =
  /** chatapi.assist offerReceived to `agent`; the offer lapses at `expiresAt`; `transferFrom`: a running chat offered by that agent. */
  | { readonly type: 'sendOffer'; readonly agent: string; readonly request: RequestRef; readonly metadata: Readonly<Record<string, string>>; readonly expiresAt: number; readonly transferFrom?: string }
  /** chatapi.assist offerRevoked to `agent`, `text` as the reason. */
  | { readonly type: 'revokeOffer'; readonly agent: string; readonly request: RequestRef; readonly reason: RevokeReason; readonly text: string }
  /** Create the support room named `request.requestId` (agent and visitor members), then report roomCreated / roomFailed. */
  | { readonly type: 'createRoom'; readonly agent: string; readonly request: RequestRef; readonly metadata: Readonly<Record<string, string>> }
  /** The chat ended (chat-ended to the visitor and the agent); remove the support room; its archive stays. */
  | { readonly type: 'destroyRoom'; readonly agent: string; readonly request: RequestRef; readonly reason?: ChatEndReason }
  /** The room exists: chatapi.muc invitationReceived to the agent (reason = request id). */
  | { readonly type: 'inviteAgent'; readonly agent: string; readonly request: RequestRef }
  /** The room exists: chatapi.ask `offer` to the visitor (and the waiting POST ask answers); `transferred`: a new agent took over its room. */
  | { readonly type: 'inviteVisitor'; readonly agent: string; readonly request: RequestRef; readonly transferred?: boolean }
  /** Tell `agent` how its transfer of the chat to `target` ended (chatapi.assist transfer). */
  | { readonly type: 'transferOutcome'; readonly agent: string; readonly target: string; readonly request: RequestRef; readonly outcome: TransferOutcome }
  /** Make `colleague` a member of the support room and send it a direct invitation (asked by `agent`). */
  | { readonly type: 'inviteColleague'; readonly agent: string; readonly colleague: string; readonly request: RequestRef }
  /** chatapi.ask update-queue to the visitor: its position changed (or it just joined). */
  | { readonly type: 'updateQueue'; readonly request: RequestRef; readonly position: number; readonly estimatedSeconds: number }
  /** chatapi.ask depart-queue to the visitor: it left the queue without an agent. */
  | { readonly type: 'departQueue'; readonly request: RequestRef; readonly reason: DepartReason }
  /** chatapi.ask notify-queue (summary) and notify-queue-details (one per queued request) to these agents. */
  | { readonly type: 'notifyAgents'; readonly workgroup: string; readonly agents: readonly string[]; readonly summary: QueueSummary; readonly details: readonly QueueDetail[] }
  /**
   * Step `join` on workgroup `to` (its own step applies its own rules; a refusal there departs
   * the visitor). `transfer`: an agent's transfer, where a refusal undoes the whole step instead.
   */
  | { readonly type: 'overflow'; readonly from: string; readonly to: string; readonly join: JoinEvent; readonly transfer?: boolean }
  /** Arm (or move) the deadline (kind, key) to fire at `at` with `deadline` as its payload. */
  | { readonly type: 'schedule'; readonly kind: DeadlineKind; readonly key: string; readonly at: number; readonly deadline: DeadlineRef }
  | { readonly type: 'cancelDeadline'; readonly kind: DeadlineKind; readonly key: string };

export type EffectType = Effect['type'];

/** The key of a deadline within its kind and workgroup (usernames never hold '/'). */
export function deadlineKeyOf(ref: DeadlineRef): string {
  return ref.kind === 'requestTimeout' ? ref.requestId : `${ref.requestId}/${ref.agent}`;
}
