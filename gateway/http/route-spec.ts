/**
 * A route is declared once: method, path, access rule, query parameters, body and result
 * entities, and the handler. The same declaration mounts the Express route under every base
 * path and produces the OpenAPI operation, so the spec and the served routes cannot drift.
 */
import type { Request, Response } from 'express';
import type { Principal } from '../auth/index.js';
import type { Dialect, EntityDef } from '../entities/index.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * public: no credentials (health, legacy userservice with its own secret parameter).
 * admin:  an admin account or the shared secret.
 * user:   any authenticated caller; the handler checks it acts for the user concerned.
 * either: credentials when given (wrong ones: 401), none otherwise, or a Bearer token the
 *         handler checks itself (ofchat's role `either`: the Fastpath visitor routes).
 */
export type Access = 'public' | 'admin' | 'user' | 'either';

/** api: served under /restapi/v1, /rest/api/restapi/v1 and /plugins/restapi/v1; root: at the path as given. */
export type Scope = 'api' | 'root';

export interface QueryParam {
  readonly name: string;
  readonly doc: string;
  readonly type?: 'string' | 'integer' | 'boolean';
  readonly enum?: readonly string[];
}

export type BodySpec =
  | { readonly kind: 'entity'; readonly entity: EntityDef; readonly required?: boolean }
  | { readonly kind: 'text'; readonly doc: string; readonly mediaType?: string }
  | { readonly kind: 'none' };

export type ResultSpec =
  | { readonly kind: 'entity'; readonly status: 200 | 201; readonly entity: EntityDef }
  | { readonly kind: 'text'; readonly status: 200 | 201; readonly mediaType: string; readonly doc: string }
  | { readonly kind: 'empty'; readonly status: 200 | 201 }
  | { readonly kind: 'stream'; readonly mediaType: string; readonly doc: string };

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** Parsed entity (entity bodies) or raw text (text bodies); {} / '' when absent. */
  readonly entity: Record<string, unknown>;
  readonly text: string;
  /** undefined only on public routes. */
  readonly principal: Principal | undefined;
  readonly dialect: Dialect;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client's address (through a trusted proxy when server.trustProxy). */
  readonly clientAddress: string;
}

export type RouteResult =
  | { readonly entity: Record<string, unknown>; readonly headers?: Readonly<Record<string, string>> }
  | { readonly text: string }
  | { readonly empty: true };

/**
 * A stream named indirectly (e.g. a Fastpath visitor's `ask/{userId}`): `resolve` maps the path
 * parameter to the stream id or user it stands for (undefined: none; the handler answers).
 */
export interface StreamOf {
  readonly param: string;
  readonly resolve: (value: string) => Promise<{ readonly kind: 'streamid' | 'username'; readonly value: string } | undefined>;
}

export interface RouteSpec {
  readonly method: Method;
  /** OpenAPI-style path relative to the base path: /users/{username} */
  readonly path: string;
  readonly scope: Scope;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: Access;
  readonly query?: readonly QueryParam[];
  readonly body: BodySpec;
  readonly result: ResultSpec;
  /** Routes that check credentials themselves (SSE: Basic of that user only) say so in the spec. */
  readonly docSecurity?: 'basic';
  /** The "Access:" line of the spec when the access rule alone does not say it (routes that check credentials themselves). */
  readonly docAccess?: string;
  /** Security schemes of the spec for an 'either' route (default: none, Basic, secret, visitor token). */
  readonly docSchemes?: readonly string[];
  /**
   * The route needs the XMPP stream named by this path parameter (a stream id, or the user whose
   * stream it is): with several instances, the request is served where that stream lives.
   */
  readonly stream?: 'streamid' | 'username' | StreamOf;
  /** Documented error statuses besides 401/403. */
  readonly errors?: readonly number[];
  readonly handle?: (req: RouteRequest) => Promise<RouteResult>;
  /** For streams (SSE) and other raw responses: takes over the Express response. */
  readonly handleRaw?: (req: RouteRequest, raw: { req: Request; res: Response }) => Promise<void> | void;
}

export const BASE_PATHS: ReadonlyArray<{ readonly path: string; readonly dialect: Dialect }> = [
  { path: '/restapi/v1', dialect: 'ofchat' },
  { path: '/rest/api/restapi/v1', dialect: 'ofchat' },
  { path: '/plugins/restapi/v1', dialect: 'modern' },
];

export const ok = (entity: Record<string, unknown>): RouteResult => ({ entity });
export const empty: RouteResult = { empty: true };
export const text = (t: string): RouteResult => ({ text: t });
