/**
 * Mounts declared routes on an Express router: body reading, principal check, entity parsing,
 * the control-character check of every request value (refuse-control-chars.ts), the handler,
 * and rendering in the negotiated format and the base path's dialect.
 * Records every mounted (method, full path) so the spec test can compare.
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

export function mountRoutes(specs: readonly RouteSpec[], opts: MountOptions): { router: Router; mounted: MountedRoute[] } {
  // One sub-router per base path: a request is matched against its own base path's routes only
  // (the flat alternative scanned every route three times; see BENCHMARKS.md).
  const top = Router({ strict: false });
  const root = Router({ strict: false });
  const byBase = BASE_PATHS.map((base) => ({ base, router: Router({ strict: false }) }));
  const mounted: MountedRoute[] = [];
  for (const spec of specs) {
    const handlers = [...streamGate(spec, opts), ...bodyReaders(spec.body, opts.bodyLimitBytes)];
    if (spec.scope === 'root') {
      root[spec.method](expressPath(spec.path), ...handlers, handlerFor(spec, 'ofchat', opts));
      mounted.push({ method: spec.method, path: spec.path });
      continue;
    }
    for (const { base, router } of byBase) {
      router[spec.method](expressPath(spec.path), ...handlers, handlerFor(spec, base.dialect, opts));
      mounted.push({ method: spec.method, path: `${base.path}${spec.path}` });
    }
  }
  top.use(root);
  for (const { base, router } of byBase) top.use(base.path, router);
  return { router: top, mounted };
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
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.locals.dialect = dialect;
    res.locals.route = `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? ''}`; // for the access log (baseUrl is gone by then)
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
      const format = negotiate(req.headers.accept, req.headers['content-type']);
      const r = spec.result;
      if ('entity' in result && r.kind === 'entity') {
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        sendEntity(res, r.status, r.entity, result.entity, format, dialect);
      } else if ('text' in result) {
        res.status(r.kind === 'stream' ? 200 : r.status).type(r.kind === 'text' ? r.mediaType : 'text/plain').send(result.text);
      } else {
        res.status(r.kind === 'stream' ? 200 : r.status).end();
      }
    } catch (err) {
      next(err);
    }
  };
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
