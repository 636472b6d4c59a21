/** Deleting an account: ejabberd first, then what ofgate keeps about it. */
import { isGatewayError } from '../errors/index.js';
import type { AccountContext } from './account-context.js';

/**
 * Removes the account and what ofgate keeps about it. ejabberd's remove_user hooks drop its
 * roster, vCard and shared-group memberships and close its sessions. A lock is lifted as
 * Openfire does (JustMarriedController.deleteUser), so a new account of that name starts free;
 * without mod_ofgate there is no lock to lift.
 */
export async function deleteAccount(ctx: AccountContext, user: string): Promise<void> {
  await ctx.backend.unregisterUser(user);
  await ctx.properties.delete(user);
  await ctx.admins.forget(ctx.jidOf(user));
  await ctx.backend.unlockUser(user).catch((err: unknown) => {
    if (!(isGatewayError(err) && err.kind === 'not-implemented')) ctx.log.warn('could not lift the lock of a deleted user', { user, error: err });
  });
}
