/**
 * Click-to-chat's state: the round-robin queue of helpdesk users and the client accounts with
 * the helpdesk user each is paired with. One plain JSON record (the adapter keeps it in the store
 * and changes it only through `step`), read-only to everyone else.
 *
 * Rules it keeps:
 * - Plain data only (no Map, no Date, no class): what is read back from the store steps exactly
 *   as what was written.
 * - Agents and clients are bare JIDs, lower case (the adapters fold them once).
 * - `queue` is the round-robin order: the next client goes to the first agent in it who can take
 *   one, and that agent moves to the tail. An agent is in it at most once (a bare JID, whatever
 *   its resources), and only while online.
 * - One source of truth per fact: an agent's load is the number of clients naming it in
 *   `clients` (pending ones count: the slot is reserved before the account exists), never a
 *   counter kept beside it.
 * - A client is never an agent: a bare JID that is a client is never queued nor picked.
 * - Times are epoch milliseconds given to `step` as `now`, never read here.
 */

/** Read-only view of the mutable shapes below: what callers of the machine get. */
export type DeepReadonly<T> = T extends ReadonlyArray<infer U>
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * 'pending': the slot is reserved and the account is being created (register has not answered
 * yet); 'active': the account exists and the register answered with the agent.
 */
export type ClientStatus = 'pending' | 'active';

export interface ClientData {
  /** The paired helpdesk user; null when its agent left and nobody could take the client. */
  agent: string | null;
  status: ClientStatus;
  /** When the client was paired with `agent` (or unpaired). */
  since: number;
  registeredAt: number;
  /** The address an anonymous page registered from (public widget mode: the per-address cap); null otherwise. */
  address: string | null;
}

export interface ClickToChatStateData {
  /** Record format; bumped when the shape changes incompatibly. */
  format: 1;
  /** Round-robin order of the online helpdesk users (bare JIDs). */
  queue: string[];
  /** Client accounts by bare JID. */
  clients: Record<string, ClientData>;
}

export type ClientRecord = DeepReadonly<ClientData>;
export type ClickToChatState = DeepReadonly<ClickToChatStateData>;

export function emptyState(): ClickToChatState {
  return { format: 1, queue: [], clients: {} };
}

/** The rules `step` applies, from the configuration. */
export interface PairingRules {
  /** Clients one helpdesk user holds at once (exactly; the original allowed one more). */
  readonly maxSessions: number;
}
