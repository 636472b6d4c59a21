/**
 * The support room of an accepted Fastpath request, kept in ejabberd: created when an agent
 * accepts (named by the request id, on the MUC service), the agent invited, destroyed when
 * the chat ends. An adapter over the ejabberd port; nothing here is remembered by ofgate.
 *
 * Rules kept:
 * - the room is private to its two members: not public, not listed, members-only (anyone
 *   else is refused with registration-required), the agent and the visitor `member` and no
 *   one else affiliated;
 * - persistent in ejabberd's sense, so it never closes between the accept and the joins
 *   (23.01 closes an empty temporary room); ofgate removes it itself (destroy);
 * - archived: `mam` is set whatever the server runs. It is one of ejabberd's own room
 *   options (in the room config record), so it is never silently dropped; without mod_mam
 *   nothing archives it (mod_mam's hooks are absent) and a room's disco#info lists
 *   urn:xmpp:mam:2 only when mod_mam is loaded and the option is on. Live history on join is
 *   mod_muc's service-wide history_size: 23.01 has no per-room option for it. Whether the
 *   archive outlives destroy is the server's choice: mod_mam's clear_archive_on_room_destroy
 *   (default true) empties it when the room is destroyed;
 * - create is idempotent: an existing room is reused, its options and affiliations set again
 *   (a room still stopping after a destroy is waited for, within waitMs);
 * - destroy of a room already gone is success; occupants of a room gone are [];
 * - a colleague the chat's agent invites is made `member` too (create sets the members again, so
 *   a transfer's take-over leaves only the new agent and the visitor); setting the agent
 *   that handed a chat on back to none removes it from the room (members-only: ejabberd
 *   kicks a member that loses its affiliation, status 321);
 * - the invitation is XEP-0249 (direct) from the room to the agent's bare JID with the request
 *   id as its reason, and no body (ofgate's reader takes a body before the reason attribute);
 *   an offline agent gets it from offline storage at its next login.
 * References: XEP-0045 §7.2.6 (members-only), §10.9 (destroy); XEP-0249; mod_muc_admin 23.01
 * create_room_with_opts/4, change_option/3, set_room_affiliation/4; mod_muc_room:make_disco_info/2;
 * ../../../shared/notes/ejabberd-23.01.md §5, §10.
 */
