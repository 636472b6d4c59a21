/**
 * Admin bookmarks (ofchat's /bookmarks…): list, create, read, replace, delete, and set or delete
 * one property. Every change is pushed to the members it concerns before the answer (their
 * clients show the bookmark: XEP-0048 private storage, XEP-0402 PEP items); members whose push
 * failed are named in the X-Bookmark-Push-Failed header (the change stands).
 * Ids: numbers; a non-numeric id is 400 (as ofchat), an unknown one 404 (ofchat: 400).
 * References: ofchat-api.md §5.4.
 */
import { bookmarkInput, type BookmarkRecord, type PushReport } from '../../bookmarks/index.js';
import { badRequest } from '../../errors/index.js';
import { empty, ok, type RouteResult, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { bookmarkEntity, bookmarksEntity } from './ofchat-entities.js';

const tag = 'Bookmarks';

export const bookmarkValue = (b: BookmarkRecord): Record<string, unknown> => ({
  bookmarkID: b.bookmarkID, type: b.type, name: b.name, value: b.value, globalBookmark: b.globalBookmark,
  users: [...b.users], groups: [...b.groups], properties: Object.entries(b.properties).map(([key, value]) => ({ key, value })),
});

function answer(r: { bookmark: BookmarkRecord; push: PushReport }): RouteResult {
  const headers: Record<string, string> = { 'X-Bookmark-Pushed': String(r.push.pushed) };
  if (r.push.failed.length > 0) headers['X-Bookmark-Push-Failed'] = r.push.failed.join(',');
  return { entity: bookmarkValue(r.bookmark), headers };
}

export function bookmarkRoutes(s: RouteServices): RouteSpec[] {
  const domain = s.config.xmpp.domain;
  const pushNote = ' The bookmark is pushed to the members it concerns (before and after) before the answer: their private storage (XEP-0048) and PEP (XEP-0402) on their own stream; X-Bookmark-Pushed counts them, X-Bookmark-Push-Failed names those that failed.';
  return [
    {
      method: 'get', path: '/bookmarks', scope: 'api', tag, access: 'admin', summary: 'List the admin bookmarks',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: bookmarksEntity },
      handle: async () => ok({ bookmark: (await s.bookmarks.list()).map(bookmarkValue) }),
    },
    {
      method: 'post', path: '/bookmarks', scope: 'api', tag, access: 'admin', summary: 'Create a bookmark',
      description: 'type (group_chat: value is a room JID; url: an http(s) URL), name, value, and who: users, groups, or globalBookmark=true (everyone). Answers the bookmark with its new bookmarkID (200, as ofchat).' + pushNote,
      body: { kind: 'entity', entity: bookmarkEntity, required: true }, result: { kind: 'entity', status: 200, entity: bookmarkEntity }, errors: [400],
      handle: async (r) => answer(await s.bookmarks.create(bookmarkInput(r.entity, domain))),
    },
    {
      method: 'get', path: '/bookmarks/{bookmarkID}', scope: 'api', tag, access: 'admin', summary: 'A bookmark',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: bookmarkEntity }, errors: [404],
      handle: async (r) => ok(bookmarkValue(await s.bookmarks.get(r.params.bookmarkID ?? ''))),
    },
    {
      method: 'put', path: '/bookmarks/{bookmarkID}', scope: 'api', tag, access: 'admin', summary: 'Replace a bookmark',
      description: 'type, name, value, users, groups, globalBookmark and properties are replaced by the body\'s.' + pushNote,
      body: { kind: 'entity', entity: bookmarkEntity, required: true }, result: { kind: 'entity', status: 200, entity: bookmarkEntity }, errors: [404],
      handle: async (r) => answer(await s.bookmarks.update(r.params.bookmarkID ?? '', bookmarkInput(r.entity, domain))),
    },
    {
      method: 'delete', path: '/bookmarks/{bookmarkID}', scope: 'api', tag, access: 'admin', summary: 'Delete a bookmark',
      description: 'Its members\' clients stop showing it (their own bookmarks stay).',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await s.bookmarks.remove(r.params.bookmarkID ?? '');
        return empty;
      },
    },
    {
      method: 'put', path: '/bookmarks/{bookmarkID}/property', scope: 'api', tag, access: 'admin', summary: 'Set a bookmark property',
      description: 'autojoin (true/false) and nick reach the members\' clients; others (rss, atom …) are kept and returned.' + pushNote,
      query: [{ name: 'name', doc: 'Property name (required)' }, { name: 'value', doc: 'Property value' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: bookmarkEntity }, errors: [404],
      handle: async (r) => answer(await s.bookmarks.setProperty(r.params.bookmarkID ?? '', propertyName(r.query.name), (r.query.value ?? '').slice(0, 1024))),
    },
    {
      method: 'delete', path: '/bookmarks/{bookmarkID}/property', scope: 'api', tag, access: 'admin', summary: 'Delete a bookmark property',
      query: [{ name: 'name', doc: 'Property name (required)' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: bookmarkEntity }, errors: [404],
      handle: async (r) => answer(await s.bookmarks.deleteProperty(r.params.bookmarkID ?? '', propertyName(r.query.name))),
    },
  ];
}

function propertyName(name: string | undefined): string {
  if (!name || name.length > 256 || name === '__proto__') throw badRequest('name: the property name (1-256 characters)', { resource: 'name' });
  return name;
}
