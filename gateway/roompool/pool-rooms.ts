/**
 * The pool's rooms in ejabberd: made with HelpIM's configuration, owned by the bot's JID,
 * intruders banned and rooms destroyed with a reason, occupants read. An adapter over the
 * ejabberd port; it remembers nothing.
 *
 * Rules kept (helpdesk-peers.md C.4, C.13):
 * - options: hidden (not public, not listed), not persistent unless configured, password
 *   protected with a 64-hex CSPRNG password, not members-only, not moderated, members by
 *   default, max_users 3 for one-to-one rooms (staff, client, one more to notice an intruder)
 *   and rooms.groupMaxUsers for group rooms, whois moderators (anonymous), private messages,
 *   user queries and invites off, subject changes allowed; the title is the site name (HelpIM's
 *   FIXME). Set through create_room_with_opts, which 23.01 applies as given;
 * - the bot's bare JID is the room's owner, so its muc#admin and muc#owner requests are obeyed
 *   without it joining: a ban (affiliation outcast) removes an intruder with the reason and keeps
 *   it out, a muc#owner destroy tells every occupant the reason;
 * - a destroy is then confirmed through the admin API (a room already gone is success), so no
 *   room is left behind whatever became of the request;
 * - every value in a stanza goes through the XML writer (escaped); ids are random.
 * References: XEP-0045 §9.1 (ban), §10.9 (destroy); mod_muc_admin 23.01 create_room_with_opts/4,
 * set_room_affiliation/4, get_room_occupants/2, destroy_room/2; mod_muc_room process_iq_owner/3.
 */
import { randomBytes } from 'node:crypto';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { isGatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { el, renderXml } from '../xml/index.js';
import type { FreshRoom, Occupant, RoomType } from './machine/index.js';
import { isPoolRoom, newRoomName, newRoomPassword } from './pool-names.js';

export const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
export const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';

export interface PoolRoomsOptions {
  readonly backend: Pick<EjabberdBackend, 'createRoom' | 'destroyRoom' | 'setRoomAffiliation' | 'getRoomOccupants' | 'listRooms' | 'sendStanza'>;
  readonly mucService: string;
  /** The bot's bare JID: every room's owner. */
  readonly botJid: string;
  readonly botNick: string;
  readonly site: string;
  readonly persistent: boolean;
  readonly groupMaxUsers: number;
  readonly log: Logger;
}

export interface PoolRooms {
  jidOf(name: string): string;
  /** Makes a new room of the type (name and password drawn here) and returns it. */
  create(type: RoomType): Promise<FreshRoom>;
  /** Occupants are told the reason and removed; resolves once the room is gone (gone already: success). */
  destroy(name: string, reason: string): Promise<void>;
  /** Bans `jid` (bare) with the reason: removed now, refused later. */
  kick(name: string, jid: string, reason: string): Promise<void>;
  /** Admin affiliation: the moderator role when it joins (group rooms' staff). */
  grantModerator(name: string, jid: string): Promise<void>;
  /** ejabberd's occupants now; null when the room does not exist. */
  occupants(name: string): Promise<Occupant[] | null>;
  /** Names of this site's rooms that exist in ejabberd now. */
  owned(): Promise<string[]>;
}

export function poolRoomOptions(o: Pick<PoolRoomsOptions, 'site' | 'botNick' | 'persistent' | 'groupMaxUsers'>, type: RoomType, password: string): Record<string, string> {
  return {
    title: o.site,
    description: `${o.botNick}: ${type === 'one2one' ? 'one-to-one' : 'group'} room of the ${o.site} pool`,
    persistent: String(o.persistent),
    public: 'false',
    public_list: 'false',
    password_protected: 'true',
    password,
    max_users: type === 'one2one' ? '3' : String(o.groupMaxUsers),
    anonymous: 'true',
    members_only: 'false',
    moderated: 'false',
    members_by_default: 'true',
    allow_change_subj: 'true',
    allow_private_messages: 'false',
    allow_query_users: 'false',
    allow_user_invites: 'false',
  };
}

const iqId = (): string => `roompool-${randomBytes(6).toString('hex')}`;

/** `<iq type=set><query xmlns=muc#admin><item affiliation=outcast jid=…><reason>…</reason></item></query></iq>` */
export function banRequest(jid: string, reason: string): string {
  return renderXml(el('iq', { type: 'set', id: iqId() }, el('query', { xmlns: NS_MUC_ADMIN }, el('item', { affiliation: 'outcast', jid }, el('reason', {}, reason)))), false);
}

/** `<iq type=set><query xmlns=muc#owner><destroy><reason>…</reason></destroy></query></iq>` */
export function destroyRequest(reason: string): string {
  return renderXml(el('iq', { type: 'set', id: iqId() }, el('query', { xmlns: NS_MUC_OWNER }, el('destroy', {}, el('reason', {}, reason)))), false);
}

/** Not found, and it is the room that is missing (an unknown MUC service is a real failure). */
const roomGone = (err: unknown): boolean => isGatewayError(err) && err.kind === 'not-found' && err.exception !== 'MUCServiceNotFoundException';

export function createPoolRooms(o: PoolRoomsOptions): PoolRooms {
  const { backend, mucService: service, log } = o;
  const jidOf = (name: string): string => `${name}@${service}`;

  return {
    jidOf,

    async create(type) {
      const name = newRoomName(o.site);
      const password = newRoomPassword();
      await backend.createRoom(name, service, poolRoomOptions(o, type, password));
      try {
        await backend.setRoomAffiliation(name, service, o.botJid, 'owner');
      } catch (err) {
        await backend.destroyRoom(name, service).catch(() => undefined);
        throw err;
      }
      log.debug('room pool: room made', { room: jidOf(name), type });
      return { name, type, password };
    },

    async destroy(name, reason) {
      try {
        await backend.sendStanza(o.botJid, jidOf(name), destroyRequest(reason));
      } catch (err) {
        log.warn('room pool: the destroy request with a reason failed; destroying without it', { room: jidOf(name), error: err as Error });
      }
      try {
        await backend.destroyRoom(name, service);
      } catch (err) {
        if (!roomGone(err)) throw err;
      }
    },

    async kick(name, jid, reason) {
      await backend.sendStanza(o.botJid, jidOf(name), banRequest(jid, reason));
    },

    async grantModerator(name, jid) {
      await backend.setRoomAffiliation(name, service, jid, 'admin');
    },

    async occupants(name) {
      try {
        return (await backend.getRoomOccupants(name, service)).map((x) => ({ jid: x.jid, nick: x.nick || null }));
      } catch (err) {
        if (roomGone(err)) return null;
        throw err;
      }
    },

    async owned() {
      const rooms = await backend.listRooms(service);
      return rooms.map((j) => (j.split('@')[0] ?? '').toLowerCase()).filter((n) => isPoolRoom(o.site, n));
    },
  };
}
