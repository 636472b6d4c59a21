/** GET /healthz for operators (ofgate is up and ejabberd answers) and GET /readyz for balancers (observability/readiness.ts). */
import { type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

export function healthRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      scope: 'root',
      tag: 'Operations',
      summary: 'Health: ofgate up, ejabberd reachable',
      description: 'Answers 200 with {"status":"ok"} when ejabberd answers, 503 otherwise. Needs no credentials.',
      access: 'public',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"status":"ok","ejabberd":"up"}' },
      errors: [503],
      async handleRaw(_req, { res }) {
        const h = await s.health();
        res.status(h.ejabberd ? 200 : 503).json({ status: h.ejabberd ? 'ok' : 'degraded', ejabberd: h.ejabberd ? 'up' : 'down', detail: h.detail });
      },
    },
    {
      method: 'get',
      path: '/readyz',
      scope: 'root',
      tag: 'Operations',
      summary: 'Readiness: this instance can serve users now',
      description: 'Checks together, each within 3 s: the ejabberd API answers; ejabberd\'s c2s port gives stream features; mod_ofgate is not holding hook events that stopped reaching ofgate (30 s); the store takes a write. '
        + '200 {"status":"ready"}, or 503 {"status":"not-ready","failed":[parts]} with the causes in the log. Needs no credentials (a balancer\'s probe).',
      access: 'public',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"status":"ready"}' },
      errors: [503],
      async handleRaw(_req, { res }) {
        const r = await s.readiness.check();
        res.status(r.ready ? 200 : 503).json(r.ready ? { status: 'ready' } : { status: 'not-ready', failed: r.failed });
      },
    },
  ];
}
