/**
 * The events mod_ofgate posts (payload version 1): one typed union, discriminated on `event`.
 * The wire is snake_case (`chat_state`); decode.ts maps it to these camelCase fields once.
 * References: erlang-shim/README.md ("Payload"), erlang-shim/src/mod_ofgate.erl (hooks()),
 * ejabberd 23.01 hooks: sm_register/remove_connection_hook, set/unset_presence_hook,
 * user_send_packet, user_receive_packet, offline_message_hook, join_room, leave_room,
 * register_user, remove_user.
 */

export const HOOK_PAYLOAD_VERSION = 1;

interface Envelope {
  /** Payload version (1). */
  readonly v: 1;
  /** Unique across ejabberd restarts: `<host>-<boot>-<counter>`; retried batches reuse it. */
  readonly id: string;
  /** The ejabberd virtual host whose hook fired. */
  readonly host: string;
  /** When the hook fired (ms since the epoch, ejabberd's clock). */
  readonly ts: number;
}

/** A user's resource: `jid` is always the bare JID (lowercased), `resource` the resource. */
interface OfResource {
  readonly jid: string;
  readonly resource: string;
}

export type PresenceShow = 'available' | 'away' | 'chat' | 'dnd' | 'xa';
export type MessageType = 'chat' | 'normal' | 'groupchat' | 'headline';
export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';

interface MessageFields {
  /** Full JID as routed (`from` of a sent message is the sender's full JID). */
  readonly from: string;
  readonly to: string;
  readonly type: MessageType;
  /** The stanza's own id attribute (wire: `msg_id`), when it has one. */
  readonly messageId?: string;
  readonly body?: string;
  readonly thread?: string;
  /** XEP-0085 chat state, when the message carries one. */
  readonly chatState?: ChatState;
  /** The Jive property `data` (Openfire/Fastpath clients), when present. */
  readonly data?: string;
}

export interface SessionOpened extends Envelope, OfResource {
  readonly event: 'session_opened';
}
export interface SessionClosed extends Envelope, OfResource {
  readonly event: 'session_closed';
}
export interface PresenceSet extends Envelope, OfResource {
  readonly event: 'presence_set';
  readonly show: PresenceShow;
  readonly status: string;
  readonly priority: number;
}
export interface PresenceUnset extends Envelope, OfResource {
  readonly event: 'presence_unset';
  readonly status: string;
}
/** A local user sent a message (user_send_packet). */
export interface MessageSent extends Envelope, MessageFields {
  readonly event: 'message_sent';
}
/** A local user received a message from outside this server (user_receive_packet, s2s only). */
export interface MessageReceived extends Envelope, MessageFields {
  readonly event: 'message_received';
}
/** A message reached a user with no available resource (offline_message_hook). */
export interface MessageOffline extends Envelope, MessageFields {
  readonly event: 'message_offline';
  /** `offlined` when mod_offline stored it; else `archived` (only MAM kept it), `bounce` or `other`. */
  readonly action: string;
}
export interface MucJoin extends Envelope, OfResource {
  readonly event: 'muc_join';
  /** Bare room JID. */
  readonly room: string;
  /** Known when the occupant is a local user (from the join presence). */
  readonly nick?: string;
}
export interface MucLeave extends Envelope, OfResource {
  readonly event: 'muc_leave';
  readonly room: string;
  readonly nick?: string;
  /** The status text of the leave presence the local occupant sent ("Clean Exit" …); absent for remote occupants or a session that ended. */
  readonly status?: string;
}
export interface UserRegistered extends Envelope {
  readonly event: 'user_registered';
  readonly jid: string;
}
export interface UserRemoved extends Envelope {
  readonly event: 'user_removed';
  readonly jid: string;
}

export type HookEvent =
  | SessionOpened
  | SessionClosed
  | PresenceSet
  | PresenceUnset
  | MessageSent
  | MessageReceived
  | MessageOffline
  | MucJoin
  | MucLeave
  | UserRegistered
  | UserRemoved;

export type HookEventName = HookEvent['event'];
export type EventOf<N extends HookEventName> = Extract<HookEvent, { event: N }>;

export const HOOK_EVENT_NAMES: readonly HookEventName[] = [
  'session_opened',
  'session_closed',
  'presence_set',
  'presence_unset',
  'message_sent',
  'message_received',
  'message_offline',
  'muc_join',
  'muc_leave',
  'user_registered',
  'user_removed',
];
