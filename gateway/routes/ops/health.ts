/** GET /healthz for operators: ofgate is up and ejabberd answers. */
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
  ];
}