import { systemClock, type Clock } from '../clock/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest, GatewayError, isGatewayError } from '../errors/index.js';
import { bare, bareOf, isValidLocal, parseJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { el, renderXml } from '../xml/index.js';

/** XEP-0249's namespace. */
export const NS_DIRECT_INVITE = 'jabber:x:conference';

const REQUEST_ID = /^[a-z0-9]{1,64}$/;
const DEFAULT_WAIT_MS = 2000;
const RETRY_PAUSE_MS = 50;

export interface SupportRoomsOptions {
  readonly backend: EjabberdBackend;
  /** ofgate's XMPP domain (agents are users of it). */
  readonly domain: string;
  /** The MUC service JID, e.g. conference.localhost. */
  readonly mucService: string;
  readonly log: Logger;
  /** Bound on waiting for a room that is still stopping when it is created again (default 2000 ms). */
  readonly waitMs?: number;
  readonly clock?: Clock;
}

export interface SupportRoomRequest {
  /** Named in the room's title and description. */
  readonly workgroup: string;
  /** The agent's user name (a local part of `domain`). */
  readonly agent: string;
  /** The visitor's bare JID. */
  readonly visitor: string;
}

export interface SupportRooms {
  /** Room JID of a request: `${requestId}@${mucService}`. */
  jidOf(requestId: string): string;
  /** Creates the room, or sets an existing one's options and affiliations again. */
  create(requestId: string, opts: SupportRoomRequest): Promise<void>;
  /** Makes user `username` (of the domain) a member of the room. */
  addMember(requestId: string, username: string): Promise<void>;
  /** XEP-0249 direct invitation from the room to the agent's bare JID, reason = request id. */
  inviteAgent(requestId: string, agent: string): Promise<void>;
  /** Destroys the room; a room already gone is success. */
  destroy(requestId: string): Promise<void>;
  /** Bare real JIDs of the occupants now in the room ([] when the room is gone). */
  occupants(requestId: string): Promise<string[]>;
}

/** The ejabberd room options of a support room (option names as mod_muc_admin 23.01 knows them). */
export function supportRoomOptions(requestId: string, workgroup: string): Record<string, string> {
  return {
    title: workgroup,
    description: `Fastpath chat ${requestId} of workgroup ${workgroup}`,
    public: 'false',
    public_list: 'false',
    members_only: 'true',
    members_by_default: 'true',
    persistent: 'true',
    allow_user_invites: 'false',
    mam: 'true',
  };
}

/** `<message><x xmlns="jabber:x:conference" jid=room reason=requestId/></message>`; from/to are send_stanza's. */
export function directInvitation(roomJid: string, reason: string): string {
  return renderXml(el('message', {}, el('x', { xmlns: NS_DIRECT_INVITE, jid: roomJid, reason })), false);
}

const isKind = (err: unknown, kind: string): boolean => isGatewayError(err) && err.kind === kind;
/** Not found, and it is the room that is missing (an unknown MUC service is a real failure). */
const roomGone = (err: unknown): boolean => isKind(err, 'not-found') && !(isGatewayError(err) && err.exception === 'MUCServiceNotFoundException');

export function createSupportRooms(o: SupportRoomsOptions): SupportRooms {
  const { backend, mucService: service, log } = o;
  const waitMs = o.waitMs ?? DEFAULT_WAIT_MS;
  const clock = o.clock ?? systemClock;
  const pause = (ms: number) => new Promise<void>((resolve) => clock.after(ms, resolve));

  const roomName = (requestId: string): string => {
    if (!REQUEST_ID.test(requestId)) throw badRequest(`not a request id: ${requestId}`, { resource: requestId });
    return requestId;
  };
  const agentJid = (agent: string): string => {
    const local = agent.trim().toLowerCase();
    if (!isValidLocal(local)) throw badRequest(`not a user name: ${agent}`, { resource: agent });
    return bare({ local, domain: o.domain.toLowerCase() });
  };
  const visitorJid = (visitor: string): string => {
    const jid = parseJid(visitor.trim());
    if (!jid || jid.local === '' || jid.resource !== '') throw badRequest(`not a bare JID: ${visitor}`, { resource: visitor });
    return bare(jid);
  };
  const jidOf = (requestId: string) => `${roomName(requestId)}@${service}`;

  /** Creates the room; when it exists, its options are set again. A room still stopping is waited for. */
  const ensureRoom = async (name: string, wanted: Record<string, string>): Promise<void> => {
    const deadline = clock.now() + waitMs;
    for (;;) {
      try {
        await backend.createRoom(name, service, wanted);
        return;
      } catch (err) {
        if (!isKind(err, 'conflict')) throw err;
      }
      const current = await backend.getRoomOptions(name, service);
      if (current) {
        log.info('support room exists: its options are set again', { room: `${name}@${service}` });
        for (const [option, value] of Object.entries(wanted)) {
          if (current[option] !== value) await backend.setRoomOption(name, service, option, value);
        }
        return;
      }
      // listed as existing but not readable: a room process ending (a destroy just before)
      if (clock.now() >= deadline) {
        throw new GatewayError('upstream-timeout', `support room ${name}@${service} is still stopping after ${waitMs} ms`, { resource: name });
      }
      await pause(RETRY_PAUSE_MS);
    }
  };

  /** The agent and the visitor `member`, anyone else affiliated before back to none. */
  const ensureMembers = async (name: string, members: readonly string[]): Promise<void> => {
    const stale = (await backend.getRoomAffiliations(name, service))
      .filter((a) => a.affiliation !== 'none' && !members.includes(bareOf(a.jid)));
    for (const a of stale) await backend.setRoomAffiliation(name, service, a.jid, 'none');
    for (const jid of members) await backend.setRoomAffiliation(name, service, jid, 'member');
  };

  return {
    jidOf,

    async create(requestId, req) {
      const name = roomName(requestId);
      const members = [agentJid(req.agent), visitorJid(req.visitor)];
      await ensureRoom(name, supportRoomOptions(name, req.workgroup));
      await ensureMembers(name, members);
      log.debug('support room ready', { room: jidOf(name), members });
    },

    async addMember(requestId, username) {
      await backend.setRoomAffiliation(roomName(requestId), service, agentJid(username), 'member');
    },

    async inviteAgent(requestId, agent) {
      const room = jidOf(requestId);
      await backend.sendStanza(room, agentJid(agent), directInvitation(room, requestId));
    },

    async destroy(requestId) {
      const name = roomName(requestId);
      try {
        await backend.destroyRoom(name, service);
      } catch (err) {
        if (!roomGone(err)) throw err;
        log.debug('support room already gone', { room: jidOf(name) });
      }
    },

    async occupants(requestId) {
      const name = roomName(requestId);
      try {
        const list = await backend.getRoomOccupants(name, service);
        return [...new Set(list.map((x) => bareOf(x.jid)))];
      } catch (err) {
        if (roomGone(err)) return [];
        throw err;
      }
    },
  };
}
