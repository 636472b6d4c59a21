/**
 * One structured line per answered request (method, declared route, status, milliseconds, who
 * asked, client address) and the request metrics. Never the URL's query, a header or a body:
 * tokens travel in queries (`?token=`) and credentials in headers. The principal is what the
 * route layer resolved (`res.locals.principal`): a user name, `admin`, `secret`, or nothing; the
 * route is the one it matched (`res.locals.route`, with its base path).
 * Mounted first, so it sees every answer, 404s and preflights included.
 */
import type { Request, RequestHandler } from 'express';
import type { Principal } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from './metrics.js';

/** The declared route of a request (bounded: never the raw path), or what answered it. */
function routeOf(req: Request, declared: unknown): string {
  if (typeof declared === 'string' && declared !== '') return declared;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return req.method === 'OPTIONS' ? '(preflight)' : '(unrouted)';
}

function who(p: Principal | undefined): string | undefined {
  if (!p) return undefined;
  return p.kind === 'secret' ? 'secret' : p.username;
}

export function accessLog(d: { log: Logger; metrics: Metrics; enabled: boolean }): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeOf(req, res.locals.route);
      const status = res.headersSent ? res.statusCode : 499;
      d.metrics.request(req.method, route, status, seconds, req.headers.authorization !== undefined);
      if (!d.enabled) return;
      const principal = who(res.locals.principal as Principal | undefined);
      d.log.info('access', {
        method: req.method, route, status, ms: Math.round(seconds * 10000) / 10,
        ...(principal ? { principal } : {}), client: req.ip ?? req.socket.remoteAddress ?? '',
      });
    });
    next();
  };
}
