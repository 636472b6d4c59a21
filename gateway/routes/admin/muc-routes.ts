/**
 * Chat rooms, their affiliations and occupants, and the sessions / broadcast / statistics
 * admin routes. The sessions service is a plain service over the backend port, built here
 * from RouteServices so the shared composition (gateway.ts) needs no change.
 */
import type { RouteSpec } from '../../http/index.js';
import { createSessionsAdmin, type SessionsAdmin } from '../../sessions/index.js';
import type { RouteServices } from '../route-services.js';
import { affiliationRoutes } from './affiliations.js';
import { broadcastRoutes } from './broadcast.js';
import { chatRoomRoutes } from './chatrooms.js';
import { roomOccupantRoutes } from './room-occupants.js';
import { sessionRoutes } from './sessions.js';
import { statisticsRoutes } from './statistics.js';

export function mucRoutes(s: RouteServices): RouteSpec[] {
  // built on first use: route factories must not touch services (the spec is generated without them)
  let built: SessionsAdmin | undefined;
  const sessions = (): SessionsAdmin =>
    (built ??= createSessionsAdmin({
      backend: s.backend,
      domain: s.config.xmpp.domain,
      // ofchat sends notifications from admin@{domain}
      adminUser: (s.config.auth.admins[0] ?? 'admin').split('@')[0] ?? 'admin',
      log: s.log,
    }));
  return [
    ...chatRoomRoutes(s),
    ...roomOccupantRoutes(s),
    ...affiliationRoutes(s),
    ...sessionRoutes(sessions),
    ...broadcastRoutes(sessions),
    ...statisticsRoutes(sessions),
  ];
}
