/** Every route ofgate serves, by API area. */
import type { RouteSpec } from '../http/index.js';
import { systemRoutes } from './admin/system.js';
import { healthRoutes } from './ops/health.js';
import type { RouteServices } from './route-services.js';

export type { RouteServices } from './route-services.js';

export function buildRoutes(s: RouteServices): RouteSpec[] {
  return [...healthRoutes(s), ...systemRoutes(s)];
}
