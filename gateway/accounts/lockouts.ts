/**
 * Lockouts (Openfire's LockOutManager): a locked account cannot log in and its sessions are
 * closed; unlocking keeps the password. ejabberd has no reversible lock (ban_account scrambles
 * the password), so mod_ofgate (the Erlang shim) keeps the lock and refuses the login; without
 * the shim the backend answers not-implemented, which becomes 501 here.
 * References: REST API plugin UserLockoutService, UserServiceController.disableUser;
 * ../../erlang-shim/src/mod_ofgate.erl (ofgate_lock_user, ofgate_unlock_user).
 */
import { isGatewayError, notImplemented } from '../errors/index.js';
import type { AccountContext } from './account-context.js';

export interface Lockouts {
  lock(username: string): Promise<void>;
  unlock(username: string): Promise<void>;
}

const REASON = 'Locked out through the ofgate admin API';

export function createLockouts(ctx: AccountContext): Lockouts {
  const withShim = async (user: string, act: () => Promise<void>) => {
    try {
      await act();
    } catch (err) {
      if (isGatewayError(err) && err.kind === 'not-implemented') {
        throw notImplemented('Lockouts need the mod_ofgate module loaded in ejabberd', { resource: user, cause: err });
      }
      throw err;
    }
  };
  return {
    async lock(username) {
      const user = await ctx.requireUser(username);
      await withShim(user, () => ctx.backend.lockUser(user, REASON));
    },
    async unlock(username) {
      const user = await ctx.requireUser(username);
      await withShim(user, () => ctx.backend.unlockUser(user));
    },
  };
}
