/** The server's own state as the REST API plugin shows it: clustering, the security audit log, liveness and readiness probes. */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { clusteringRoutes } from './clustering.js';
import { probeRoutes } from './probes.js';
import { securityLogRoutes } from './security-log.js';

export function serverRoutes(s: RouteServices): RouteSpec[] {
  return [...clusteringRoutes(s), ...securityLogRoutes(s), ...probeRoutes(s)];
}
