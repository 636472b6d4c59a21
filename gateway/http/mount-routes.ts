/**
 * Mounts declared routes on an Express router: body reading, principal check, entity parsing,
 * the control-character check of every request value (refuse-control-chars.ts), the handler,
 * and rendering in the negotiated format and the base path's dialect.
 * Records every mounted (method, full path) so the spec test can compare.
 *
 * Dispatch (issue 20): a request whose path names a declared route (route-table.ts) runs that
 * route's handlers directly from `dispatch`, which the app puts right after its cross-cutting
 * layers (ahead of the swagger, hook and pages routers, whose layers it would otherwise walk);
 * anything the table does not claim (HEAD, undecodable parameters, no such route) goes through
 * the routers as before, which hold the same handlers. Both paths set the same params and
 * `res.locals.route`.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import { isAdmin, type Principal } from '../auth/index.js';
import { parseEntity, xmlTreeToPlain, type Dialect } from '../entities/index.js';
import { GatewayError } from '../errors/index.js';
import { negotiate } from './negotiate.js';
import { refuseControlChars, refuseControlCharsInText } from './refuse-control-chars.js';
import { bodyReaders, entityBodyTree } from './read-body.js';
import { sendEntity } from './render-response.js';
import { BASE_PATHS, type RouteRequest, type RouteSpec } from './route-spec.js';
import { createRouteTable, type RouteEntry } from './route-table.js';

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

export interface MountedRoute {
  readonly method: string;
  readonly path: string;
}

export interface MountOptions {
  bodyLimitBytes: number;
  /** Resolves who is asking (undefined: no credentials); rejects 401 on wrong credentials. */
  authenticate(req: Request): Promise<Principal | undefined>;
  /**
   * Shared mode: decides where a request needing a stream is served (before its body is read);
   * true when it was answered elsewhere (forwarded to the owning instance).
   */
  streamGate?(kind: 'streamid' | 'username', value: string, req: Request, res: Response): Promise<boolean>;
}

/** `/users/{username}` → `/users/:username` */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

export function mountRoutes(specs: readonly RouteSpec[], opts: MountOptions): { router: Router; dispatch: Handler; mounted: MountedRoute[] } {
  // One sub-router per base path: a request is matched against its own base path's routes only
  // (the flat alternative scanned every route three times; see BENCHMARKS.md).
  const top = Router({ strict: false });
  const root = Router({ strict: false });
  const byBase = BASE_PATHS.map((base) => ({ base, router: Router({ strict: false }) }));
  const mounted: MountedRoute[] = [];
  // the table's entries in the routers' order: root routes first, then each base path's
  const rootEntries: Array<RouteEntry<readonly Handler[]>> = [];
  const baseEntries: Array<Array<RouteEntry<readonly Handler[]>>> = byBase.map(() => []);
  for (const spec of specs) {
    const handlers = [...streamGate(spec, opts), ...bodyReaders(spec.body, opts.bodyLimitBytes)];
    if (spec.scope === 'root') {
      const chain = [...handlers, handlerFor(spec, 'ofchat', opts)];
      root[spec.method](expressPath(spec.path), ...chain);
      rootEntries.push({ base: '', path: spec.path, method: spec.method, value: chain });
      mounted.push({ method: spec.method, path: spec.path });
      continue;
    }
    byBase.forEach(({ base, router }, i) => {
      const chain = [...handlers, handlerFor(spec, base.dialect, opts)];
      router[spec.method](expressPath(spec.path), ...chain);
      baseEntries[i]?.push({ base: base.path, path: spec.path, method: spec.method, value: chain });
      mounted.push({ method: spec.method, path: `${base.path}${spec.path}` });
    });
  }
  const table = createRouteTable([...rootEntries, ...baseEntries.flat()]);
  const dispatch = (req: Request, res: Response, next: NextFunction): void => {
    const hit = table.match(req.method, req.path);
    if (!hit) return next();
    req.params = hit.params;
    res.locals.route = `${hit.baseUrl}${routePathOf(hit.value)}`;
    runChain(hit.value, req, res, next);
  };
  top.use(root);
  for (const { base, router } of byBase) top.use(base.path, router);
  return { router: top, dispatch, mounted };
}

/** The Express-style path a chain serves (kept on its last handler, made once). */
function routePathOf(chain: readonly Handler[]): string {
  return (chain[chain.length - 1] as Handler & { routePath: string }).routePath;
}

