/**
 * Accounts: users (name/email in the vCard, properties kept by ofgate), shared roster groups
 * and memberships, rosters, lockouts, and the legacy userservice. The REST API plugin's
 * users/groups/roster/lockouts/vcard surface on ejabberd 23.01.
 */
import type { Config } from '../config/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import type { Logger } from '../log/index.js';
import { bare } from '../jid/index.js';
import type { Store } from '../store/index.js';
import type { AccountContext } from './account-context.js';
import { createGroupAdmins } from './group-admins.js';
import { createGroups, type Groups } from './groups.js';
import { createLegacyUserService, type LegacyUserService } from './legacy-user-service.js';
import { createLockouts, type Lockouts } from './lockouts.js';
import { createRosters, type Rosters } from './rosters.js';
import { createUserGroups, type UserGroups } from './user-groups.js';
import { createRequireUser } from './user-lookup.js';
import { createUserProperties } from './user-properties.js';
import { createUsers, type Users } from './users.js';
import { createUserVcards, type UserVcards, type VcardStreams } from './user-vcard.js';

export type { GroupInput, GroupRecord, Groups } from './groups.js';
export type { LegacyAnswer, LegacyParams, LegacyUserService } from './legacy-user-service.js';
export type { Lockouts } from './lockouts.js';
export type { RosterItemInput, RosterItemRecord, Rosters } from './rosters.js';
export type { UserGroups } from './user-groups.js';
export { createUserProperties, type PropertyInput, type UserProperties, type UserProperty } from './user-properties.js';
export type { UserFilter, UserInput, UserRecord, Users } from './users.js';
export type { UserVcards, VcardStreams } from './user-vcard.js';

export interface AccountsDeps {
  readonly backend: EjabberdBackend;
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
  /**
   * Users' own brief streams (the session pool), for what ejabberd only serves over XMPP: whole
   * vCards. Omitted (tests of other parts): the vCard operations answer 501.
   */
  readonly streams?: VcardStreams;
}

export interface Accounts {
  readonly users: Users;
  readonly groups: Groups;
  readonly userGroups: UserGroups;
  readonly rosters: Rosters;
  readonly lockouts: Lockouts;
  readonly userService: LegacyUserService;
  readonly vcards: UserVcards;
}

export function createAccounts(deps: AccountsDeps): Accounts {
  const host = deps.backend.host.toLowerCase();
  const ctx: AccountContext = {
    backend: deps.backend,
    properties: createUserProperties(deps.store),
    admins: createGroupAdmins(deps.store),
    requireUser: createRequireUser(deps.backend),
    log: deps.log,
    jidOf: (user) => bare({ local: user, domain: host }),
  };
  const users = createUsers(ctx);
  const groups = createGroups(ctx);
  const userGroups = createUserGroups(ctx);
  const rosters = createRosters(ctx);
  const lockouts = createLockouts(ctx);
  const userService = createLegacyUserService({ users, groups, userGroups, rosters, lockouts, log: deps.log });
  const vcards = createUserVcards({ streams: deps.streams, requireUser: ctx.requireUser, stanzaMaxBytes: deps.config.server?.stanzaMaxBytes });
  return { users, groups, userGroups, rosters, lockouts, userService, vcards };
}
