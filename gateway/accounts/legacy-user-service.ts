/**
 * Openfire's legacy `userservice` (GET/POST ?type=…&secret=…): one call per type, answered
 * with a result or the name of the exception, never an HTTP error. The caller checks the
 * secret; this file runs the request.
 * References: REST API plugin UserServiceLegacy, UserServiceLegacyController;
 * ../shared/notes/ofchat-api.md §2.4.
 */
import { isGatewayError, type ExceptionName } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { escapeLocal } from '../jid/index.js';
import { normalizeUsername } from './account-names.js';
import type { Groups } from './groups.js';
import type { Lockouts } from './lockouts.js';
import type { Rosters } from './rosters.js';
import type { UserGroups } from './user-groups.js';
import type { Users } from './users.js';

export type LegacyParams = Readonly<Record<string, string | undefined>>;

export type LegacyAnswer = { readonly ok: true } | { readonly groupnames: string[] } | { readonly error: string };

export type LegacyUserService = (params: LegacyParams) => Promise<LegacyAnswer>;

export interface LegacyParts {
  readonly users: Users;
  readonly groups: Groups;
  readonly userGroups: UserGroups;
  readonly rosters: Rosters;
  readonly lockouts: Lockouts;
  readonly log: Logger;
}

type Handler = (user: string, p: LegacyParams) => Promise<LegacyAnswer>;

const OK: LegacyAnswer = { ok: true };
const SUBSCRIPTIONS = new Set(['-1', '0', '1', '2', '3']);
const ROSTER_TYPES = new Set(['add_roster', 'update_roster', 'delete_roster']);

/** The legacy servlet's names for what the REST endpoints call otherwise. */
const LEGACY_NAME: Partial<Record<ExceptionName, string>> = {
  PasswordIsNull: 'IllegalArgumentException',
  RosterItemNotFound: 'UserNotFoundException',
};

/** StringTokenizer(groups, ","): empty tokens are skipped. */
const groupList = (groups: string | undefined): string[] | undefined => (groups === undefined ? undefined : groups.split(',').filter((g) => g !== ''));

export function createLegacyUserService(parts: LegacyParts): LegacyUserService {
  const { users, userGroups, rosters, lockouts } = parts;
  const subs = (p: LegacyParams) => (p.subscription === undefined ? undefined : Number(p.subscription));

  const handlers: Readonly<Record<string, Handler>> = {
    async add(user, p) {
      await users.create({ username: user, password: p.password, name: p.name, email: p.email });
      const groups = groupList(p.groups);
      if (groups !== undefined) await userGroups.add(user, groups);
      return OK;
    },
    delete: async (user) => (await users.delete(user), OK),
    enable: async (user) => (await lockouts.unlock(user), OK),
    disable: async (user) => (await lockouts.lock(user), OK),
    async update(user, p) {
      await users.update(user, { password: p.password, name: p.name, email: p.email });
      const groups = groupList(p.groups);
      if (groups !== undefined) await userGroups.set(user, groups);
      return OK;
    },
    async add_roster(user, p) {
      await rosters.add(user, { jid: p.item_jid, nickname: p.name, subscriptionType: subs(p), groups: groupList(p.groups) ?? [] });
      return OK;
    },
    // the legacy update sets every field: absent ones become empty (nick, groups) or 0 (none)
    async update_roster(user, p) {
      await rosters.update(user, p.item_jid ?? '', { nickname: p.name ?? '', subscriptionType: subs(p) ?? 0, groups: groupList(p.groups) ?? [] });
      return OK;
    },
    // "No error returns if nothing to delete"
    async delete_roster(user, p) {
      try {
        await rosters.delete(user, p.item_jid ?? '');
      } catch (err) {
        if (!(isGatewayError(err) && err.exception === 'RosterItemNotFound')) throw err;
      }
      return OK;
    },
    usergrouplist: async (user) => ({ groupnames: await userGroups.of(user) }),
  };

  return async (p) => {
    const type = p.type ?? '';
    if (type === 'grouplist') return run(parts.log, type, async () => ({ groupnames: (await parts.groups.list()).map((g) => g.name) }));
    if (p.username === undefined) return { error: 'IllegalArgumentException' };
    if (ROSTER_TYPES.has(type) && (p.item_jid === undefined || (p.subscription !== undefined && !SUBSCRIPTIONS.has(p.subscription)))) {
      return { error: 'IllegalArgumentException' };
    }
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    if (!handler) return { error: 'IllegalArgumentException' };
    const user = escapeLocal(normalizeUsername(p.username));
    return run(parts.log, type, () => handler(user, p));
  };
}

async function run(log: Logger, type: string, fn: () => Promise<LegacyAnswer>): Promise<LegacyAnswer> {
  try {
    return await fn();
  } catch (err) {
    if (isGatewayError(err)) return { error: LEGACY_NAME[err.exception] ?? err.exception };
    log.error('userservice request failed', { type, error: err });
    return { error: 'Exception' };
  }
}
