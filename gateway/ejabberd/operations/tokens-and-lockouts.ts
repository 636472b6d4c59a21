/**
 * OAuth tokens for password-less streams, and what mod_ofgate's commands serve: lockouts and
 * the hook events ofgate consumes. A
 * token is only good for SASL X-OAUTH2 (scope sasl_auth). Without the shim loaded the lockout
 * commands do not exist, which command-failure.ts turns into not-implemented.
 * References: ejabberd_oauth (23.01) oauth_issue_token/3, oauth_revoke_token/1; notes §7b;
 * ../../../erlang-shim/src/mod_ofgate.erl get_commands_spec/0.
 */
import { selectorsWire } from '../../../hooks/index.js';
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { notFound, type OperationContext } from './operation-context.js';

export type TokenAndLockoutOperations = Pick<EjabberdBackend, 'issueToken' | 'revokeToken' | 'lockUser' | 'unlockUser' | 'isLocked' | 'setHookInterest' | 'shimStats'>;

const SASL_SCOPE = 'sasl_auth';

export function tokenAndLockoutOperations({ call, run, host }: OperationContext): TokenAndLockoutOperations {
  return {
    issueToken: async (jid, ttlSeconds) => (await call('oauth_issue_token', { jid, ttl: ttlSeconds, scopes: SASL_SCOPE })).token,
    revokeToken: async (token) => {
      await call('oauth_revoke_token', { token });
    },

    async lockUser(user, reason) {
      if ((await call('check_account', { user, host })) !== 0) throw notFound('user', user);
      await run('ofgate_lock_user', { user, host, reason });
    },
    unlockUser: (user) => run('ofgate_unlock_user', { user, host }),
    isLocked: async (user) => (await call('ofgate_is_locked', { user, host })) === 1,
    setHookInterest: async (events, selectors = {}) => {
      // With message selectors the list goes as the JSON of a POST answer (mod_ofgate reads both forms).
      const text = Object.keys(selectors).length === 0 ? events.join(',') : JSON.stringify({ wanted: events, selectors: selectorsWire(selectors) });
      const forwarded = await call('ofgate_hook_interest', { host, events: text });
      return forwarded === '' ? [] : forwarded.split(',');
    },
    shimStats: () => call('ofgate_shim_stats', { host }),
  };
}
