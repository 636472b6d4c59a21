/**
 * lockouts/{username}: lock an account (no login, sessions closed) and unlock it (the old
 * password works again). Served by mod_ofgate's commands in ejabberd: without that module
 * loaded the answer is 501 NotImplementedException.
 * References: ofchat-api.md §5.1; REST API plugin UserLockoutService.
 */
import { empty, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Users';

export function lockoutRoutes(s: RouteServices): RouteSpec[] {
  const lockouts = s.accounts.lockouts;
  return [
    {
      method: 'post', path: '/lockouts/{username}', scope: 'api', tag, access: 'admin',
      summary: 'Lock out a user', description: 'Refuses the user\'s logins and closes its sessions. 501 when mod_ofgate is not loaded in ejabberd.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 201 }, errors: [404, 501],
      handle: async (r) => {
        await lockouts.lock(r.params.username ?? '');
        return empty;
      },
    },
    {
      method: 'delete', path: '/lockouts/{username}', scope: 'api', tag, access: 'admin',
      summary: 'Unlock a user', description: 'The user can log in again with its password. 501 when mod_ofgate is not loaded in ejabberd.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404, 501],
      handle: async (r) => {
        await lockouts.unlock(r.params.username ?? '');
        return empty;
      },
    },
  ];
}
