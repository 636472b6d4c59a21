/** Routes of the accounts area: users, memberships, vCards, rosters, lockouts, groups, legacy userservice. */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { groupRoutes } from './groups.js';
import { lockoutRoutes } from './lockouts.js';
import { rosterRoutes } from './roster.js';
import { userGroupRoutes } from './user-groups.js';
import { userServiceRoutes } from './userservice.js';
import { userRoutes } from './users.js';
import { userVcardRoutes } from './user-vcard.js';

export function accountRoutes(s: RouteServices): RouteSpec[] {
  return [...userRoutes(s), ...userGroupRoutes(s), ...userVcardRoutes(s), ...rosterRoutes(s), ...lockoutRoutes(s), ...groupRoutes(s), ...userServiceRoutes(s)];
}
