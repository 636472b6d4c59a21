/**
 * messages/users: a message from the server to every online user's sessions.
 * References: ofchat-api.md §5.3, §8; Openfire REST API plugin MessageService (400 on an empty body).
 */
import { broadcastMessageEntity } from '../../entities/index.js';
import { empty, type RouteSpec } from '../../http/index.js';
import type { SessionsAdmin } from '../../sessions/index.js';

export function broadcastRoutes(sessions: () => SessionsAdmin): RouteSpec[] {
  return [
    {
      method: 'post', path: '/messages/users', scope: 'api', tag: 'Messages', access: 'admin',
      summary: 'Send a message to every online user',
      body: { kind: 'entity', entity: broadcastMessageEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 413],
      handle: async (r) => {
        await sessions().broadcast(typeof r.entity.body === 'string' ? r.entity.body : '');
        return empty;
      },
    },
  ];
}
