/**
 * The port through which ofgate manages ejabberd. Two adapters implement it: mod_http_api
 * (http-api/) and ejabberd_xmlrpc (xmlrpc/); one contract suite (test/contract/) runs against
 * both on a real ejabberd. This file is the only place the rest of ofgate learns what ejabberd
 * can do; only the adapters know command names.
 *
 * Conventions: `user` is a local part (nodeprep'ed by ejabberd), the virtual host is fixed at
 * construction; `service` is a full MUC service JID (conference.example.org); JIDs are strings.
 * Failures are GatewayErrors: not-found, conflict, bad-request, upstream-unavailable (cannot
 * connect, 5xx), upstream-timeout (no answer within ejabberd.timeoutMs).
 */
import type { MessageSelectors } from '../../hooks/index.js';

export interface ShimStats {
  readonly queued: number;
  readonly enqueued: number;
  readonly sent: number;
  readonly dropped: number;
  readonly retries: number;
  readonly posts: number;
}

export type Subscription = 'none' | 'to' | 'from' | 'both' | 'remove';

export interface RosterEntry {
  readonly jid: string;
  readonly nick: string;
  readonly subscription: Subscription;
  readonly ask: string;
  /**
   * All groups of this contact (get_roster's one-row-per-group merged). Contacts brought by
   * shared roster groups are included, under the shared group's label, as ejabberd returns them.
   */
  readonly groups: readonly string[];
}

export interface SharedGroupInfo {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Groups whose members see this group's members in their rosters. */
  readonly displayed: readonly string[];
}

export interface SessionInfo {
  /** Full JID. */
  readonly jid: string;
  readonly user: string;
  readonly resource: string;
  readonly connection: string;
  readonly ip: string;
  readonly port: number;
  readonly priority: number;
  /** available, away, chat, dnd, xa */
  readonly status: string;
  readonly statusText: string;
  /** Seconds since the session opened. */
  readonly uptime: number;
}

export interface RoomOccupant {
  /** Real full JID of the occupant. */
  readonly jid: string;
  readonly nick: string;
  readonly role: string;
}

export interface RoomAffiliation {
  /** Bare JID. */
  readonly jid: string;
  readonly affiliation: 'owner' | 'admin' | 'member' | 'outcast' | 'none';
}

export interface OutgoingMessage {
  readonly type: 'chat' | 'normal' | 'headline' | 'groupchat';
  readonly from: string;
  readonly to: string;
  readonly subject?: string;
  readonly body: string;
}

export type VcardField = 'FN' | 'EMAIL';

/** The ejabberd node that answered a command (the one ofgate's API URL reaches). */
export interface LocalNode {
  /** Erlang node name, e.g. ejabberd@host (nonode@nohost when ejabberd runs undistributed). */
  readonly node: string;
  /** Seconds since that node started. */
  readonly uptimeSeconds: number;
}

export interface EjabberdBackend {
  readonly kind: 'http-api' | 'xmlrpc';
  /** The virtual host this backend manages. */
  readonly host: string;

  /** The node status text; rejects with upstream-unavailable when ejabberd cannot be reached. */
  status(): Promise<string>;

  // accounts
  registerUser(user: string, password: string): Promise<void>; // conflict when taken, bad-request for an empty or malformed name
  unregisterUser(user: string): Promise<void>; // not-found for unknown users
  userExists(user: string): Promise<boolean>;
  checkPassword(user: string, password: string): Promise<boolean>;
  changePassword(user: string, password: string): Promise<void>; // not-found for unknown users
  listUsers(): Promise<string[]>;
  getVcardField(user: string, field: VcardField): Promise<string | undefined>;
  setVcardField(user: string, field: VcardField, value: string): Promise<void>; // not-found for unknown users

  // rosters
  getRoster(user: string): Promise<RosterEntry[]>;
  /** Adds or replaces the item; groups replace the old groups. */
  setRosterItem(user: string, item: { jid: string; nick: string; groups: readonly string[]; subscription: Subscription }): Promise<void>;
  deleteRosterItem(user: string, jid: string): Promise<void>;

