/** Every /roompool route: clients and staff, rooms, settings, statistics, status.xml and events. */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { poolAdminRoutes } from './pool-admin-routes.js';
import { poolClientRoutes } from './pool-client-routes.js';
import { poolRoomRoutes } from './pool-room-routes.js';

export function roomPoolRoutes(s: RouteServices): RouteSpec[] {
  return [...poolClientRoutes(s), ...poolRoomRoutes(s), ...poolAdminRoutes(s)];
}
