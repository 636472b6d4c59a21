/**
 * The node:http server an Express app listens on, made so Express's per-request work is cheap
 * (issue 20). Express's `app.handle` gives every request and response its own prototypes
 * (`Object.setPrototypeOf(req, app.request)`, the same for res): done on an object node just
 * built, that turns both into slow-mode objects, and every later access to them — node's http
 * code and socket writes included — pays for it (+50 µs per relayed message, and the GC).
 * Here node builds requests and responses that already have those prototypes (node:http's
 * `IncomingMessage`/`ServerResponse` server options), so Express's call changes nothing; and
 * each request enters `app.handle` directly, with one fallback instead of Express's per-request
 * `finalhandler`.
 *
 * Rules: every request still goes through Express exactly as `app.listen` would send it (same
 * app, same prototypes, same `req.res`/`res.req`/`res.locals`); the fallback only answers what
 * the app's own 404 and error handlers left unanswered (they answer everything in ofgate).
 */
import { createServer, IncomingMessage, ServerResponse, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

type RequestClass = typeof IncomingMessage;
type ResponseClass = typeof ServerResponse;

/** Constructors node:http calls for each request: node's own, with the app's prototypes. */
export function expressMessageClasses(app: Express): { IncomingMessage: RequestClass; ServerResponse: ResponseClass } {
  function Request(this: IncomingMessage, socket: Socket): void {
    IncomingMessage.call(this, socket);
  }
  Request.prototype = app.request;
  function Response(this: ServerResponse, req: IncomingMessage, options?: unknown): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: unknown) => void).call(this, req, options);
  }
  Response.prototype = app.response;
  return { IncomingMessage: Request as unknown as RequestClass, ServerResponse: Response as unknown as ResponseClass };
}

/** What the app left unanswered (it has its own 404 and error handlers: never, in ofgate). */
function fallback(res: ServerResponse, err: unknown): void {
  if (!res.headersSent) res.statusCode = err ? 500 : 404;
  res.end();
}

/** The app's request listener without Express's per-request finalhandler. */
export function expressListener(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = (app as unknown as { handle(req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void): void }).handle.bind(app);
  return (req, res) => handle(req, res, (err) => fallback(res, err));
}

/** The node:http server `app.listen` would make for the app (with `options`), without its per-request costs. */
export function createExpressServer(app: Express, options: Omit<ServerOptions, 'IncomingMessage' | 'ServerResponse'> = {}): Server {
  return createServer({ ...options, ...expressMessageClasses(app) }, expressListener(app));
}
