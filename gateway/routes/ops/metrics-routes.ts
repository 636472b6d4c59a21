/**
 * GET /metrics: Prometheus' text format. Admin credentials or the shared secret (Prometheus:
 * `basic_auth` with an admin account, or `authorization: {type: Bearer…}` is not enough — use
 * basic_auth): the figures name routes, counts and the process, nothing a stranger should read.
 */
import type { RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

export function metricsRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get', path: '/metrics', scope: 'root', tag: 'Operations', access: 'admin',
      summary: 'Prometheus metrics',
      description: 'Requests by route and status with latency histograms, failed logins, XMPP streams, SSE clients and unread bytes, hook events and their lag, ejabberd call latency and errors, process figures. Admin credentials or the shared secret.',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'text/plain; version=0.0.4', doc: 'Prometheus exposition format' },
      errors: [401, 403],
      async handleRaw(_req, { res }) {
        res.status(200).type('text/plain; version=0.0.4; charset=utf-8').send(await s.metrics.render());
      },
    },
  ];
}