  // shared roster groups (mod_shared_roster)
  listSharedGroups(): Promise<string[]>;
  getSharedGroup(group: string): Promise<SharedGroupInfo | undefined>;
  createSharedGroup(info: SharedGroupInfo): Promise<void>; // conflict when it exists
  /** Replaces label, description and displayed groups; members stay. not-found for unknown groups. */
  updateSharedGroup(info: SharedGroupInfo): Promise<void>;
  deleteSharedGroup(group: string): Promise<void>; // not-found
  getSharedGroupMembers(group: string): Promise<string[]>; // bare JIDs; [] for unknown groups
  addSharedGroupMember(group: string, jid: string): Promise<void>; // not-found for unknown groups
  removeSharedGroupMember(group: string, jid: string): Promise<void>; // not-found for unknown groups

  // multi-user chat (mod_muc_admin)
  listRooms(service: string): Promise<string[]>; // room JIDs
  createRoom(name: string, service: string, options: Readonly<Record<string, string>>): Promise<void>; // conflict when it exists
  getRoomOptions(name: string, service: string): Promise<Record<string, string> | undefined>; // undefined: no such room
  setRoomOption(name: string, service: string, option: string, value: string): Promise<void>;
  destroyRoom(name: string, service: string): Promise<void>; // not-found; resolves once the room is gone (bounded wait)
  getRoomAffiliations(name: string, service: string): Promise<RoomAffiliation[]>;
  setRoomAffiliation(name: string, service: string, jid: string, affiliation: RoomAffiliation['affiliation']): Promise<void>;
  getRoomOccupants(name: string, service: string): Promise<RoomOccupant[]>; // not-found
  /** The MUC/Sub subscribers' bare JIDs (XEP-0405 as ejabberd implements it). */
  getRoomSubscribers(name: string, service: string): Promise<string[]>; // not-found

  // sessions and presence
  listSessions(): Promise<SessionInfo[]>;
  userSessions(user: string): Promise<SessionInfo[]>;
  /** Resolves once the session is gone (bounded wait); success also when there was none. */
  kickSession(user: string, resource: string, reason: string): Promise<void>;
  /** Closes every session of the user, resolves once they are gone (bounded wait); returns how many were closed. */
  kickUser(user: string): Promise<number>;

  // messages
  sendMessage(msg: OutgoingMessage): Promise<void>;
  /** Routes a raw stanza (built by ofgate's XML writer, never by a client) from `from` to `to`. */
  sendStanza(from: string, to: string, stanza: string): Promise<void>;
  offlineCount(user: string): Promise<number>;

  // statistics
  registeredUsersCount(): Promise<number>;
  onlineSessionsCount(): Promise<number>;

  // the cluster (mnesia nodes running ejabberd together)
  /** Node names of the cluster, as ejabberd lists them (the answering node included). */
  clusterNodes(): Promise<string[]>;
  /** The node answering ofgate's API: its name and uptime. */
  localNode(): Promise<LocalNode>;

  // OAuth tokens for password-less streams (notes §7b)
  issueToken(jid: string, ttlSeconds: number): Promise<string>;
  revokeToken(token: string): Promise<void>;

  // lockouts, served by mod_ofgate's commands (not-implemented when the shim is absent)
  lockUser(user: string, reason: string): Promise<void>;
  unlockUser(user: string): Promise<void>;
  isLocked(user: string): Promise<boolean>;

  /**
   * Tells mod_ofgate which hook events ofgate consumes (it forwards only those of its
   * configured ones), and which messages of a kind when `selectors` narrow it
   * (hooks/message-selector.ts); answers the kinds it now forwards. Not-implemented without the shim.
   */
  setHookInterest(events: readonly string[], selectors?: MessageSelectors): Promise<string[]>;
  /** mod_ofgate's queue on this host: events waiting now; counters since its start. Not-implemented without the shim. */
  shimStats(): Promise<ShimStats>;
}
