/**
 * Chat rooms: list, read, create-or-overwrite (ofchat's upsert), destroy. Options go to
 * ejabberd (room-options); what ejabberd cannot hold goes to room-records. An unknown MUC
 * service is told apart from an unknown room by asking ejabberd for the service's rooms
 * (muc_online_rooms fails for an unknown service).
 * References: ofchat MUCRoomController (getChatRooms, getChatRoom, createRoom, deleteChatRoom);
 * Openfire REST API plugin 1.8.3 (search also matches the natural name).
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { isGatewayError, notFound } from '../errors/index.js';
import { splitJid } from '../jid/index.js';
import { roomJid, type Affiliations, type RoomRef } from './affiliations.js';
import { serviceName } from './room-address.js';
import type { RoomRecords } from './room-records.js';
import { changedOptions, optionsToSettings, settingsToOptions } from './room-options.js';
import type { RoomExtras, RoomRequest, RoomView } from './room-settings.js';
import type { RoomXmpp } from './room-xmpp.js';

export interface ListQuery {
  readonly type: 'public' | 'all';
  readonly search?: string | undefined;
  /** List group members among owners/admins/members/outcasts (the plugin's expandGroups). */
  readonly expandGroups?: boolean | undefined;
}

export interface ChatRooms {
  list(service: string, q: ListQuery): Promise<RoomView[]>;
  get(room: RoomRef, expandGroups?: boolean): Promise<RoomView>;
  /** Creates the room or overwrites its configuration; true when it was created. */
  upsert(service: string, req: RoomRequest): Promise<boolean>;
  remove(room: RoomRef): Promise<void>;
  /** Resolves when the room exists; otherwise a 404 naming the room or the service. */
  require(room: RoomRef): Promise<Readonly<Record<string, string>>>;
}

export interface ChatRoomsDeps {
  readonly backend: EjabberdBackend;
  readonly records: RoomRecords;
  readonly affiliations: Affiliations;
  readonly xmpp: RoomXmpp;
  readonly now: () => Date;
  readonly domain: string;
}

export function createChatRooms(d: ChatRoomsDeps): ChatRooms {
  const { backend, records, affiliations } = d;

  /** The service as the client named it in errors (the plugin's `resource` is the service name). */
  const naming = (service: string) => (err: unknown): never => {
    if (isGatewayError(err) && err.exception === 'MUCServiceNotFoundException') {
      throw notFound('Chat service does not exist or is not accessible.', { resource: serviceName(service, d.domain), exception: 'MUCServiceNotFoundException' });
    }
    throw err;
  };
  const roomsOf = (service: string) => backend.listRooms(service).catch(naming(service));

  /** The plugin creates a missing MUC service on room creation; ejabberd 23.01 cannot add one at run time. */
  const noNewService = (service: string) => (err: unknown): never => {
    if (isGatewayError(err) && err.exception === 'MUCServiceNotFoundException') {
      throw notFound(
        `Chat service ${serviceName(service, d.domain)} does not exist, and ejabberd cannot add a MUC service at run time: `
          + 'add a mod_muc host to ejabberd.yml and restart ejabberd (GET chatservices lists the services it has).',
        { resource: serviceName(service, d.domain), exception: 'MUCServiceNotFoundException' },
      );
    }
    throw err;
  };

  const roomMissing = async (room: RoomRef): Promise<never> => {
    await roomsOf(room.service); // rejects with MUCServiceNotFoundException for an unknown service
    throw notFound('Chat room does not exist or is not accessible.', { resource: room.name, exception: 'RoomNotFoundException' });
  };

  /**
   * get_room_options crashes (HTTP 500, {error,notfound}) when the room process ends between
   * its lookup and the read: a temporary room closing (23.01 closes an empty one 30 s after it
   * starts). A room that is then no longer listed simply does not exist.
   */
  const optionsOf = async (room: RoomRef): Promise<Record<string, string> | undefined> => {
    try {
      return await backend.getRoomOptions(room.name, room.service);
    } catch (err) {
      if (isGatewayError(err) && err.kind === 'upstream-unavailable' && !(await roomsOf(room.service)).includes(roomJid(room))) return undefined;
      throw err;
    }
  };

  const require = async (room: RoomRef) => (await optionsOf(room)) ?? roomMissing(room);

  /**
   * The plugin always gives creationDate and modificationDate; ejabberd keeps neither. A room
   * ofgate did not create gets the time ofgate first saw it, recorded once.
   */
  const datedExtras = async (jid: string, extras: RoomExtras): Promise<RoomExtras> => {
    if (extras.creationDate !== undefined && extras.modificationDate !== undefined) return extras;
    const seen = d.now().toISOString();
    const dated = { ...extras, creationDate: extras.creationDate ?? seen, modificationDate: extras.modificationDate ?? extras.creationDate ?? seen };
    await records.putExtras(jid, dated);
    return dated;
  };

  const view = async (room: RoomRef, options: Readonly<Record<string, string>>, expand: boolean): Promise<RoomView> => {
    const jid = roomJid(room);
    const [lists, extras, groups] = await Promise.all([affiliations.lists(room, expand), records.getExtras(jid), records.groupLists(jid)]);
    return { roomName: room.name, ...optionsToSettings(options), ...(await datedExtras(jid, extras)), affiliations: lists, groups };
  };

  return {
    require,

    async list(service, q) {
      const jids = await roomsOf(service);
      const needle = q.search?.toLowerCase();
      const out: RoomView[] = [];
      for (const jid of jids) {
        const room = { name: splitJid(jid).local, service };
        const options = await optionsOf(room);
        if (!options) continue; // destroyed meanwhile
        if (q.type === 'public' && options.public !== 'true') continue;
        if (needle && !room.name.includes(needle) && !(options.title ?? '').toLowerCase().includes(needle)) continue;
        const v = await view(room, options, q.expandGroups === true).catch((err: unknown) => {
          if (isGatewayError(err) && err.exception === 'RoomNotFoundException') return undefined; // destroyed meanwhile
          throw err;
        });
        if (v) out.push(v);
      }
      return out.sort((a, b) => a.roomName.localeCompare(b.roomName));
    },

    async get(room, expandGroups = false) {
      return view(room, await require(room), expandGroups);
    },

    async upsert(service, req) {
      const room = { name: req.roomName, service };
      const jid = roomJid(room);
      const wanted = settingsToOptions(req.settings);
      const current = await optionsOf(room).catch(noNewService(service));
      const old = await records.getExtras(jid);
      if (!current) {
        await backend.createRoom(room.name, service, req.subject ? { ...wanted, subject: req.subject } : wanted).catch(noNewService(service));
      } else {
        for (const [name, value] of changedOptions(current, wanted)) await backend.setRoomOption(room.name, service, name, value);
      }
      await affiliations.replace(room, req.affiliations, req.groups);
      // 23.01 can set a subject only at creation (change_room_option crashes on it): later, over XMPP
      if (current && req.subject !== undefined && req.subject !== (old.subject ?? '')) await d.xmpp.setSubject(room, req.subject);
      const now = d.now().toISOString();
      await records.putExtras(jid, {
        subject: req.subject ?? (current ? old.subject : undefined),
        registrationEnabled: req.registrationEnabled,
        loginRestrictedToNickname: req.loginRestrictedToNickname,
        creationDate: req.creationDate ?? (current ? old.creationDate : now),
        modificationDate: req.modificationDate ?? now,
      });
      return !current;
    },

    async remove(room) {
      await require(room);
      await backend.destroyRoom(room.name, room.service);
      await records.forget(roomJid(room));
    },
  };
}
