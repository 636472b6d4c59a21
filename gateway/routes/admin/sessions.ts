/**
 * sessions: list (all, per user), kick a user's sessions, and ofchat's notification push
 * (POST sessions[/{username}]: a headline with the Jive `data` property, which ofchat's SSE
 * delivers as chatapi.notify).
 * References: ofchat-api.md §5.3; Openfire REST API plugin SessionService.
 */
import { sessionsEntity } from '../../entities/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import { sessionView, type SessionsAdmin } from '../../sessions/index.js';

const tag = 'Sessions';

export function sessionRoutes(sessions: () => SessionsAdmin): RouteSpec[] {
  const common = { scope: 'api', tag, access: 'admin' } as const;
  const payload = { kind: 'text', doc: 'Text (usually JSON) delivered as the Jive property `data`', mediaType: 'text/plain' } as const;
  return [
    {
      ...common, method: 'get', path: '/sessions', summary: 'List every client session',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sessionsEntity },
      handle: async (r) => {
        const now = new Date();
        return ok({ session: (await sessions().list()).map((x) => sessionView(x, r.dialect, now)) });
      },
    },
    {
      ...common, method: 'get', path: '/sessions/{username}', summary: 'List a user\'s sessions',
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: sessionsEntity }, errors: [400],
      handle: async (r) => {
        const now = new Date();
        return ok({ session: (await sessions().ofUser(r.params.username ?? '')).map((x) => sessionView(x, r.dialect, now)) });
      },
    },
    {
      ...common, method: 'delete', path: '/sessions/{username}', summary: 'Close every session of a user',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400],
      handle: async (r) => {
        await sessions().kick(r.params.username ?? '');
        return empty;
      },
    },
    {
      ...common, method: 'post', path: '/sessions', summary: 'Push a notification to every client session (ofchat)',
      description: 'A headline from admin@{domain} carrying the posted text as the Jive property `data`.',
      body: payload, result: { kind: 'empty', status: 200 }, errors: [413],
      handle: async (r) => {
        await sessions().notify(r.text);
        return empty;
      },
    },
    {
      ...common, method: 'post', path: '/sessions/{username}', summary: 'Push a notification to a user\'s sessions (ofchat)',
      description: 'A headline from admin@{domain} carrying the posted text as the Jive property `data`.',
      body: payload, result: { kind: 'empty', status: 200 }, errors: [400, 413],
      handle: async (r) => {
        await sessions().notify(r.text, r.params.username ?? '');
        return empty;
      },
    },
  ];
}
