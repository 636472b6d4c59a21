/**
 * CORS on every response (ofchat's header set); OPTIONS answered without credentials.
 *
 * Rules it keeps (server.corsOrigin):
 * - `*` (the default): any origin may call, without credentials: `Access-Control-Allow-Origin: *`
 *   and no Allow-Credentials, so a browser never attaches the cookies or the Basic credentials it
 *   cached for ofgate to another site's request (ofchat reflected any origin with credentials: any
 *   website could read a logged-in user's data). Explicit `Authorization` headers (a widget's
 *   visitor token, a page that asks its user for a password) still work: the header is allowed.
 * - A comma-separated list of origins (`https://help.example.com, https://shop.example.com`):
 *   those, and only those, are answered with their own origin and
 *   `Access-Control-Allow-Credentials: true`; another origin gets no CORS header at all.
 */
import type { RequestHandler } from 'express';

const ALLOW_HEADERS =
  'Overwrite, Destination, Content-Type, Depth, User-Agent, X-File-Size, X-Requested-With, If-Modified-Since, X-File-Name, Cache-Control, Authorization, Accept, Last-Event-ID, X-Room-Password';
const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS, HEAD';
const EXPOSE_HEADERS = 'X-Visitor-Token, Retry-After, Location';

/** The origins of a corsOrigin setting ('*' → any, without credentials). */
export function corsOrigins(setting: string): '*' | ReadonlySet<string> {
  const list = setting.split(',').map((o) => o.trim().replace(/\/+$/, '').toLowerCase()).filter((o) => o !== '');
  return list.length === 0 || list.includes('*') ? '*' : new Set(list);
}

export function cors(setting: string): RequestHandler {
  const allowed = corsOrigins(setting);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (allowed === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else if (origin !== undefined && allowed.has(origin.toLowerCase())) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (req.method === 'OPTIONS') {
      res.status(200).end();
      return;
    }
    next();
  };
}
