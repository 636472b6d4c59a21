/**
 * The relay floor's routes (relay-floor-server.ts), matched by hand for the layers that have no
 * router of their own doing it (node:http) or, like ofgate's dispatch, match declared routes
 * without Express's route layers (express). Pure. Paths are split into percent-decoded segments:
 * - `POST /restapi/v1/chat/{username}/login`, `POST /restapi/v1/chat/{streamid}/messages/{to}`,
 *   `POST /restapi/v1/chat/{streamid}/logoff`, `GET /sse/{username}`, `GET /healthz`;
 * anything else (or a segment that does not decode) is no route.
 */

export type FloorRoute =
  | { readonly kind: 'login'; readonly username: string }
  | { readonly kind: 'message'; readonly sid: string; readonly to: string }
  | { readonly kind: 'logoff'; readonly sid: string }
  | { readonly kind: 'sse'; readonly username: string }
  | { readonly kind: 'health' };

/** The route `method path` names (path without its query), or undefined. */
export function matchFloorRoute(method: string | undefined, path: string): FloorRoute | undefined {
  let seg: string[];
  try {
    seg = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (method === 'POST' && seg[0] === 'restapi' && seg[1] === 'v1' && seg[2] === 'chat' && seg[3]) {
    if (seg.length === 5 && seg[4] === 'login') return { kind: 'login', username: seg[3] };
    if (seg.length === 6 && seg[4] === 'messages' && seg[5]) return { kind: 'message', sid: seg[3], to: seg[5] };
    if (seg.length === 5 && seg[4] === 'logoff') return { kind: 'logoff', sid: seg[3] };
  }
  if (method === 'GET' && seg.length === 2 && seg[0] === 'sse' && seg[1]) return { kind: 'sse', username: seg[1] };
  if (method === 'GET' && path === '/healthz') return { kind: 'health' };
  return undefined;
}
