/**
 * The relay floor through Express 5 the way ofgate uses it (relay-floor-server.ts
 * --floor-router=express), so relay-ab.ts can measure what Express's own request and response
 * path costs beside plain node:http (issue 20). Only the Express path is ofgate's, not ofgate's
 * logic:
 * - the app's settings as gateway/app.ts sets them (no x-powered-by, no etag, trust proxy off);
 * - the app router's walk ofgate's requests take: an app-wide layer first (where ofgate's
 *   access log and metrics sit; here it only passes on), a path-mounted layer that does not
 *   match (ofgate's click-to-chat preflight), then the hot layer built with ofgate's own
 *   oneLayer, whose dispatch finds the route without Express's route layers (as mount-routes.ts
 *   does; here with the floor's matcher) from Express's `req.path`;
 * - a route's chain run as oneLayer runs it: ofgate's text body readers (read-body.ts
 *   bodyReaders: the size limit, the plain-text fast path, express.text for the rest), then a
 *   handler that touches what ofgate's handler touches per request (res.locals, req.params,
 *   req.query, req.ip) and answers as ofgate does: `res.status(n).end()`, or
 *   `res.status(200).type('text/plain').send(text)` for the login's stream id;
 * - anything else: Express's next layer, a 404; errors: one error handler (status, no body).
 * The relay work itself is relay-floor-relay.ts, the same for every layer.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { oneLayer } from '../gateway/http/one-layer.js';
import { bodyReaders } from '../gateway/http/read-body.js';
import type { FloorAnswer, FloorRelay } from './relay-floor-relay.js';
import { matchFloorRoute, type FloorRoute } from './relay-floor-routes.js';

/** ofgate's default server.bodyLimitBytes. */
const BODY_LIMIT_BYTES = 1048576;

function answer(res: Response, a: FloorAnswer): void {
  if (a.text !== undefined) res.status(a.status).type('text/plain').send(a.text);
  else res.status(a.status).end();
}

/** What ofgate's route handler reads of every request (mount-routes.ts handlerFor, routeRequest). */
function touchRequest(req: Request, res: Response, route: string): void {
  res.locals.dialect = 'ofchat';
  res.locals.route = route;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) query[k] = typeof v === 'string' ? v : undefined;
  res.locals.request = { params: req.params, query, clientAddress: req.ip ?? req.socket.remoteAddress ?? '' };
}

type Routed = (req: Request & { floorRoute?: FloorRoute }, res: Response, next: NextFunction) => Promise<void> | void;

function handler(relay: FloorRelay, routePath: string): RequestHandler {
  const h: Routed = async (req, res, next) => {
    try {
      touchRequest(req, res, routePath);
      const r = req.floorRoute as FloorRoute;
      const auth = req.headers.authorization;
      const body = typeof req.body === 'string' ? req.body : '';
      switch (r.kind) {
        case 'login':
          return answer(res, await relay.login(r.username, body));
        case 'message':
          return answer(res, await relay.sendMessage(r.sid, r.to, body, auth));
        case 'logoff':
          return answer(res, await relay.logoff(r.sid, auth));
        case 'sse': {
          const refused = relay.openSse(r.username, auth, res);
          if (refused) answer(res, refused);
          return;
        }
        case 'health':
          return answer(res, { status: 200, text: 'ok' });
      }
    } catch (err) {
      next(err);
    }
  };
  return h as RequestHandler;
}

export function expressFloorApp(relay: FloorRelay): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  const text = bodyReaders({ kind: 'text', doc: 'the floor' }, BODY_LIMIT_BYTES);
  const chains: Record<FloorRoute['kind'], RequestHandler> = {
    login: oneLayer(...text, handler(relay, '/restapi/v1/chat/:username/login')),
    message: oneLayer(...text, handler(relay, '/restapi/v1/chat/:streamid/messages/:to')),
    logoff: oneLayer(...text, handler(relay, '/restapi/v1/chat/:streamid/logoff')),
    sse: oneLayer(handler(relay, '/sse/:username')),
    health: oneLayer(handler(relay, '/healthz')),
  };
  const dispatch: RequestHandler = (req, res, next) => {
    const r = matchFloorRoute(req.method, req.path);
    if (!r) return next();
    (req as Request & { floorRoute?: FloorRoute }).floorRoute = r;
    req.params = 'sid' in r ? { streamid: r.sid } : 'username' in r ? { username: r.username } : {};
    void chains[r.kind](req, res, next);
  };
  const passOn: RequestHandler = (_req, _res, next) => next();
  app.use(passOn);
  app.use('/clicktochat', passOn);
  app.use(oneLayer(dispatch));
  app.use((_req, res) => {
    res.status(404).end();
  });
  const onError: ErrorRequestHandler = (err: { status?: unknown }, _req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(typeof err.status === 'number' ? err.status : 500).end();
  };
  app.use(onError);
  return app;
}
