/**
 * The OpenAPI 3 document, generated from the same route declarations that Express serves.
 * API routes are documented once with three servers (their base paths); root routes carry
 * their own `servers: [{url: '/'}]`. No secret is ever embedded (ofchat's sandbox leaked it).
 */
import { errorEntity, type EntityDef } from '../gateway/entities/index.js';
import type { RouteSpec } from '../gateway/http/index.js';
import { entityComponents, entityContent } from './entity-schemas.js';

const SECURITY = [{ basicAuth: [] }, { sharedSecret: [] }];

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request (IllegalArgumentException and friends)',
  401: 'No or wrong credentials',
  403: 'Not allowed for these credentials',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Already exists',
  413: 'Body too large',
  415: 'Unsupported body type',
  501: 'Not available on ejabberd',
  503: 'ejabberd unavailable',
  504: 'ejabberd did not answer in time',
};

export function buildOpenApi(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const entities = new Map<string, EntityDef>([[errorEntity.title, errorEntity]]);
  for (const r of routes) {
    const item = (paths[r.path] ??= r.scope === 'root' ? { servers: [{ url: '/' }] } : {});
    const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = (r.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.doc,
      schema: { type: q.type ?? 'string', ...(q.enum ? { enum: q.enum } : {}) },
    }));
    const op: Record<string, unknown> = {
      tags: [r.tag],
      summary: r.summary,
      description: `${r.description ?? ''}\n\nAccess: ${accessText(r)}`.trim(),
      operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...pathParams, ...query],
      security: r.docSecurity === 'basic' ? [{ basicAuth: [] }] : r.access === 'public' ? [] : r.access === 'either' ? [{}, ...(r.docSchemes ?? ['basicAuth', 'sharedSecret', 'visitorToken']).map((n) => ({ [n]: [] }))] : SECURITY,
      responses: responses(r, entities),
      // machine-readable access rule: the access-matrix test checks every route against it
      'x-ofgate-access': r.access,
    };
    if (r.body.kind === 'entity') {
      entities.set(r.body.entity.title, r.body.entity);
      op.requestBody = { required: r.body.required ?? false, content: entityContent(r.body.entity) };
    } else if (r.body.kind === 'text') {
      op.requestBody = { required: false, description: r.body.doc, content: { [r.body.mediaType ?? 'text/plain']: { schema: { type: 'string' } } } };
    }
    item[r.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'ofgate: Openfire-compatible chat API for ejabberd',
      version,
      description:
        'The ofchat Chat API (/restapi/v1, /rest/api/restapi/v1: Jersey 1 mapped JSON, one-item lists as objects, scalars as strings) ' +
        'and the Openfire REST API plugin (/plugins/restapi/v1: lists always arrays, native booleans and numbers). ' +
        'XML is the default; send Accept: application/json for JSON. Authorize with Basic credentials or the shared secret.',
    },
    servers: [
      { url: '/plugins/restapi/v1', description: 'REST API plugin dialect' },
      { url: '/restapi/v1', description: 'ofchat dialect' },
      { url: '/rest/api/restapi/v1', description: 'ofchat dialect (Openfire HTTP-BIND path)' },
    ],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'An ejabberd account (admins are listed in ofgate.yml)' },
        sharedSecret: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'The shared secret, raw (no scheme)' },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'A Fastpath visitor token (from POST ask): its own request only' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'A configured click-to-chat API key (clicktochat.apiKeys)' },
      },
      schemas: entityComponents(entities.values()),
    },
  };
}

function accessText(r: RouteSpec): string {
  if (r.docAccess) return r.docAccess;
  if (r.docSecurity === 'basic') return 'HTTP Basic credentials of the user named in the path (not the shared secret)';
  if (r.access === 'public') return 'no credentials';
  if (r.access === 'admin') return 'an admin account or the shared secret';
  if (r.access === 'either') return 'an admin account or the shared secret, or the visitor token of this request (Bearer), or none where the workgroup is public';
  return 'the user concerned, an admin, or the shared secret';
}

function responses(r: RouteSpec, entities: Map<string, EntityDef>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const res = r.result;
  if (res.kind === 'entity') {
    entities.set(res.entity.title, res.entity);
    out[String(res.status)] = { description: 'Success', content: entityContent(res.entity) };
  } else if (res.kind === 'text') {
    out[String(res.status)] = { description: res.doc, content: { [res.mediaType]: { schema: { type: 'string' } } } };
  } else if (res.kind === 'stream') {
    out['200'] = { description: res.doc, content: { [res.mediaType]: { schema: { type: 'string' } } } };
  } else {
    out[String(res.status)] = { description: 'Success (empty body)' };
  }
  // any path parameter, query value or body may be refused at the boundary (control characters, bad shapes)
  const takesInput = r.path.includes('{') || (r.query?.length ?? 0) > 0 || r.body.kind !== 'none';
  const codes = new Set<number>([...(r.access === 'public' ? [] : [401, 403]), ...(takesInput ? [400] : []), ...(r.errors ?? [])]);
  for (const code of [...codes].sort()) {
    out[String(code)] = { description: ERROR_TEXT[code] ?? 'Error', content: entityContent(errorEntity) };
  }
  return out;
}
