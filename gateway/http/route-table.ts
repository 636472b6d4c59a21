/**
 * Finds the declared route a request path names without walking Express's route layers (issue
 * 20: the relay's hot routes paid for ~90 operations × 3 base paths of regular expressions per
 * request). Pure: a table built once from (base, path) entries, looked up by method and
 * segment count, then literal segments compared.
 *
 * It must choose exactly what mount-routes.ts's Express routers would, or nothing (the request
 * then goes through those routers as before):
 * - entries are tried in registration order, the first match wins (Express's order);
 * - a base path and literal segments match case-insensitively, one trailing slash is allowed
 *   (Router({ strict: false }), path-to-regexp's defaults);
 * - a parameter is one non-empty segment, percent-decoded; a segment that does not decode is
 *   left to Express (its 400).
 * Paths with anything but literal segments and `{name}` parameters are not entered (Express
 * serves them).
 */

export interface RouteEntry<T> {
  /** The base path (e.g. /restapi/v1) or '' for a route at the root. */
  readonly base: string;
  /** OpenAPI-style path relative to the base: /chat/{sid}/messages/{to} */
  readonly path: string;
  readonly method: string;
  readonly value: T;
}

export interface RouteMatch<T> {
  readonly value: T;
  readonly params: Record<string, string>;
  /** The base path as the request spelled it (Express's req.baseUrl). */
  readonly baseUrl: string;
}

interface Compiled<T> {
  readonly order: number;
  /** Lower-cased literal, or null for a parameter. */
  readonly segments: ReadonlyArray<string | null>;
  readonly names: readonly string[];
  readonly value: T;
}

export interface RouteTable<T> {
  match(method: string, path: string): RouteMatch<T> | undefined;
}

const PARAM = /^\{(\w+)\}$/;
const LITERAL = /^[A-Za-z0-9_.~-]+$/;

/** `text` equals the lower-cased `lower`, ignoring case; no allocation when the case already matches. */
const sameIgnoringCase = (text: string, lower: string): boolean =>
  text.length === lower.length && (text === lower || text.toLowerCase() === lower);

export function createRouteTable<T>(entries: ReadonlyArray<RouteEntry<T>>): RouteTable<T> {
  /** base (lower-cased) → method (upper-cased, as node gives it) → segment count → candidates in registration order */
  const byBase = new Map<string, Map<string, Array<Array<Compiled<T>> | undefined>>>();
  entries.forEach((e, order) => {
    const parts = e.path.split('/').slice(1);
    if (!e.path.startsWith('/') || parts.some((p) => !PARAM.test(p) && !LITERAL.test(p))) return;
    const names: string[] = [];
    const segments = parts.map((p) => {
      const m = PARAM.exec(p);
      if (!m) return p.toLowerCase();
      names.push(m[1] as string);
      return null;
    });
    const base = e.base.toLowerCase();
    let table = byBase.get(base);
    if (!table) byBase.set(base, (table = new Map()));
    const method = e.method.toUpperCase();
    let byCount = table.get(method);
    if (!byCount) table.set(method, (byCount = []));
    (byCount[segments.length] ??= []).push({ order, segments, names, value: e.value });
  });
  const bases = [...byBase.keys()].filter((b) => b !== '');

  /** `path` from `from` on (a `/`): the first candidate whose segments it matches. */
  const find = (table: Map<string, Array<Array<Compiled<T>> | undefined>> | undefined, method: string, path: string, from: number): { c: Compiled<T>; parts: string[] } | undefined => {
    if (!table || path.charCodeAt(from) !== 47 /* / */) return undefined;
    const byCount = table.get(method) ?? table.get(method.toUpperCase());
    if (!byCount) return undefined;
    const end = path.length - from > 1 && path.endsWith('/') ? path.length - 1 : path.length;
    const parts = path.slice(from + 1, end).split('/');
    const list = byCount[parts.length];
    if (!list) return undefined;
    for (const c of list) {
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const want = c.segments[i] as string | null;
        const got = parts[i] as string;
        ok = want === null ? got !== '' : sameIgnoringCase(got, want);
      }
      if (ok) return { c, parts };
    }
    return undefined;
  };

  return {
    match(method, path) {
      let best = find(byBase.get(''), method, path, 0);
      let baseUrl = '';
      for (const b of bases) {
        if (path.length < b.length || !sameIgnoringCase(path.slice(0, b.length), b) || (path.length > b.length && path.charCodeAt(b.length) !== 47)) continue;
        const hit = find(byBase.get(b), method, path, b.length);
        if (hit && (!best || hit.c.order < best.c.order)) {
          best = hit;
          baseUrl = path.slice(0, b.length);
        }
      }
      if (!best) return undefined;
      const params: Record<string, string> = {};
      let n = 0;
      for (let i = 0; i < best.c.segments.length; i++) {
        if (best.c.segments[i] !== null) continue;
        const raw = best.parts[i] as string;
        let v = raw;
        if (raw.includes('%')) {
          try {
            v = decodeURIComponent(raw);
          } catch {
            return undefined; // Express answers 400
          }
        }
        params[best.c.names[n++] as string] = v;
      }
      return { value: best.c.value, params, baseUrl };
    },
  };
}
