/**
 * The plugin's liveness and readiness probes under the API base paths: no credentials, empty
 * bodies, 200 when the checks pass and 503 otherwise. Each maps to real checks of
 * observability/readiness.ts (ejabberd's API, its c2s port, the hook intake, the store):
 * - system/liveness, …/deadlock: the process answers (Node has no thread deadlock to find);
 * - system/liveness/properties: the system properties can be read from the store;
 * - system/readiness: every readiness part; …/server: ejabberd's API and c2s; …/cluster: the
 *   store every instance shares; …/plugins: mod_ofgate's hook intake;
 * - system/readiness/connections: connectionType SOCKET_C2S (or none): c2s, `encrypted` ignored
 *   (ofgate checks the port it uses); another type of the plugin's list: ejabberd's API (ofgate
 *   cannot open those connections); any other value: 400.
 * References: Openfire REST API plugin SystemService (liveness/readiness endpoints).
 */
import { GatewayError } from '../../errors/index.js';
import type { RouteSpec } from '../../http/index.js';
import type { ReadinessPart } from '../../observability/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'System';
const CONNECTION_TYPES = ['SOCKET_C2S', 'SOCKET_S2S', 'BOSH_C2S', 'WEBADMIN', 'COMPONENT', 'CONNECTION_MANAGER'] as const;

type Check = (s: RouteServices, query: Readonly<Record<string, string | undefined>>) => Promise<boolean>;

const parts = (wanted: readonly ReadinessPart[]): Check => async (s) => {
  const r = await s.readiness.check();
  return !r.failed.some((p) => wanted.includes(p));
};

const connections: Check = async (s, q) => {
  const type = (q.connectionType ?? '').trim().toUpperCase();
  if (type !== '' && !(CONNECTION_TYPES as readonly string[]).includes(type)) {
    throw new GatewayError('bad-request', `Unknown connectionType: ${type} (one of ${CONNECTION_TYPES.join(', ')})`, { resource: 'connectionType' });
  }
  return parts(type === '' || type === 'SOCKET_C2S' ? ['c2s'] : ['ejabberdApi'])(s, q);
};

const PROBES: ReadonlyArray<{ path: string; summary: string; check: Check; query?: RouteSpec['query'] }> = [
  { path: '/system/liveness', summary: 'Liveness: the process answers', check: async () => true },
  { path: '/system/liveness/deadlock', summary: 'Liveness: no deadlock (the event loop answered this request)', check: async () => true },
  {
    path: '/system/liveness/properties', summary: 'Liveness: the system properties can be read',
    check: async (s) => s.systemProperties.list().then(() => true, () => false),
  },
  { path: '/system/readiness', summary: 'Readiness: ejabberd API, c2s, hook intake and store all pass', check: parts(['ejabberdApi', 'c2s', 'hookIntake', 'store']) },
  { path: '/system/readiness/server', summary: "Readiness: ejabberd's API answers and its c2s port gives stream features", check: parts(['ejabberdApi', 'c2s']) },
  { path: '/system/readiness/cluster', summary: 'Readiness: the store shared by the instances takes a write', check: parts(['store']) },
  { path: '/system/readiness/plugins', summary: "Readiness: mod_ofgate's hook events reach ofgate", check: parts(['hookIntake']) },
  {
    path: '/system/readiness/connections', summary: 'Readiness: connections of a type can be made', check: connections,
    query: [
      { name: 'connectionType', doc: `One of ${CONNECTION_TYPES.join(', ')}; SOCKET_C2S or none checks ejabberd's c2s port, the others ejabberd's API` },
      { name: 'encrypted', type: 'boolean', doc: 'Accepted for the plugin\'s clients; ofgate checks the port it is configured with' },
    ],
  },
];

export function probeRoutes(s: RouteServices): RouteSpec[] {
  return PROBES.map(({ path, summary, check, query }): RouteSpec => ({
    method: 'get', path, scope: 'api', tag, access: 'public', summary,
    description: 'No credentials; empty body: 200 when the check passes, 503 when it fails (the cause is in the log).',
    ...(query ? { query } : {}),
    body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [503, ...(query ? [400] : [])],
    async handleRaw(req, { res }) {
      const passed = await check(s, req.query);
      res.status(passed ? 200 : 503).end();
    },
  }));
}
