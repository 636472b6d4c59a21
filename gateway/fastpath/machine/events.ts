/**
 * What happens to a workgroup: the events `step` takes. Each is plain data; anything random (the
 * request id) or read elsewhere (presence from the online view) comes in on the event, so a step
 * is a pure function of (state, event, now) and can be retried after a compare-and-set conflict.
 *
 * Rules:
 * - Agents are named by username, visitors by ofchat's `userId`, requests and offers by the
 *   request id (one id per request: every offer of it and its support room carry it).
 * - A `deadline` event carries the DeadlineRef its schedule effect carried, which names what it
 *   expects (the offer's `seq`, the rejector's `until`, the request's `seq`): a stale or repeated
 *   deadline finds nothing matching and changes nothing.
 */
import type { Show, WorkgroupSettings } from './state.js';

/** A timer the adapter arms (from a `schedule` effect) and gives back as a `deadline` event. */
export type DeadlineRef =
  | { readonly kind: 'offerTimeout'; readonly requestId: string; readonly agent: string; readonly offerSeq: number }
  | { readonly kind: 'rejectionExpiry'; readonly requestId: string; readonly agent: string; readonly until: number }
  | { readonly kind: 'requestTimeout'; readonly requestId: string; readonly requestSeq: number };

export type DeadlineKind = DeadlineRef['kind'];

/** A visitor asks (POST ask), or a request arrives by overflow (`overflowCount` > 0). */
export interface JoinEvent {
  readonly type: 'join';
  /** Fresh and unguessable, from the adapter (it becomes the offer id and the room name). */
  readonly requestId: string;
  readonly userId: string;
  readonly visitor: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Higher first; whole numbers; default 0 (only trusted callers should set it). */
  readonly priority?: number;
  /** Preferred agent username. */
  readonly agent?: string | null;
  /** First ask time when overflowed; default now. */
  readonly askedAt?: number;
  /** Moves already made (from an overflow effect); default 0. */
  readonly overflowCount?: number;
  /** A transferred chat: the agent that held its (existing) room. */
  readonly previousAgent?: string;
}

export type MachineEvent =
  | JoinEvent
  /** The visitor cancels (DELETE ask/{userId}): queued, offered or in the room. */
  | { readonly type: 'cancel'; readonly userId: string }
  /** POST chat/{sid}/assists/{wg}; `show`: the agent's presence if known (default 'available'). */
  | { readonly type: 'agentAvailable'; readonly agent: string; readonly show?: Show }
  /** DELETE chat/{sid}/assists/{wg}. */
  | { readonly type: 'agentUnavailable'; readonly agent: string }
  /** The agent's presence changed on any client ('offline' = its last client disconnected). */
  | { readonly type: 'agentPresence'; readonly agent: string; readonly show: Show }
  /** The agent accepts offer `offerId` (= request id). */
  | { readonly type: 'accept'; readonly offerId: string; readonly agent: string }
  | { readonly type: 'reject'; readonly offerId: string; readonly agent: string }
  /** The support room for an accepted offer exists now. */
  | { readonly type: 'roomCreated'; readonly offerId: string }
  /** The support room could not be created: the request goes back to its place. */
  | { readonly type: 'roomFailed'; readonly offerId: string }
  /**
   * The chat is over: both left the support room, or its agent (`agent`, checked to be the
   * chat's) ended it.
   */
  | { readonly type: 'chatEnded'; readonly offerId: string; readonly agent?: string }
  /** The chat's agent offers the chat to `target`, a member of the workgroup. */
  | { readonly type: 'transferToAgent'; readonly offerId: string; readonly agent: string; readonly target: string }
  /** The chat's agent puts the chat back in a queue: this workgroup's or `workgroup`'s, with its room. */
  | { readonly type: 'transferToWorkgroup'; readonly offerId: string; readonly agent: string; readonly workgroup: string }
  /** The chat's agent invites `colleague` (a user name) into the support room. */
  | { readonly type: 'inviteColleague'; readonly offerId: string; readonly agent: string; readonly colleague: string }
  | { readonly type: 'deadline'; readonly deadline: DeadlineRef }
  | { readonly type: 'settingsChanged'; readonly settings: Partial<WorkgroupSettings> }
  /** The member list replaced; `presence`: current shows of members (from the online view). */
  | { readonly type: 'membersChanged'; readonly members: readonly string[]; readonly presence?: Readonly<Record<string, Show>> }
  /** The workgroup is being deleted: everyone waiting departs, every offer is revoked. */
  | { readonly type: 'workgroupDeleted' }
  /** Re-run routing and nothing else (after a restart, or when in doubt): idempotent. */
  | { readonly type: 'reconcile' };

export type MachineEventType = MachineEvent['type'];
