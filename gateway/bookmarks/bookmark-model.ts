/**
 * Admin bookmarks as ofgate keeps them, and what a member's client is shown of them. Pure.
 * - A bookmark is a group chat (value: a room JID) or a URL, for listed users, for the members
 *   of listed groups, or for everyone (globalBookmark).
 * - A member's XEP-0048 storage (storage:bookmarks) holds the member's own bookmarks too: ofgate
 *   replaces only the entries it wrote before (their keys are remembered per member) and the
 *   entries of the bookmarks that apply now; everything else is kept as it was.
 * - XEP-0402 (urn:xmpp:bookmarks:1) has one PEP item per room, id = room JID: ofgate publishes
 *   the rooms that apply and retracts the ones it published before that no longer do. URL
 *   bookmarks exist in XEP-0048 only.
 * References: ofchat-api.md §4 (bookmark), §5.4; XEP-0048 §3; XEP-0402 §3, §5.
 */
import { badRequest } from '../errors/index.js';
import { parseJid, parseUserJid, bare } from '../jid/index.js';
import { el, type XmlElement } from '../xml/index.js';

export const NS_STORAGE_BOOKMARKS = 'storage:bookmarks';
export const NS_BOOKMARKS2 = 'urn:xmpp:bookmarks:1';
export const NS_PRIVATE = 'jabber:iq:private';

export type BookmarkType = 'group_chat' | 'url';

export interface BookmarkRecord {
  readonly bookmarkID: string;
  readonly type: BookmarkType;
  readonly name: string;
  readonly value: string;
  readonly globalBookmark: boolean;
  /** Local names of users of the domain. */
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
}

export type BookmarkFields = Omit<BookmarkRecord, 'bookmarkID'>;

const MAX_TEXT = 1024;
const MAX_LIST = 1000;

function text(e: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = e[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest(`${name}: required`, { resource: name });
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest(`${name}: text expected`, { resource: name });
  if (v.length > MAX_TEXT) throw badRequest(`${name}: at most ${MAX_TEXT} characters`, { resource: name });
  return v.trim();
}

function names(e: Record<string, unknown>, name: string): unknown[] {
  const v = e[name];
  const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  if (items.length > MAX_LIST) throw badRequest(`${name}: at most ${MAX_LIST}`, { resource: name });
  return items;
}

/** Checks a room JID or a URL for its type (400 otherwise). */
export function checkValue(type: BookmarkType, value: string): string {
  if (type === 'group_chat') {
    const jid = parseJid(value);
    if (!jid || jid.local === '' || jid.resource !== '') throw badRequest('value: a room JID (room@service) expected for a group_chat bookmark', { resource: 'value' });
    return bare(jid);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('value: an http(s) URL expected for a url bookmark', { resource: 'value' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('value: an http(s) URL expected for a url bookmark', { resource: 'value' });
  return url.href;
}

/** The bookmark a body describes (ofchat's BookmarkEntity), checked; 400 naming the bad field. */
export function bookmarkInput(e: Record<string, unknown>, domain: string): BookmarkFields {
  const typeText = text(e, 'type', true);
  if (typeText !== 'group_chat' && typeText !== 'url') throw badRequest('type: group_chat or url', { resource: 'type' });
  const value = checkValue(typeText, text(e, 'value', true) as string);
  const users = names(e, 'users').map((u) => {
    const jid = typeof u === 'string' ? parseUserJid(u.trim(), domain) : undefined;
    if (!jid || jid.domain !== domain) throw badRequest(`users: ${String(u)} is not a user of ${domain}`, { resource: 'users' });
    return jid.local;
  });
  const groups = names(e, 'groups').map((g) => {
    if (typeof g !== 'string' || g.trim() === '' || g.length > MAX_TEXT) throw badRequest('groups: group names expected', { resource: 'groups' });
    return g.trim();
  });
  const properties: Record<string, string> = {};
  for (const p of names(e, 'properties')) {
    const { key, value: v } = (p ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '' || (v !== undefined && typeof v !== 'string')) throw badRequest('properties: key/value pairs expected', { resource: 'properties' });
    properties[key] = v ?? '';
  }
  const globalBookmark = e.globalBookmark === true || e.globalBookmark === 'true';
  return { type: typeText, name: text(e, 'name', false) ?? value, value, globalBookmark, users: [...new Set(users)], groups: [...new Set(groups)], properties };
}

/** Does the bookmark apply to `user`, a member of `userGroups`? */
export function appliesTo(b: BookmarkRecord, user: string, userGroups: ReadonlySet<string>): boolean {
  return b.globalBookmark || b.users.includes(user) || b.groups.some((g) => userGroups.has(g));
}

/** The key of a storage:bookmarks entry (what ofgate remembers having written). */
export function entryKey(entry: Pick<XmlElement, 'name' | 'attrs'>): string | undefined {
  if (entry.name === 'conference' && entry.attrs?.jid) return `conference ${entry.attrs.jid}`;
  if (entry.name === 'url' && entry.attrs?.url) return `url ${entry.attrs.url}`;
  return undefined;
}

/** The XEP-0048 entry of a bookmark. */
export function storageEntry(b: BookmarkRecord): XmlElement {
  if (b.type === 'url') return el('url', { name: b.name, url: b.value });
  const nick = b.properties.nick;
  return el('conference', { name: b.name, jid: b.value, autojoin: b.properties.autojoin === 'true' ? 'true' : 'false' }, ...(nick ? [el('nick', {}, nick)] : []));
}

/** The new storage:bookmarks children: the member's own entries, then ofgate's current ones. */
export function mergeStorage(existing: readonly XmlElement[], previouslyWritten: ReadonlySet<string>, current: readonly BookmarkRecord[]): { children: XmlElement[]; written: string[] } {
  const entries = current.map(storageEntry);
  const written = entries.map((e) => entryKey(e) as string);
  const replaced = new Set([...previouslyWritten, ...written]);
  const kept = existing.filter((e) => {
    const key = entryKey(e);
    return key === undefined || !replaced.has(key);
  });
  return { children: [...kept, ...entries], written };
}

/** The XEP-0402 item payload of a group-chat bookmark. */
export function conferenceItem(b: BookmarkRecord): XmlElement {
  const nick = b.properties.nick;
  return el('conference', { xmlns: NS_BOOKMARKS2, name: b.name, autojoin: b.properties.autojoin === 'true' ? 'true' : 'false' }, ...(nick ? [el('nick', {}, nick)] : []));
}
