/**
 * createApp: the Express application, without listening and without reading config files
 * (the supertest target). Middleware order: observe → CORS/OPTIONS and headers → the declared
 * routes' direct dispatch → Swagger → hook intake and pages → API routers (what dispatch did not
 * claim) → 404 → one error renderer.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Authenticate } from './auth/index.js';
import type { Dialect } from './entities/index.js';
import { GatewayError } from './errors/index.js';
import { BASE_PATHS, cors, isScriptedCaller, mountRoutes, oneLayer, securityHeaders, negotiate, sendError, toGatewayError, type MountedRoute, type MountOptions, type RouteSpec } from './http/index.js';
import type { Logger } from './log/index.js';

export interface AppDeps {
  routes: readonly RouteSpec[];
  authenticate: Authenticate;
  openapi: Record<string, unknown>;
  log: Logger;
  realm: string;
  corsOrigin: string;
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Shared mode: this instance's id, sent as X-Ofgate-Instance on every answer (which instance served it). */
  instanceId?: string;
  /** Shared mode: where requests needing a stream are served (see MountOptions.streamGate). */
  streamGate?: MountOptions['streamGate'];
  /** Routers mounted before the API (the hook intake). */
  extraRouters?: ReadonlyArray<{ path: string; router: Router }>;
  /** First of all: sees every answer (the access log and request metrics). */
  observe?: RequestHandler;
  /** Handlers ahead of the app-wide CORS layer, for paths with their own CORS rules (click-to-chat's preflights). */
  preCors?: ReadonlyArray<{ path: string; handler: RequestHandler }>;
}

export interface App {
  readonly express: express.Express;
  readonly mounted: readonly MountedRoute[];
}

export function createApp(deps: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  // API answers change with every call: no hash of each body (the pages' static files keep theirs)
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy);
  if (deps.observe) app.use(deps.observe);
  for (const p of deps.preCors ?? []) app.use(p.path, p.handler);
  const { router, dispatch, mounted } = mountRoutes(deps.routes, {
    bodyLimitBytes: deps.bodyLimitBytes,
    authenticate: deps.authenticate,
    ...(deps.streamGate ? { streamGate: deps.streamGate } : {}),
  });
  const id = deps.instanceId;
  const instanceHeader: RequestHandler = (_req, res, next) => {
    res.setHeader('X-Ofgate-Instance', id as string);
    next();
  };
  // the hot path in one layer: headers, CORS, then a declared route runs without walking the
  // swagger, hook and pages routers' layers
  app.use(oneLayer(securityHeaders, cors(deps.corsOrigin), ...(id ? [instanceHeader] : []), dispatch));

  app.get('/swagger/openapi.json', (_req, res) => {
    res.json(deps.openapi);
  });
  app.use(
    '/swagger',
    swaggerUi.serve,
    swaggerUi.setup(deps.openapi, {
      customSiteTitle: 'ofgate API sandbox',
      swaggerOptions: { persistAuthorization: false, tryItOutEnabled: true },
    }),
  );

  for (const extra of deps.extraRouters ?? []) app.use(extra.path, extra.router);

  app.use(router);

  app.use((req, _res, next) => {
    next(new GatewayError('not-found', `No route for ${req.method} ${req.path}`, { resource: req.path }));
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const { error, unexpected } = toGatewayError(err);
    if (unexpected) deps.log.error('request failed', { method: req.method, path: req.path, error: err as Error, stack: (err as Error)?.stack });
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.kind === 'unauthorized' && !isScriptedCaller(req.headers)) res.setHeader('WWW-Authenticate', `Basic realm="${deps.realm}"`);
    const dialect: Dialect = (res.locals.dialect as Dialect | undefined) ?? (BASE_PATHS.find((b) => req.path.startsWith(`${b.path}/`))?.dialect ?? 'ofchat');
    sendError(res, error, negotiate(req.headers.accept, req.headers['content-type']), dialect);
  };
  app.use(onError);
  return { express: app, mounted };
}
