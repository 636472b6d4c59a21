/**
 * One workgroup's Fastpath state: settings, members, agents, the queue with its pending offers,
 * the active support chats. One plain JSON record (the adapter keeps it in the store and writes
 * it back with compare-and-set), read-only to everyone but `step`.
 *
 * Rules it keeps:
 * - Plain data only (no Map, no Date, no class): it survives JSON and structuredClone unchanged,
 *   so `step` of a record read back from the store behaves exactly as of the one written.
 * - One source of truth per fact: an agent's current chats are the `chats` it holds, its pending
 *   offer is the offer on a queued request; neither is copied onto the agent.
 * - A request stays in `queue` at its place while it is offered; it leaves the queue on accept,
 *   cancel, overflow or request timeout. Queue order: higher `priority` first, then lower `seq`
 *   (arrival in this workgroup), so "back at its old place" is re-inserting by the same key.
 * - Every deadline the adapter must arm is visible here (offer `expiresAt`, rejector `until`,
 *   request `deadline`), so the timers can be re-armed from the state alone (views.ts).
 * - Times are epoch milliseconds, always given to `step` as `now`, never read here.
 */
import type { BusinessHours } from './business-hours.js';

/** Deep read-only view of the mutable shapes below: what callers of the machine get. */
export type DeepReadonly<T> = T extends ReadonlyArray<infer U>
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** An agent's presence show, as the online view reports it; 'offline' = no client connected. */
export type Show = 'available' | 'chat' | 'away' | 'xa' | 'dnd' | 'offline';

/**
 * How a request picks its agent (routing.ts): 'openfire' = Openfire's BasicAgentSelector (fewest
 * current chats, then longest since the last chat ended); 'roundRobin' = least recently offered;
 * 'broadcast' = every eligible agent at once, first accept wins.
 */
export type RoutingStrategy = 'openfire' | 'roundRobin' | 'broadcast';

export interface WorkgroupSettingsData {
  offerTimeoutMs: number;
  /** How long an agent that rejected (or let time out) a request is not offered it again. */
  rejectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxChatsPerAgent: number;
  /** Workgroup a timed-out request moves to (at most MAX_OVERFLOWS moves); null = none. */
  overflowTarget: string | null;
  /** Manually open; when false the workgroup is closed whatever the business hours say. */
  open: boolean;
  /** Visitors may ask without admin credentials (the adapter's concern; kept with the rest). */
  public: boolean;
  routing: RoutingStrategy;
  /** An agent whose show is 'away' still gets offers. */
  awayGetsOffers: boolean;
  /** An agent online over any client counts as available without `POST assists/{wg}`. */
  autoAvailable: boolean;
  /** Most requests waiting in the queue (offered ones count); null = unlimited. */
  maxQueueLength: number | null;
  /** Weekly schedule; null = always open (when `open`). */
  businessHours: BusinessHours | null;
}

/**
 * The agent's own say: 'available' after `POST chat/{sid}/assists/{wg}`, 'unavailable' after
 * DELETE, 'auto' at first and after a disconnect (available then only with `autoAvailable` and
 * a connected client).
 */
export type AgentChoice = 'auto' | 'available' | 'unavailable';

export interface AgentData {
  choice: AgentChoice;
  show: Show;
  lastChatEndedAt: number | null;
  lastOfferedAt: number | null;
}

export interface OfferData {
  agent: string;
  /** Unique in the workgroup (from `seq`): a deadline names the offer it expects by it. */
  seq: number;
  sentAt: number;
  expiresAt: number;
}

export interface RejectorData {
  agent: string;
  /** Not offered this request again before this time. */
  until: number;
}

/** What the visitor asked with: travels unchanged to an overflow workgroup. */
export interface AskData {
  /** The request id: also every offer's id and the support room's name. From the join event. */
  requestId: string;
  /** ofchat's `userID`: the `ask/{userId}` routes name the request by it. Unique per workgroup. */
  userId: string;
  /** How the adapter addresses the visitor (its account / JID); opaque here. */
  visitor: string;
  /** First value of each metadata key (username, email, question, nickname, …). */
  metadata: Record<string, string>;
  /** Higher is served first; integers; 0 by default. */
  priority: number;
  /** Preferred agent (ofchat's `agent` field), or null. */
  agent: string | null;
  /** When the visitor first asked (any workgroup): the wait counted in the average. */
  askedAt: number;
  /** How many times the request already overflowed (0 on a fresh ask). */
  overflowCount: number;
  /**
   * Set when the request already has its support room (a transferred chat): the agent that
   * held it. Whoever accepts takes over that room (it is set up again for the new agent, which
   * removes the previous one) instead of a new one. Absent on a fresh ask.
   */
  previousAgent?: string;
}

export interface QueuedRequestData extends AskData {
  /** Arrival order in this workgroup (from `seq`); also the request-timeout deadline's guard. */
  seq: number;
  joinedAt: number;
  /** Request timeout: when it overflows or departs with agent-not-found. */
  deadline: number;
  /** Pending offers: at most one unless the strategy is broadcast. */
  offers: OfferData[];
  /** Agents that rejected it or let an offer time out (one entry per agent, latest time). */
  rejectors: RejectorData[];
  /** Every agent ever offered it here (tells "revoked" 409 from "not yours" 403). */
  offeredTo: string[];
}

export type ChatStatus = 'creating' | 'open';

export interface ChatData {
  agent: string;
  status: ChatStatus;
  acceptedAt: number;
  /** The request as it was queued: re-queued at its place if the room cannot be created. */
  request: QueuedRequestData;
  /**
   * A pending transfer to another agent of the workgroup: an offer like a queued one (its
   * `seq` guards its offer-timeout deadline). The chat stays with `agent` until it is accepted.
   */
  transfer?: OfferData;
}

/** A request that ended lately (bounded ring): answers a late accept or reject precisely. */
export interface FinishedData {
  requestId: string;
  offeredTo: string[];
  at: number;
}

export interface WorkgroupStateData {
  /** Record format; bumped when the shape changes incompatibly. */
  format: 1;
  name: string;
  settings: WorkgroupSettingsData;
  /** Agent usernames, in the admin's order. */
  members: string[];
  /** One entry per member. */
  agents: Record<string, AgentData>;
  queue: QueuedRequestData[];
  /** Active chats by request id (= offer id = room name). */
  chats: Record<string, ChatData>;
  /** Counter for request and offer sequence numbers. */
  seq: number;
  /** Average wait from ask to accept, ms (avg = (avg + wait) / 2, Openfire's); null before any. */
  averageWaitMs: number | null;
  finished: FinishedData[];
}

export type WorkgroupSettings = DeepReadonly<WorkgroupSettingsData>;
export type AgentState = DeepReadonly<AgentData>;
export type Offer = DeepReadonly<OfferData>;
export type Rejector = DeepReadonly<RejectorData>;
export type Ask = DeepReadonly<AskData>;
export type QueuedRequest = DeepReadonly<QueuedRequestData>;
export type ActiveChat = DeepReadonly<ChatData>;
export type WorkgroupState = DeepReadonly<WorkgroupStateData>;

/** Request moves beyond which a timed-out request departs with agent-not-found (Openfire's). */
export const MAX_OVERFLOWS = 3;
/** Length of the `finished` ring. */
export const FINISHED_KEPT = 64;
