/**
 * What a session announced on its stream and must announce again on a new XMPP session (a
 * reconnect that did not resume, or a fresh stream after another instance took the user
 * over): its own presence (mode + status) and the rooms it joined (nick, password).
 * - The owner of the session tells it through `SessionMembership` right after the stanza
 *   went out (presence, joined, left); an unavailable own presence leaves every room
 *   (RFC 6121 §4.5.2 broadcast reaches the rooms too).
 * - Every change is written through to a `MembershipStore` (in memory here; a shared store
 *   lets another instance restore it); a failing write is logged, never thrown at the caller.
 * - `observe` reads inbound presences: an unavailable self-presence (status 110) or an error
 *   from a joined room means the session is no longer in it (left, kicked, room destroyed,
 *   re-join refused).
 * - `restoreStanzas` is what to send, in order: own presence first, then one join per room.
 * References: XEP-0045 §7.2 (enter, password), §7.14 (exit), §7.2.6 (110);
 * XEP-0198 §5 (a resumed session keeps all this on the server).
 */
import type { Element } from '@xmpp/xml';
import { bareOf } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { joinRoomPresence } from './build-muc.js';
import { ownPresence, type PresenceMode } from './build-presence.js';
import { NS_MUC_USER } from './namespaces.js';

export interface RoomMembership {
  /** Bare room JID. */
  readonly room: string;
  readonly nick: string;
  readonly password?: string | undefined;
}

export interface Membership {
  readonly presence: { readonly mode: PresenceMode; readonly status?: string | undefined };
  readonly rooms: readonly RoomMembership[];
}

export const INITIAL_MEMBERSHIP: Membership = { presence: { mode: 'available' }, rooms: [] };

/** Where memberships are kept between reconnects and across instances. */
export interface MembershipStore {
  load(username: string): Promise<Membership | undefined>;
  save(username: string, m: Membership): Promise<void>;
  drop(username: string): Promise<void>;
}

export function createMemoryMembershipStore(): MembershipStore {
  const kept = new Map<string, Membership>();
  return {
    load: async (username) => kept.get(username),
    save: async (username, m) => void kept.set(username, m),
    drop: async (username) => void kept.delete(username),
  };
}

/** One session's membership, as its owner reports it. */
export interface SessionMembership {
  presence(mode: PresenceMode, status?: string): void;
  joined(room: string, nick: string, password?: string): void;
  left(room: string): void;
  /** The nick in `room`, undefined when not joined. */
  nickIn(room: string): string | undefined;
  current(): Membership;
}

/** The pool's side of a session's membership. */
export interface TrackedMembership extends SessionMembership {
  /** Replaces what is tracked (a restore from the store). */
  adopt(m: Membership): void;
  /** Reads an inbound stanza for room exits. */
  observe(el: Element): void;
  restoreStanzas(): Element[];
}

export function trackMembership(username: string, store: MembershipStore, log: Logger): TrackedMembership {
  let presence: Membership['presence'] = INITIAL_MEMBERSHIP.presence;
  const rooms = new Map<string, RoomMembership>();

  const current = (): Membership => ({ presence, rooms: [...rooms.values()] });
  const persist = (): void => {
    store.save(username, current()).catch((err: unknown) => log.warn('xmpp: cannot save the membership', { username, error: err as Error }));
  };

  return {
    presence(mode, status) {
      presence = status === undefined ? { mode } : { mode, status };
      if (mode === 'offline') rooms.clear();
      persist();
    },
    joined(room, nick, password) {
      const key = bareOf(room);
      rooms.set(key, password === undefined ? { room: key, nick } : { room: key, nick, password });
      persist();
    },
    left(room) {
      if (rooms.delete(bareOf(room))) persist();
    },
    nickIn: (room) => rooms.get(bareOf(room))?.nick,
    current,
    adopt(m) {
      presence = m.presence;
      rooms.clear();
      for (const r of m.rooms) rooms.set(bareOf(r.room), { ...r, room: bareOf(r.room) });
    },
    observe(el) {
      // on the path of every stanza: attributes first, and only a joined room's presence is read further
      if (el.name !== 'presence' || rooms.size === 0) return;
      const type = el.attrs.type;
      if (type !== 'error' && type !== 'unavailable') return;
      const room = bareOf(String(el.attrs.from ?? ''));
      if (!rooms.has(room)) return;
      const selfLeft = type === 'error' || (el.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).some((st) => st.attrs.code === '110');
      if (selfLeft) {
        rooms.delete(room);
        persist();
      }
    },
    restoreStanzas() {
      const own = ownPresence(presence.mode, presence.status);
      if (presence.mode === 'offline') return [own];
      return [own, ...[...rooms.values()].map((r) => joinRoomPresence(r.room, r.nick, r.password))];
    },
  };
}
