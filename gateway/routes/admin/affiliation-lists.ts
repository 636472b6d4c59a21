/**
 * What the room-affiliation routes share: the four lists (owners, admins, members, outcasts)
 * with their affiliation kinds, one spec tag, the list's path, and what a request names (the
 * room, whether to send invitations). affiliations.ts serves one JID or group at a time and
 * the GET of a list; affiliation-collections.ts the plugin's PUT (replace) and POST (add many).
 * Routes come list by list, in this order.
 */
import { affiliationListEntities } from '../../entities/index.js';
import type { RouteRequest, RouteSpec } from '../../http/index.js';
import type { AffiliationKind, InviteOption, RoomRef } from '../../muc/index.js';
import type { RouteServices } from '../route-services.js';
import { isTrue } from './chatrooms.js';

export interface AffiliationList {
  readonly plural: keyof typeof affiliationListEntities;
  readonly kind: AffiliationKind;
  /** `/chatrooms/{roomName}/<plural>` */
  readonly path: string;
  readonly entity: (typeof affiliationListEntities)[keyof typeof affiliationListEntities];
}

export const AFFILIATION_TAG = 'Chat room affiliations';

const LISTS: readonly AffiliationList[] = ([
  ['owners', 'owner'],
  ['admins', 'admin'],
  ['members', 'member'],
  ['outcasts', 'outcast'],
] as const).map(([plural, kind]) => ({ plural, kind, path: `/chatrooms/{roomName}/${plural}`, entity: affiliationListEntities[plural] }));

/** Each list's routes, list by list. */
export const perAffiliationList = (routes: (list: AffiliationList) => RouteSpec[]): RouteSpec[] => LISTS.flatMap(routes);

/** The room the request names (`?servicename=` and the path's room name). */
export const roomOf = (s: RouteServices, r: RouteRequest): RoomRef => s.muc.room(r.query.servicename, r.params.roomName ?? '');

/** `?sendInvitations=true`: invite those newly affiliated. */
export const invitationsOf = (r: RouteRequest): InviteOption => ({ sendInvitations: isTrue(r.query.sendInvitations) });
