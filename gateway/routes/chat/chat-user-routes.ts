/**
 * chat/users (the directory) and chat/{streamid}/users/{propertyName} (the caller's own properties).
 * The search matches user names (as the users admin listing does) and, for admins and the
 * secret only, user property values (ofchat: for everyone); it does not search vCard
 * names/emails (a vCard read per account). What each caller sees of each account is
 * chat/user-directory.ts's rule: a non-admin gets user names and names, emails only with
 * chat.directoryShowsEmail, never another user's properties.
 * References: ofchat-api.md §5.7; docs/security.md.
 */
import type { UserRecord } from '../../accounts/index.js';
import type { Principal } from '../../auth/index.js';
import { directoryEntry, searchesPropertyValues } from '../../chat/index.js';
import { usersEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from './caller-of.js';

const tag = 'Chat';
/** Property-value matches fetched on top of the name matches, at most. */
const MAX_PROPERTY_MATCHES = 200;

export function chatUserRoutes(s: RouteServices): RouteSpec[] {
  const { chat } = s;
  const users = s.accounts.users;

  const policy = { showsEmail: s.config.chat.directoryShowsEmail };

  async function search(viewer: Principal, term: string | undefined): Promise<UserRecord[]> {
    const byName = await users.list({ search: term });
    if (!term || !searchesPropertyValues(viewer)) return byName;
    const seen = new Set(byName.map((u) => u.username));
    const extra = (await chat.usersWithPropertyValue(term)).filter((u) => !seen.has(u)).slice(0, MAX_PROPERTY_MATCHES);
    const more = await Promise.all(extra.map((u) => users.get(u).catch(() => undefined)));
    return [...byName, ...more.filter((u): u is UserRecord => u !== undefined)].sort((a, b) => a.username.localeCompare(b.username));
  }

  return [
    {
      method: 'get', path: '/chat/users', scope: 'api', tag, access: 'user',
      summary: 'Search users',
      description: 'Admins and the secret: every field, and the search also matches property values (as ofchat). Other users: user name and name of each account (email only with chat.directoryShowsEmail), their own record whole, never another user\'s properties; the search matches user names only.',
      query: [{ name: 'search', doc: 'Part of a user name (admins: or of a user property value)' }],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: usersEntity },
      handle: async (r) => {
        const viewer = callerOf(r);
        const found = await search(viewer, r.query.search?.trim() || undefined);
        return ok({ user: found.map((u) => directoryEntry(viewer, u, policy)) });
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/users/{propertyName}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Set one of the user\'s own properties', body: { kind: 'text', doc: 'The value', mediaType: 'text/plain' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404],
      handle: async (r) => {
        await chat.setProperty(callerOf(r), r.params.streamid ?? '', r.params.propertyName ?? '', r.text);
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/{streamid}/users/{propertyName}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Delete one of the user\'s own properties', body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404],
      handle: async (r) => {
        await chat.deleteProperty(callerOf(r), r.params.streamid ?? '', r.params.propertyName ?? '');
        return empty;
      },
    },
  ];
}