/**
 * Runs a route's handlers as an Express route would: in order, each calling next; an error or a
 * rejected promise goes to the error renderer; past the last one, nothing else is tried.
 */
function runChain(chain: readonly Handler[], req: Request, res: Response, done: NextFunction): void {
  let i = 0;
  const next = (err?: unknown): void => {
    if (err !== undefined && err !== null && err !== 'route' && err !== 'router') return done(err);
    const h = chain[i++];
    if (!h || err === 'route' || err === 'router') return done('router');
    try {
      const r = h(req, res, next);
      if (r instanceof Promise) r.then(undefined, (e: unknown) => done(e ?? new Error('rejected')));
    } catch (e) {
      done(e);
    }
  };
  next();
}

function streamGate(spec: RouteSpec, opts: MountOptions) {
  const gate = opts.streamGate;
  const stream = spec.stream;
  if (!gate || !stream) return [];
  const param = typeof stream === 'string' ? stream : stream.param;
  return [
    (req: Request, res: Response, next: NextFunction): void => {
      const value = req.params[param];
      if (typeof value !== 'string' || value === '') return next();
      const target = typeof stream === 'string' ? Promise.resolve({ kind: stream, value }) : stream.resolve(value);
      target.then((t) => (t ? gate(t.kind, t.value, req, res) : false)).then((answered) => {
        if (!answered) next();
      }, next);
    },
  ];
}

function handlerFor(spec: RouteSpec, dialect: Dialect, opts: MountOptions) {
  const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.locals.dialect = dialect;
    res.locals.route ??= `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}`; // for the access log (baseUrl is gone by then)
    try {
      const principal = await authorize(spec, req, opts);
      res.locals.principal = principal; // for the access log
      const rr = routeRequest(spec, req, principal, dialect);
      if (spec.handleRaw) {
        await spec.handleRaw(rr, { req, res });
        return;
      }
      if (!spec.handle) throw new GatewayError('not-implemented', `${spec.method.toUpperCase()} ${spec.path} is not implemented`);
      const result = await spec.handle(rr);
      const r = spec.result;
      if ('entity' in result && r.kind === 'entity') {
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        sendEntity(res, r.status, r.entity, result.entity, negotiate(req.headers.accept, req.headers['content-type']), dialect);
      } else if ('text' in result) {
        res.status(r.kind === 'stream' ? 200 : r.status).type(r.kind === 'text' ? r.mediaType : 'text/plain').send(result.text);
      } else {
        res.status(r.kind === 'stream' ? 200 : r.status).end();
      }
    } catch (err) {
      next(err);
    }
  };
  return Object.assign(handler, { routePath: expressPath(spec.path) });
}

async function authorize(spec: RouteSpec, req: Request, opts: MountOptions): Promise<Principal | undefined> {
  if (spec.access === 'public') return undefined;
  if (spec.access === 'either') {
    const given = req.headers.authorization;
    if (!given || /^bearer\s/i.test(given)) return undefined;
  }
  const principal = await opts.authenticate(req);
  if (!principal) throw new GatewayError('unauthorized', 'Authentication required');
  if (spec.access === 'admin' && !isAdmin(principal)) {
    throw new GatewayError('forbidden', 'Admin rights required');
  }
  return principal;
}

function routeRequest(spec: RouteSpec, req: Request, principal: Principal | undefined, dialect: Dialect): RouteRequest {
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) {
    query[k] = Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
  }
  let entity: Record<string, unknown> = {};
  let text = '';
  if (spec.body.kind === 'entity') {
    const tree = entityBodyTree(req.body);
    entity = parseEntity(spec.body.entity, typeof req.body === 'string' ? tree : xmlTreeToPlain(tree));
  } else if (spec.body.kind === 'text') {
    text = typeof req.body === 'string' ? req.body : '';
  }
  const params = req.params as Record<string, string>;
  for (const [name, value] of Object.entries(params)) refuseControlChars(value, name);
  for (const [name, value] of Object.entries(query)) refuseControlChars(value, name);
  refuseControlChars(entity, '');
  refuseControlCharsInText(text, 'body');
  return { params, query, entity, text, principal, dialect, headers: req.headers, clientAddress: req.ip ?? req.socket.remoteAddress ?? '' };
}
