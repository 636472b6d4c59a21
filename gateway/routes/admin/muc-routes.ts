/**
 * Chat rooms, their affiliations and occupants, and the sessions / broadcast / statistics
 * admin routes.
 */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { affiliationCollectionRoutes } from './affiliation-collections.js';
import { affiliationRoutes } from './affiliations.js';
import { broadcastRoutes } from './broadcast.js';
import { chatServiceRoutes } from './chat-services.js';
import { chatRoomRoutes } from './chatrooms.js';
import { roomBulkRoutes } from './room-bulk.js';
import { roomInviteRoutes } from './room-invites.js';
import { roomOccupantRoutes } from './room-occupants.js';
import { sessionRoutes } from './sessions.js';
import { statisticsRoutes } from './statistics.js';

export function mucRoutes(s: RouteServices): RouteSpec[] {
  // read when a request comes: route factories must not touch services (the spec is generated without them)
  const sessions = () => s.sessions;
  return [
    ...chatRoomRoutes(s),
    ...roomBulkRoutes(s),
    ...roomInviteRoutes(s),
    ...chatServiceRoutes(s),
    ...roomOccupantRoutes(s),
    ...affiliationRoutes(s),
    ...affiliationCollectionRoutes(s),
    ...sessionRoutes(sessions),
    ...broadcastRoutes(sessions),
    ...statisticsRoutes(sessions),
  ];
}
