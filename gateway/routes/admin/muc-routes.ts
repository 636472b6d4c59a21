/** Routes of this area (filled in by the area's work). */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

export function mucRoutes(_s: RouteServices): RouteSpec[] {
  return [];
}
