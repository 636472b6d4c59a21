/**
 * The configuration (dotted paths) of another ofgate on the shared world's ejabberd: the same
 * domain, ejabberd API and shared secret, with the hook shim left to the world's own instance
 * (its interest is never changed by these). Used by the files that run their own ofgate next to
 * the world's: restart tests (a separate process), click-to-chat and the room pool.
 */
import type { Stack } from './start-stack.js';

export function worldConfig(w: Stack): Record<string, unknown> {
  return {
    'xmpp.domain': w.domain,
    'xmpp.service': w.ej.xmppService,
    'ejabberd.httpApi.url': w.ej.apiUrl,
    'ejabberd.xmlrpc.url': w.ej.xmlrpcUrl,
    'ejabberd.shimLoaded': false,
    'auth.secret': w.secret,
    'auth.admins': ['admin'],
    // as the world's own gateway (start-stack.ts): tests from one address must not hold each other back
    'auth.loginThrottle.addressFailures': 0,
    'auth.loginThrottle.accountFailures': 0,
  };
}
