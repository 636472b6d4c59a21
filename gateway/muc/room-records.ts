/**
 * What ofgate keeps about rooms beside ejabberd: the extras ejabberd 23.01 cannot hold or
 * give back (collection roomMeta), which shared roster groups hold an affiliation, with the
 * members they had when last applied (collection roomGroups), and the own affiliation of each
 * JID a group raised in ejabberd (collection roomRaised; see group-affiliation-plan.ts).
 * Keyed by the room's bare JID.
 */
import type { Store } from '../store/index.js';
import type { Affiliation } from './group-affiliation-plan.js';
import { AFFILIATION_KINDS, type AffiliationKind, type AffiliationLists, type RoomExtras } from './room-settings.js';

/** kind → group name → members that received the affiliation through that group. */
export type RoomGroupLinks = Partial<Record<AffiliationKind, Readonly<Record<string, readonly string[]>>>>;

export interface RoomRecords {
  getExtras(room: string): Promise<RoomExtras>;
  putExtras(room: string, extras: RoomExtras): Promise<void>;
  groupLists(room: string): Promise<AffiliationLists>;
  groupMembers(room: string, kind: AffiliationKind, group: string): Promise<readonly string[] | undefined>;
  linkGroup(room: string, kind: AffiliationKind, group: string, members: readonly string[]): Promise<void>;
  unlinkGroup(room: string, kind: AffiliationKind, group: string): Promise<void>;
  /** jid → own affiliation, for the JIDs whose ejabberd affiliation a group raised. */
  raised(room: string): Promise<Map<string, Affiliation>>;
  putRaised(room: string, raised: ReadonlyMap<string, Affiliation>): Promise<void>;
  forget(room: string): Promise<void>;
}

export function createRoomRecords(store: Store): RoomRecords {
  const meta = store.collection<RoomExtras>('roomMeta');
  const groups = store.collection<RoomGroupLinks>('roomGroups');
  const raisedOf = store.collection<Record<string, Affiliation>>('roomRaised');
  return {
    async raised(room) {
      return new Map(Object.entries((await raisedOf.get(room)) ?? {}));
    },
    async putRaised(room, raised) {
      if (raised.size === 0) await raisedOf.delete(room);
      else await raisedOf.put(room, Object.fromEntries(raised));
    },
    async getExtras(room) {
      return (await meta.get(room)) ?? {};
    },
    async putExtras(room, extras) {
      await meta.put(room, stripUndefined(extras));
    },
    async groupLists(room) {
      const links = (await groups.get(room)) ?? {};
      const out = { owner: [] as string[], admin: [] as string[], member: [] as string[], outcast: [] as string[] };
      for (const kind of AFFILIATION_KINDS) out[kind] = Object.keys(links[kind] ?? {}).sort();
      return out;
    },
    async groupMembers(room, kind, group) {
      return (await groups.get(room))?.[kind]?.[group];
    },
    async linkGroup(room, kind, group, members) {
      await groups.update(room, (old) => {
        const next: RoomGroupLinks = { ...(old ?? {}) };
        // a group holds one affiliation per room, as a JID does
        for (const k of AFFILIATION_KINDS) next[k] = withoutKey(next[k], group);
        next[kind] = { ...(next[kind] ?? {}), [group]: [...members] };
        return next;
      });
    },
    async unlinkGroup(room, kind, group) {
      await groups.update(room, (old) => {
        if (!old) return undefined;
        const next: RoomGroupLinks = { ...old, [kind]: withoutKey(old[kind], group) };
        return AFFILIATION_KINDS.some((k) => Object.keys(next[k] ?? {}).length > 0) ? next : undefined;
      });
    },
    async forget(room) {
      await meta.delete(room);
      await groups.delete(room);
      await raisedOf.delete(room);
    },
  };
}

function withoutKey(rec: Readonly<Record<string, readonly string[]>> | undefined, key: string): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = { ...(rec ?? {}) };
  delete out[key];
  return out;
}

function stripUndefined(extras: RoomExtras): RoomExtras {
  return Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined)) as RoomExtras;
}
