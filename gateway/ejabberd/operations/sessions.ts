/**
 * Sessions, messages, statistics. Counts are per virtual host (stats_host), and listSessions
 * keeps this host's sessions only, so both agree. kick_session answers success when there is
 * no such session; both kicks answer before the sessions have closed.
 * References: mod_admin_extra (23.01) connected_users_info/0, user_sessions_info/2,
 * kick_session/4, send_message/5, send_stanza/3, get_offline_count/2, stats_host/2;
 * ejabberd_sm kick_user/2; notes §5, §10 pitfall 6.
 */
import type { EjabberdBackend } from '../ejabberd-backend.js';
import { splitJid } from '../../jid/index.js';
import { toSessionInfo, toUserSessionInfo } from '../results/session-info.js';
import type { OperationContext } from './operation-context.js';
import { settleAfterCast } from './settle-after-cast.js';

export type SessionOperations = Pick<
  EjabberdBackend,
  | 'listSessions'
  | 'userSessions'
  | 'kickSession'
  | 'kickUser'
  | 'sendMessage'
  | 'sendStanza'
  | 'offlineCount'
  | 'registeredUsersCount'
  | 'onlineSessionsCount'
>;

export function sessionOperations({ call, run, host }: OperationContext): SessionOperations {
  return {
    listSessions: async () => (await call('connected_users_info', {})).filter((row) => splitJid(row.jid).domain === host).map(toSessionInfo),
    userSessions: async (user) => (await call('user_sessions_info', { user, host })).map((row) => toUserSessionInfo(user, host, row)),
    async kickSession(user, resource, reason) {
      await run('kick_session', { user, host, resource, reason });
      await settleAfterCast(async () => !(await call('user_sessions_info', { user, host })).some((s) => s.resource === resource));
    },
    async kickUser(user) {
      const closed = await call('kick_user', { user, host });
      await settleAfterCast(async () => (await call('user_sessions_info', { user, host })).length === 0);
      return closed;
    },
    sendMessage: (msg) => run('send_message', { type: msg.type, from: msg.from, to: msg.to, subject: msg.subject ?? '', body: msg.body }),
    // send_stanza routes from → to; send_stanza_c2s would write to the sender's own socket
    sendStanza: (from, to, stanza) => run('send_stanza', { from, to, stanza }),
    offlineCount: (user) => call('get_offline_count', { user, host }),
    registeredUsersCount: () => call('stats_host', { name: 'registeredusers', host }),
    onlineSessionsCount: () => call('stats_host', { name: 'onlineusers', host }),
  };
}
