/** Chat rooms administration: room options, affiliations (JIDs and groups), occupants, history. */
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest } from '../errors/index.js';
import { bare, parseUserJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { createAffiliations, type RoomRef } from './affiliations.js';
import { createChatRooms, type ListQuery } from './chat-rooms.js';
import { roomOccupants, type Occupant } from './occupants.js';
import { parseRoomRequest } from './parse-room-request.js';
import { bareJid, mucServiceJid, roomNode } from './room-address.js';
import { createRoomRecords } from './room-records.js';
import type { AffiliationKind, RoomView } from './room-settings.js';
import { createWithStream } from './room-stream.js';
import { createRoomXmpp, type RoomMessage } from './room-xmpp.js';

export { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists, type RoomView } from './room-settings.js';
export type { Occupant } from './occupants.js';
export type { RoomMessage } from './room-xmpp.js';
export type { RoomRef } from './affiliations.js';
export type { ListQuery } from './chat-rooms.js';

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
  getRoom(room: RoomRef): Promise<RoomView>;
  /** Create or overwrite from a parsed chatRoom entity; true when created. `pathName` must match the entity's name when given. */
  putRoom(service: string, entity: Readonly<Record<string, unknown>>, pathName?: string): Promise<boolean>;
  deleteRoom(room: RoomRef): Promise<void>;
  affiliated(room: RoomRef, kind: AffiliationKind): Promise<string[]>;
  /** `jid` may be a bare user name (user@domain). */
  grant(room: RoomRef, kind: AffiliationKind, jid: string): Promise<void>;
  /** The JID's affiliation becomes none whatever it was (Openfire's deleteAffiliation ignores the kind in the path). */
  revoke(room: RoomRef, kind: AffiliationKind, jid: string): Promise<void>;
  grantGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  revokeGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
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
    domain,
    connectTimeoutMs: config.xmpp.connectTimeoutMs,
    tokenTtlSeconds: config.xmpp.tokenTtlSeconds,
  }, deps.log);
  const xmpp = createRoomXmpp({ backend, withStream, domain, adminUser, timeoutMs: config.ejabberd.timeoutMs, historyLimit: 1000 });
  const rooms = createChatRooms({ backend, records, affiliations, xmpp, domain, now: deps.now ?? (() => new Date()) });
  const service = (servicename: string | undefined) => mucServiceJid(servicename, config.xmpp.mucSubdomain, domain);

  return {
    service,
    room: (servicename, roomName) => ({ name: roomNode(roomName), service: service(servicename) }),
    listRooms: (svc, q) => rooms.list(svc, q),
    getRoom: (room) => rooms.get(room),
    async putRoom(svc, entity, pathName) {
      const req = parseRoomRequest(entity, { domain, defaultOwner: bare({ local: adminUser, domain }) });
      if (pathName !== undefined && roomNode(pathName) !== req.roomName) {
        throw badRequest('Could not update the channel. The room name is different to the entity room name.', { resource: pathName });
      }
      return rooms.upsert(svc, req);
    },
    deleteRoom: (room) => rooms.remove(room),
    async affiliated(room, kind) {
      await rooms.require(room);
      return [...(await affiliations.lists(room))[kind]];
    },
    async grant(room, kind, jid) {
      const bare = bareJid(jid, domain);
      await rooms.require(room);
      await affiliations.set(room, bare, kind);
    },
    async revoke(room, _kind, jid) {
      const bare = bareJid(jid, domain);
      await rooms.require(room);
      await affiliations.remove(room, bare);
    },
    async grantGroup(room, kind, group) {
      await rooms.require(room);
      await affiliations.addGroup(room, kind, group);
    },
    async revokeGroup(room, kind, group) {
      await rooms.require(room);
      await affiliations.removeGroup(room, kind, group);
    },
    async occupants(room) {
      await rooms.require(room);
      return roomOccupants(backend, room);
    },
    async history(room) {
      await rooms.require(room);
      return xmpp.history(room);
    },
  };
}
