/**
 * The node:http server an Express app listens on, made so Express's per-request work is cheap
 * (issue 20). Express's `app.handle` gives every request and response its own prototypes
 * (`Object.setPrototypeOf(req, app.request)`, the same for res). Done on an object node just
 * built, that gives each one a hidden class of its own, and every later access to them — node's
 * http code and socket writes included — misses V8's caches (+100 µs per request on the relay's
 * HTTP layer, bench/relay-floor-http-cost.ts). Here node builds requests and responses as
 * subclasses of its own whose prototypes are the app's, so Express's call changes nothing and
 * every request shares one hidden class; and each request enters `app.handle` directly, with
 * one fallback instead of Express's per-request `finalhandler`. (Calling node's constructors on
 * an object made with the app's prototype also avoids the swap, but leaves each response in
 * slow mode: more memory per open SSE response.)
 *
 * Rules: every request still goes through Express exactly as `app.listen` would send it (same
 * app, same prototype chain, same `req.res`/`res.req`/`res.locals`); the fallback only answers
 * what the app's own 404 and error handlers left unanswered (they answer everything in ofgate).
 */
import { createServer, IncomingMessage, ServerResponse, type Server, type ServerOptions } from 'node:http';
import type { Express } from 'express';

type RequestClass = typeof IncomingMessage;
type ResponseClass = typeof ServerResponse;

const classesOf = new WeakMap<Express, { IncomingMessage: RequestClass; ServerResponse: ResponseClass }>();

/**
 * Constructors node:http calls for each request: subclasses of node's own (so objects are built
 * as node builds its own, with fast properties) whose prototypes lead to the app's; the app's
 * `request`/`response` then become those prototypes, so app.handle's setPrototypeOf finds each
 * object already there. Made once per app (the app is changed by the first call).
 */
export function expressMessageClasses(app: Express): { IncomingMessage: RequestClass; ServerResponse: ResponseClass } {
  const known = classesOf.get(app);
  if (known) return known;
  const a = app as unknown as { request: object; response: object };
  class ExpressRequest extends IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, a.request);
  a.request = ExpressRequest.prototype;
  class ExpressResponse extends ServerResponse {}
  Object.setPrototypeOf(ExpressResponse.prototype, a.response);
  a.response = ExpressResponse.prototype;
  const classes = { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse as unknown as ResponseClass };
  classesOf.set(app, classes);
  return classes;
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
