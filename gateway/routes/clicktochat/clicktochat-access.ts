/**
 * Who may call the /clicktochat paths (the original let anyone do anything): an admin or the
 * shared secret, or a configured API key (`X-Api-Key`, compared as SHA-256 digests in constant
 * time) — "trusted"; anybody else is anonymous (with credentials of a plain user: "user"), let
 * in only where the configuration opens the path (public widget mode for register, listPublic
 * for list). A wrong API key is 401, never silently anonymous.
 */
import { isAdmin, matchesDigest, secretDigest } from '../../auth/index.js';
import type { ClickToChatSettings } from '../../clicktochat/index.js';
import { forbidden, GatewayError } from '../../errors/index.js';
import type { RouteRequest } from '../../http/index.js';

export type Caller = 'trusted' | 'user' | 'anonymous';

export function callerOf(r: Pick<RouteRequest, 'principal' | 'headers'>, settings: Pick<ClickToChatSettings, 'apiKeyDigests'>): Caller {
  const raw = r.headers['x-api-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key !== undefined) {
    const given = secretDigest(key);
    if (settings.apiKeyDigests.some((d) => matchesDigest(given, d))) return 'trusted';
    throw new GatewayError('unauthorized', 'X-Api-Key: not a configured key', { resource: 'X-Api-Key' });
  }
  if (!r.principal) return 'anonymous';
  return isAdmin(r.principal) ? 'trusted' : 'user';
}

/** Refuses a caller the path is not open to: 401 without credentials, 403 with a plain user's. */
export function requireTrusted(caller: Caller, what: string): void {
  if (caller === 'trusted') return;
  if (caller === 'user') throw forbidden(`${what} needs an admin, the shared secret or an API key (X-Api-Key)`);
  throw new GatewayError('unauthorized', `${what} needs credentials: an admin, the shared secret or an API key (X-Api-Key)`);
}
