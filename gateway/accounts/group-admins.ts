/**
 * Group admins (Openfire's ofGroupUser administrator flag), kept by ofgate: ejabberd's shared
 * roster groups only have members. Admins are also made members, so they see the group too.
 */
import type { Store } from '../store/index.js';

export interface GroupAdmins {
  /** Bare JIDs. */
  get(group: string): Promise<string[]>;
  put(group: string, admins: readonly string[]): Promise<void>;
  delete(group: string): Promise<void>;
  /** Drops `jid` from every group's admins (the account is gone, or left the group). */
  forget(jid: string, group?: string): Promise<void>;
  /** Puts `to` wherever `from` was an admin (a renamed account). */
  rename(from: string, to: string): Promise<void>;
}

export function createGroupAdmins(store: Store): GroupAdmins {
  const col = store.collection<string[]>('groupAdmins');
  const rewrite = async (group: string, fn: (admins: string[]) => string[]) => {
    await col.update(group, (old) => {
      const next = fn(old ?? []);
      return next.length === 0 ? undefined : next;
    });
  };
  return {
    get: async (group) => (await col.get(group)) ?? [],
    put: (group, admins) => rewrite(group, () => [...new Set(admins)]),
    async delete(group) {
      await col.delete(group);
    },
    async forget(jid, group) {
      const groups = group === undefined ? (await col.entries()).map(([g]) => g) : [group];
      for (const g of groups) await rewrite(g, (admins) => admins.filter((a) => a !== jid));
    },
    async rename(from, to) {
      for (const [g, admins] of await col.entries()) {
        if (admins.includes(from)) await rewrite(g, (a) => [...new Set(a.map((x) => (x === from ? to : x)))]);
      }
    },
  };
}
