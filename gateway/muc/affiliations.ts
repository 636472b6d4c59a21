/**
 * Room affiliations of JIDs and of shared roster groups. ejabberd knows only JIDs, so a group
 * affiliation gives each current member of the group the affiliation and remembers the link
 * (room-records) so the room shows the group and removing it takes the affiliation back from
 * those members (the ones still holding that affiliation; someone changed since keeps theirs).
 * References: ofchat MUCRoomController.addOwner…deleteAffiliation/setRoles; Openfire REST API
 * plugin MUCRoomAffiliationsService (group affiliations); mod_muc_admin set/get_room_affiliation(s).
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { notFound } from '../errors/index.js';
import { bare } from '../jid/index.js';
import type { RoomRecords } from './room-records.js';
import { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists } from './room-settings.js';

export interface RoomRef {
  /** Room node. */
  readonly name: string;
  /** MUC service JID. */
  readonly service: string;
}

export const roomJid = (r: RoomRef): string => bare({ local: r.name, domain: r.service });

export interface Affiliations {
  lists(room: RoomRef): Promise<AffiliationLists>;
  set(room: RoomRef, jid: string, kind: AffiliationKind): Promise<void>;
  remove(room: RoomRef, jid: string): Promise<void>;
  addGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  removeGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  /** Makes the room's affiliations exactly these JIDs and groups (ofchat's upsert). */
  replace(room: RoomRef, jids: AffiliationLists, groups: AffiliationLists): Promise<void>;
}

export function createAffiliations(backend: EjabberdBackend, records: RoomRecords): Affiliations {
  const lists = async (room: RoomRef): Promise<AffiliationLists> => {
    const out = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
    for (const a of await backend.getRoomAffiliations(room.name, room.service)) {
      if (a.affiliation !== 'none') out[a.affiliation].push(a.jid);
    }
    for (const kind of AFFILIATION_KINDS) out[kind].sort();
    return out;
  };

  const groupMembers = async (group: string): Promise<string[]> => {
    if (!(await backend.getSharedGroup(group))) {
      throw notFound(`group not found: ${group}`, { resource: group, exception: 'GroupNotFoundException' });
    }
    return backend.getSharedGroupMembers(group);
  };

  const set = (room: RoomRef, jid: string, kind: AffiliationKind | 'none') => backend.setRoomAffiliation(room.name, room.service, jid, kind);

  return {
    lists,
    set: (room, jid, kind) => set(room, jid, kind),
    remove: (room, jid) => set(room, jid, 'none'),

    async addGroup(room, kind, group) {
      const members = await groupMembers(group);
      for (const jid of members) await set(room, jid, kind);
      await records.linkGroup(roomJid(room), kind, group, members);
    },

    async removeGroup(room, kind, group) {
      const applied = await records.groupMembers(roomJid(room), kind, group);
      const exists = (await backend.getSharedGroup(group)) !== undefined;
      if (applied === undefined && !exists) {
        throw notFound(`group not found: ${group}`, { resource: group, exception: 'GroupNotFoundException' });
      }
      const members = new Set([...(applied ?? []), ...(exists ? await backend.getSharedGroupMembers(group) : [])]);
      const current = await lists(room);
      for (const jid of current[kind]) if (members.has(jid)) await set(room, jid, 'none');
      await records.unlinkGroup(roomJid(room), kind, group);
    },

    async replace(room, jids, groups) {
      const wanted = new Map<string, AffiliationKind>();
      const viaGroup = new Map<string, { kind: AffiliationKind; members: string[] }>();
      for (const kind of AFFILIATION_KINDS) {
        for (const group of groups[kind]) {
          const members = await groupMembers(group);
          viaGroup.set(group, { kind, members });
          for (const jid of members) wanted.set(jid, kind);
        }
      }
      for (const kind of AFFILIATION_KINDS) for (const jid of jids[kind]) wanted.set(jid, kind);
      const current = await backend.getRoomAffiliations(room.name, room.service);
      const had = new Map(current.map((a) => [a.jid, a.affiliation] as const));
      // grant first, so the room never passes through a state without an owner
      for (const [jid, kind] of wanted) if (had.get(jid) !== kind) await set(room, jid, kind);
      for (const a of current) if (a.affiliation !== 'none' && !wanted.has(a.jid)) await set(room, a.jid, 'none');
      const linked = await records.groupLists(roomJid(room));
      for (const kind of AFFILIATION_KINDS) {
        for (const group of linked[kind]) if (viaGroup.get(group)?.kind !== kind) await records.unlinkGroup(roomJid(room), kind, group);
      }
      for (const [group, { kind, members }] of viaGroup) await records.linkGroup(roomJid(room), kind, group, members);
    },
  };
}
