/**
 * Session statistics and the unread (offline) message count of a user.
 * References: ofchat-api.md §5.3; Openfire REST API plugin StatisticsService, MsgArchiveService.
 */
import { archiveEntity, sessionsCountEntity } from '../../entities/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { SessionsAdmin } from '../../sessions/index.js';

export function statisticsRoutes(sessions: () => SessionsAdmin): RouteSpec[] {
  return [
    {
      method: 'get', path: '/system/statistics/sessions', scope: 'api', tag: 'System', access: 'admin',
      summary: 'Count client sessions (one node: cluster = local)',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sessionsCountEntity },
      handle: async () => ok(await sessions().counts()),
    },
    {
      method: 'get', path: '/archive/messages/unread/{jid}', scope: 'api', tag: 'Messages', access: 'admin',
      summary: 'Count a user\'s offline (unread) messages',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: archiveEntity }, errors: [400],
      handle: async (r) => ok(await sessions().unread(r.params.jid ?? '')),
    },
  ];
}
