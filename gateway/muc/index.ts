/**
 * Chat rooms administration: room options, affiliations (JIDs and groups), invitations,
 * occupants, history, and the MUC services ejabberd has.
 */
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest, conflict, isGatewayError, notFound } from '../errors/index.js';
import { bare, parseUserJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { changeCollection } from './affiliation-collection.js';
import { createAffiliations, roomJid, type RoomRef } from './affiliations.js';
import { createChatRooms, type ListQuery } from './chat-rooms.js';
import { roomOccupants, type Occupant } from './occupants.js';
import { parseRoomRequest } from './parse-room-request.js';
import { bareJid, mucServiceJid, roomNode } from './room-address.js';
import { listMucServices, type MucService } from './muc-services.js';
import { createRoomInvitations } from './room-invitations.js';
import { createRoomRecords } from './room-records.js';
import type { AffiliationKind, RoomView } from './room-settings.js';
import { createWithStream } from './room-stream.js';
import { createRoomXmpp, type RoomMessage } from './room-xmpp.js';

export { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists, type RoomView } from './room-settings.js';
export type { Occupant } from './occupants.js';
export type { RoomMessage } from './room-xmpp.js';
export type { RoomRef } from './affiliations.js';
export type { ListQuery } from './chat-rooms.js';
export type { MucService } from './muc-services.js';

/** One room of a bulk creation, as the plugin's RoomCreationResultEntity. */
export interface RoomCreationResult {
  readonly roomName: string;
  readonly resultType: 'Success' | 'Failure';
  readonly message: string;
}

/** `sendInvitations=true`: invite the newly affiliated JIDs (outcasts never). */
export interface InviteOption {
  readonly sendInvitations?: boolean | undefined;
}

export interface MucAdminDeps {
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
  readonly now?: () => Date;
}

export interface MucAdmin {
  /** The room a request names: `?servicename=` (default from config) + the path's room name. */
  room(servicename: string | undefined, roomName: string): RoomRef;
  /** The MUC service JID `{servicename}.{domain}`. */
  service(servicename: string | undefined): string;
  listRooms(service: string, q: ListQuery): Promise<RoomView[]>;
  getRoom(room: RoomRef, expandGroups?: boolean): Promise<RoomView>;
  /** Create or overwrite from a parsed chatRoom entity; true when created. `pathName` must match the entity's name when given. */
  putRoom(service: string, entity: Readonly<Record<string, unknown>>, pathName?: string, opts?: InviteOption): Promise<boolean>;
  deleteRoom(room: RoomRef): Promise<void>;
  /** The JIDs holding `kind` individually (group members are not listed). */
  affiliated(room: RoomRef, kind: AffiliationKind): Promise<string[]>;
  /** `jid` may be a bare user name (user@domain). */
  grant(room: RoomRef, kind: AffiliationKind, jid: string, opts?: InviteOption): Promise<void>;
  /** 409 NotAllowedException when the JID does not hold `kind` individually; nothing else changes. */
  revoke(room: RoomRef, kind: AffiliationKind, jid: string): Promise<void>;
  grantGroup(room: RoomRef, kind: AffiliationKind, group: string, opts?: InviteOption): Promise<void>;
  revokeGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  /**
   * The plugin's PUT (replace) and POST (add) on an affiliation list: each entry is a JID, a
   * local user name, or the name of a shared roster group (a name without @ naming an existing
   * group is the group). Invitations go to the newly affiliated JIDs and groups' members.
   */
  changeAffiliations(room: RoomRef, kind: AffiliationKind, entries: readonly string[], mode: 'add' | 'replace', opts?: InviteOption): Promise<void>;
  /** The plugin's POST chatrooms/bulk: each room created (or overwritten) or its failure, in order. */
  createRooms(service: string, entities: ReadonlyArray<Readonly<Record<string, unknown>>>, opts?: InviteOption): Promise<RoomCreationResult[]>;
  /** Mediated invitations to users and to every member of the groups named (entries as in changeAffiliations); how many were sent. */
  invite(room: RoomRef, entries: readonly string[], reason: string): Promise<number>;
  /** The MUC services ejabberd has (service discovery). */
  services(): Promise<MucService[]>;
  /** The plugin's POST chatservices: 409 when it exists; otherwise the 404 saying ejabberd cannot add one at run time. */
  createService(serviceName: string): Promise<never>;
  occupants(room: RoomRef): Promise<Occupant[]>;
  history(room: RoomRef): Promise<RoomMessage[]>;
}

export function createMucAdmin(deps: MucAdminDeps): MucAdmin {
  const { backend, config } = deps;
  const domain = config.xmpp.domain;
  const adminUser = parseUserJid(config.auth.admins[0] ?? 'admin', domain)?.local ?? 'admin';
  const records = createRoomRecords(deps.store);
  const affiliations = createAffiliations(backend, records);
  const withStream = createWithStream(backend, {
    service: config.xmpp.service,
    tls: config.xmpp.tls,
    domain,
    connectTimeoutMs: config.xmpp.connectTimeoutMs,
    tokenTtlSeconds: config.xmpp.tokenTtlSeconds,
  }, deps.log);
  const xmpp = createRoomXmpp({ backend, withStream, domain, adminUser, timeoutMs: config.ejabberd.timeoutMs, historyLimit: 1000 });
  const rooms = createChatRooms({ backend, records, affiliations, xmpp, domain, now: deps.now ?? (() => new Date()) });
  const service = (servicename: string | undefined) => mucServiceJid(servicename, config.xmpp.mucSubdomain, domain);
  const invitations = createRoomInvitations(backend, bare({ local: adminUser, domain }));
  const services = () => listMucServices(withStream, adminUser, domain, config.ejabberd.timeoutMs);
  /** Entries naming JIDs, users or groups → bare JIDs and group names (400 for an impossible JID). */
  const resolveEntries = async (entries: readonly string[]) => {
    const jids: string[] = [];
    const groups: string[] = [];
    for (const raw of entries) {
      const entry = raw.trim();
      if (!entry.includes('@') && entry !== '' && (await backend.getSharedGroup(entry))) groups.push(entry);
      else jids.push(bareJid(entry, domain));
    }
    return { jids: [...new Set(jids)], groups: [...new Set(groups)] };
  };
  const putRoom: MucAdmin['putRoom'] = async (svc, entity, pathName, opts) => {
    const req = parseRoomRequest(entity, { domain, defaultOwner: bare({ local: adminUser, domain }) });
    if (pathName !== undefined && roomNode(pathName) !== req.roomName) {
      throw badRequest('Could not update the channel. The room name is different to the entity room name.', { resource: pathName });
    }
    const created = await rooms.upsert(svc, req);
    if (opts?.sendInvitations) {
      const jids = [...req.affiliations.owner, ...req.affiliations.admin, ...req.affiliations.member];
      for (const kind of ['owner', 'admin', 'member'] as const) for (const g of req.groups[kind]) jids.push(...(await affiliations.groupMembers(g)));
      await invitations.invite({ name: req.roomName, service: svc }, jids);
    }
    return created;
  };

  return {
    service,
    room: (servicename, roomName) => ({ name: roomNode(roomName), service: service(servicename) }),
    listRooms: (svc, q) => rooms.list(svc, q),
    getRoom: (room, expandGroups) => rooms.get(room, expandGroups),
    putRoom,
    deleteRoom: (room) => rooms.remove(room),
    async affiliated(room, kind) {
      await rooms.require(room);
      return [...(await affiliations.lists(room))[kind]];
    },
    async grant(room, kind, jid, opts) {
      const bare = bareJid(jid, domain);
      await rooms.require(room);
      await affiliations.set(room, bare, kind);
      if (opts?.sendInvitations && kind !== 'outcast') await invitations.invite(room, [bare]);
    },
    async revoke(room, kind, jid) {
      const bare = bareJid(jid, domain);
      await rooms.require(room);
      await affiliations.remove(room, bare, kind);
    },
    async grantGroup(room, kind, group, opts) {
      await rooms.require(room);
      await affiliations.addGroup(room, kind, group);
      if (opts?.sendInvitations && kind !== 'outcast') await invitations.invite(room, await affiliations.groupMembers(group));
    },
    async revokeGroup(room, kind, group) {
      await rooms.require(room);
      await affiliations.removeGroup(room, kind, group);
    },
    async changeAffiliations(room, kind, entries, mode, opts) {
      await rooms.require(room);
      const named = await resolveEntries(entries);
      for (const g of named.groups) await affiliations.groupMembers(g); // 404 for a group gone meanwhile, before anything changes
      const state = { jids: await affiliations.lists(room), groups: await records.groupLists(roomJid(room)) };
      const change = changeCollection(state, kind, named, mode);
      await affiliations.replace(room, change.jids, change.groups);
      if (opts?.sendInvitations && kind !== 'outcast') {
        const jids = [...change.addedJids];
        for (const g of change.addedGroups) jids.push(...(await affiliations.groupMembers(g)));
        await invitations.invite(room, jids);
      }
    },
    async createRooms(svc, entities, opts) {
      const out: RoomCreationResult[] = [];
      for (const entity of entities) {
        const roomName = String(entity.roomName ?? '');
        try {
          await putRoom(svc, entity, undefined, opts);
          out.push({ roomName, resultType: 'Success', message: 'Room was successfully created' });
        } catch (error) {
          // refusals of this room (bad entity, duplicate affiliations, unknown group) fail it alone; ejabberd failing fails the request
          if (!isGatewayError(error) || error.status >= 500) throw error;
          out.push({ roomName, resultType: 'Failure', message: `Room creation failed due to ${error.exception}: ${error.message}` });
        }
      }
      return out;
    },
    async invite(room, entries, reason) {
      await rooms.require(room);
      const named = await resolveEntries(entries);
      const jids = [...named.jids];
      for (const g of named.groups) jids.push(...(await affiliations.groupMembers(g)));
      return invitations.invite(room, jids, reason);
    },
    async occupants(room) {
      await rooms.require(room);
      return roomOccupants(backend, room);
    },
    async history(room) {
      await rooms.require(room);
      return xmpp.history(room);
    },
    services,
    async createService(name) {
      const wanted = name.trim().toLowerCase();
      if (wanted === '') throw badRequest('serviceName is required', { resource: 'serviceName', exception: 'IllegalArgumentException' });
      if ((await services()).some((x) => x.serviceName === wanted)) {
        throw conflict('Chat service already exists', { resource: wanted, exception: 'AlreadyExistsException' });
      }
      throw notFound(
        `Chat service ${wanted} does not exist, and ejabberd cannot add a MUC service at run time: add a mod_muc host to ejabberd.yml and restart ejabberd.`,
        { resource: wanted, exception: 'MUCServiceNotFoundException' },
      );
    },
  };
}
