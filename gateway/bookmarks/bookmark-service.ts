/**
 * Admin bookmarks (ofchat's /bookmarks): kept in the store, numbered from 1, and pushed to the
 * members they concern after every change (bookmark-push.ts), so their clients show them.
 * Rules kept: a change pushes to everyone the bookmark concerned before or concerns now (a user
 * removed from a bookmark loses it); each member is shown every bookmark that applies to it, not
 * only the changed one; pushes run a few at a time and a member whose push failed is reported
 * (the change itself stands). Group members are read from ejabberd's shared roster groups at
 * push time: a user who joins a group later sees its bookmarks at the next change.
 * References: ofchat-api.md §5.4.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest, notFound } from '../errors/index.js';
import { splitJid } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { appliesTo, type BookmarkFields, type BookmarkRecord } from './bookmark-model.js';
import type { BookmarkPusher } from './bookmark-push.js';

export interface PushReport {
  readonly pushed: number;
  readonly failed: readonly string[];
}

export interface BookmarkService {
  list(): Promise<BookmarkRecord[]>;
  get(id: string): Promise<BookmarkRecord>;
  create(fields: BookmarkFields): Promise<{ bookmark: BookmarkRecord; push: PushReport }>;
  update(id: string, fields: BookmarkFields): Promise<{ bookmark: BookmarkRecord; push: PushReport }>;
  remove(id: string): Promise<PushReport>;
  setProperty(id: string, name: string, value: string): Promise<{ bookmark: BookmarkRecord; push: PushReport }>;
  deleteProperty(id: string, name: string): Promise<{ bookmark: BookmarkRecord; push: PushReport }>;
}

export interface BookmarkServiceDeps {
  readonly store: Store;
  readonly backend: Pick<EjabberdBackend, 'listUsers' | 'getSharedGroupMembers'>;
  readonly pusher: BookmarkPusher;
  readonly domain: string;
  readonly log: Logger;
  /** Members pushed to at once (default 4). */
  readonly pushConcurrency?: number;
}

const ID = /^[1-9][0-9]{0,17}$/;

export function createBookmarkService(d: BookmarkServiceDeps): BookmarkService {
  const records = d.store.collection<BookmarkRecord>('bookmarks');
  const counter = d.store.collection<number>('bookmarkIds');
  const key = (id: string): string => id.padStart(18, '0'); // ids list in numeric order

  function checkId(id: string): string {
    if (!ID.test(id)) throw badRequest(`Bookmark id ${JSON.stringify(id)} is not a number`, { resource: id });
    return id;
  }
  async function get(id: string): Promise<BookmarkRecord> {
    const found = await records.get(key(checkId(id)));
    if (!found) throw notFound(`No bookmark ${id}`, { resource: id });
    return found;
  }
  async function all(): Promise<BookmarkRecord[]> {
    const out: BookmarkRecord[] = [];
    for (let after: string | undefined; ;) {
      const page = await records.list({ ...(after === undefined ? {} : { after }), limit: 1000 });
      out.push(...page.map(([, v]) => v));
      if (page.length < 1000) return out;
      after = page[page.length - 1]?.[0];
    }
  }
  async function groupMembers(groups: Iterable<string>): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const g of groups) {
      const jids = await d.backend.getSharedGroupMembers(g);
      out.set(g, jids.map((j) => splitJid(j)).filter((j) => j.domain === d.domain && j.local !== '').map((j) => j.local));
    }
    return out;
  }
  async function audience(bookmarks: readonly BookmarkRecord[], members: Map<string, string[]>): Promise<Set<string>> {
    if (bookmarks.some((b) => b.globalBookmark)) return new Set(await d.backend.listUsers());
    return new Set(bookmarks.flatMap((b) => [...b.users, ...b.groups.flatMap((g) => members.get(g) ?? [])]));
  }

  /** Shows every member `changed` concerns (before or after) what applies to it now. */
  async function pushFor(changed: readonly BookmarkRecord[]): Promise<PushReport> {
    const everything = await all();
    const members = await groupMembers(new Set([...changed, ...everything].flatMap((b) => b.groups)));
    const groupsOf = new Map<string, Set<string>>();
    for (const [g, users] of members) for (const u of users) (groupsOf.get(u) ?? groupsOf.set(u, new Set()).get(u))?.add(g);
    const users = [...(await audience(changed, members))];
    const failed: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < users.length; i = next++) {
        const user = users[i] as string;
        const mine = everything.filter((b) => appliesTo(b, user, groupsOf.get(user) ?? new Set()));
        await d.pusher.push(user, mine).catch((err: unknown) => {
          failed.push(user);
          d.log.warn('bookmarks: push to a member failed', { username: user, error: err as Error });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(d.pushConcurrency ?? 4, users.length) }, worker));
    return { pushed: users.length - failed.length, failed: failed.sort() };
  }

  async function replace(id: string, change: (old: BookmarkRecord) => BookmarkRecord) {
    const old = await get(id);
    const bookmark = change(old);
    await records.put(key(id), bookmark);
    return { bookmark, push: await pushFor([old, bookmark]) };
  }

  return {
    list: all,
    get,
    async create(fields) {
      const n = (await counter.update('next', (old) => (old ?? 0) + 1)) as number;
      const bookmark: BookmarkRecord = { bookmarkID: String(n), ...fields };
      await records.put(key(bookmark.bookmarkID), bookmark);
      return { bookmark, push: await pushFor([bookmark]) };
    },
    update: (id, fields) => replace(id, (old) => ({ ...fields, bookmarkID: old.bookmarkID })),
    async remove(id) {
      const old = await get(id);
      await records.delete(key(id));
      return pushFor([old]);
    },
    setProperty: (id, name, value) => replace(id, (old) => ({ ...old, properties: { ...old.properties, [name]: value } })),
    deleteProperty: (id, name) => replace(id, (old) => {
      const { [name]: _gone, ...rest } = old.properties;
      return { ...old, properties: rest };
    }),
  };
}
