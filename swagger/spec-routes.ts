/**
 * The route declarations without a running gateway: services are a proxy that refuses to be
 * used, since only the declarations' metadata is read. Route factories must therefore only
 * touch services inside handlers.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteSpec } from '../gateway/http/index.js';
import { buildRoutes, type RouteServices } from '../gateway/routes/index.js';

function refusing(path: string): unknown {
  const fn = () => {
    throw new Error(`${path} used while generating the spec`);
  };
  return new Proxy(fn, {
    get: (_t, prop) => (prop === 'then' ? undefined : refusing(`${path}.${String(prop)}`)),
    apply: () => fn(),
  });
}

export function specRoutes(): RouteSpec[] {
  return buildRoutes(refusing('services') as RouteServices);
}

/** The project root, from a module in swagger/ (source) or dist/swagger/ (built). */
export function projectRootFrom(moduleUrl: string): string {
  const here = dirname(fileURLToPath(moduleUrl));
  return here.includes('/dist/') ? resolve(here, '..', '..') : resolve(here, '..');
}
