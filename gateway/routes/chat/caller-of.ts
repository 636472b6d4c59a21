/** The authenticated caller of a 'user' route (mount-routes guarantees one; checked anyway). */
import type { Principal } from '../../auth/index.js';
import { GatewayError } from '../../errors/index.js';
import type { RouteRequest } from '../../http/index.js';

export function callerOf(r: RouteRequest): Principal {
  if (!r.principal) throw new GatewayError('unauthorized', 'Authentication required');
  return r.principal;
}
