/**
 * GET /ops/hooks and GET /ops/online for operators (admin or the shared secret): what this
 * instance handled of mod_ofgate's events, and the online view as this instance reads it (shared
 * by every instance in the shared mode). Both answer JSON; X-Ofgate-Instance says who answered.
 */
import { type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const MAX_ONLINE = 1000;

export function clusterRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/ops/hooks',
      scope: 'root',
      tag: 'Operations',
      summary: "Hook events handled by this instance: counts per kind and the most recent ones",
      description: 'With several instances each event is handled by exactly one of them; ask each instance directly.',
      access: 'admin',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"instance":"a","counts":{"presence_set":3},"recent":[{"id":"…","event":"presence_set","jid":"…","status":"…"}]}' },
      async handleRaw(_req, { res }) {
        res.status(200).json({ instance: s.instanceId, counts: s.hookLedger.counts(), recent: s.hookLedger.recent() });
      },
    },
    {
      method: 'get',
      path: '/ops/online',
      scope: 'root',
      tag: 'Operations',
      summary: 'The online view: available bare JIDs with their top presence (at most 1000)',
      access: 'admin',
      body: { kind: 'none' },
      result: { kind: 'text', status: 200, mediaType: 'application/json', doc: '{"instance":"a","online":[{"jid":"…","show":"available","status":"","resources":1}]}' },
      async handleRaw(_req, { res }) {
        const online = (await s.presence.list(MAX_ONLINE)).map((p) => ({ jid: p.jid, show: p.show, status: p.status, priority: p.priority, resources: p.resources.length }));
        res.status(200).json({ instance: s.instanceId, online });
      },
    },
  ];
}
