/**
 * Room affiliations of JIDs and of shared roster groups. ejabberd knows only JIDs: a group
 * affiliation is an ofgate-side record (room-records) applied to ejabberd by raising its
 * members' affiliations, never lowering anyone's own one (group-affiliation-plan.ts). Lists
 * show the individual affiliations; the members of groups only when expanded.
 * Deleting an affiliation a JID (or group) does not hold is a 409 NotAllowedException and
 * changes nothing, as the plugin's deleteAffiliation.
 * References: ofchat MUCRoomController.addOwner…deleteAffiliation/setRoles; Openfire REST API
 * plugin MUCRoomAffiliationsService, MUCRoomController.deleteAffiliation ("Entity does not
 * have this affiliation with the room."); mod_muc_admin set/get_room_affiliation(s).
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { conflict, notFound } from '../errors/index.js';
import { bare } from '../jid/index.js';
import { affiliationLists, ownAffiliations, planAffiliations, type Affiliation, type GroupGrant } from './group-affiliation-plan.js';
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
  /** Individual affiliations; with `expand`, group members under their group's kind too. */
  lists(room: RoomRef, expand?: boolean): Promise<AffiliationLists>;
  set(room: RoomRef, jid: string, kind: AffiliationKind): Promise<void>;
  /** 409 when the JID's own affiliation is not `kind`. */
  remove(room: RoomRef, jid: string, kind: AffiliationKind): Promise<void>;
  addGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  /** 409 when the group does not hold `kind` in the room (404 when it does not exist either). */
  removeGroup(room: RoomRef, kind: AffiliationKind, group: string): Promise<void>;
  /** Makes the room's affiliations exactly these JIDs and groups (ofchat's upsert). */
  replace(room: RoomRef, jids: AffiliationLists, groups: AffiliationLists): Promise<void>;
  /** Current members of a group (404 GroupNotFoundException when it does not exist). */
  groupMembers(group: string): Promise<string[]>;
}

const notHeld = (what: string) =>
  conflict('Could not delete affiliation: entity does not have this affiliation with the room.', { resource: what, exception: 'NotAllowedException' });

export function createAffiliations(backend: EjabberdBackend, records: RoomRecords): Affiliations {
  const groupMembers = async (group: string): Promise<string[]> => {
    if (!(await backend.getSharedGroup(group))) {
      throw notFound(`group not found: ${group}`, { resource: group, exception: 'GroupNotFoundException' });
    }
    return (await backend.getSharedGroupMembers(group)).map((m) => m.toLowerCase());
  };

  /** A group deleted since it got its affiliation has no members (its record stays until removed). */
  const membersOrNone = async (group: string): Promise<string[]> =>
    (await backend.getSharedGroup(group)) ? (await backend.getSharedGroupMembers(group)).map((m) => m.toLowerCase()) : [];

  const links = async (room: RoomRef): Promise<Map<string, AffiliationKind>> => {
    const lists = await records.groupLists(roomJid(room));
    const out = new Map<string, AffiliationKind>();
    for (const kind of AFFILIATION_KINDS) for (const group of lists[kind]) out.set(group, kind);
    return out;
  };

  const grantsOf = async (groups: ReadonlyMap<string, AffiliationKind>): Promise<GroupGrant[]> => {
    const out: GroupGrant[] = [];
    for (const [group, kind] of groups) out.push({ group, kind, members: await membersOrNone(group) });
    return out;
  };

  const state = async (room: RoomRef) => {
    const [rows, raised, groups] = await Promise.all([backend.getRoomAffiliations(room.name, room.service), records.raised(roomJid(room)), links(room)]);
    const current = new Map<string, Affiliation>(rows.filter((a) => a.affiliation !== 'none').map((a) => [a.jid, a.affiliation] as const));
    return { current, raised, own: ownAffiliations({ current, raised }), groups };
  };

  /** Applies own affiliations and group links to ejabberd and records what groups raised. */
  const apply = async (room: RoomRef, current: ReadonlyMap<string, Affiliation>, own: ReadonlyMap<string, AffiliationKind>, groups: ReadonlyMap<string, AffiliationKind>) => {
    const grants = await grantsOf(groups);
    const plan = planAffiliations(current, own, grants);
    for (const [jid, aff] of plan.changes) await backend.setRoomAffiliation(room.name, room.service, jid, aff);
    await records.putRaised(roomJid(room), plan.raised);
    return grants;
  };

  return {
    groupMembers,

    async lists(room, expand = false) {
      const s = await state(room);
      return affiliationLists(s.own, expand ? await grantsOf(s.groups) : [], expand);
    },

    async set(room, jid, kind) {
      const s = await state(room);
      const own = new Map(s.own).set(jid, kind);
      await apply(room, s.current, own, s.groups);
    },

    async remove(room, jid, kind) {
      const s = await state(room);
      if (s.own.get(jid) !== kind) throw notHeld(jid);
      const own = new Map(s.own);
      own.delete(jid);
      await apply(room, s.current, own, s.groups);
    },

    async addGroup(room, kind, group) {
      const members = await groupMembers(group);
      const s = await state(room);
      const grants = await apply(room, s.current, s.own, new Map(s.groups).set(group, kind));
      await records.linkGroup(roomJid(room), kind, group, grants.find((g) => g.group === group)?.members ?? members);
    },

    async removeGroup(room, kind, group) {
      const s = await state(room);
      if (s.groups.get(group) !== kind) {
        if (!(await backend.getSharedGroup(group))) throw notFound(`group not found: ${group}`, { resource: group, exception: 'GroupNotFoundException' });
        throw notHeld(group);
      }
      const groups = new Map(s.groups);
      groups.delete(group);
      await apply(room, s.current, s.own, groups);
      await records.unlinkGroup(roomJid(room), kind, group);
    },

    async replace(room, jids, groups) {
      const wantedGroups = new Map<string, AffiliationKind>();
      for (const kind of AFFILIATION_KINDS) {
        for (const group of groups[kind]) {
          await groupMembers(group); // 404 for an unknown group before anything changes
          wantedGroups.set(group, kind);
        }
      }
      const own = new Map<string, AffiliationKind>();
      for (const kind of AFFILIATION_KINDS) for (const jid of jids[kind]) own.set(jid, kind);
      const s = await state(room);
      const grants = await apply(room, s.current, own, wantedGroups);
      for (const kind of AFFILIATION_KINDS) {
        for (const group of (await records.groupLists(roomJid(room)))[kind]) if (wantedGroups.get(group) !== kind) await records.unlinkGroup(roomJid(room), kind, group);
      }
      for (const g of grants) await records.linkGroup(roomJid(room), g.kind, g.group, g.members);
    },
  };
}
