/**
 * An ejabberd session (connected_users_info / user_sessions_info row) → the REST API's
 * session entity. ejabberd keeps no last-activity time per session nor a reverse-DNS name:
 * lastActionDate (always present in the plugin) is the session's start, the latest time ofgate
 * knows the session acted, and hostName is the address, as Openfire's falls back to. An empty
 * status text is left out (the plugin's null presenceMessage under NON_NULL).
 * References: Openfire REST API plugin SessionController.convertToSessionEntities;
 * ofchat SessionEntity (`ressource`, sic); mod_admin_extra connected_users_info (23.01).
 */
import type { SessionInfo } from '../ejabberd/index.js';

export type Dialect = 'ofchat' | 'modern';

/** ejabberd `show` → Openfire's Presence.Show text (SessionController.getPresenceStatus). */
const PRESENCE_TEXT: Readonly<Record<string, string>> = {
  available: 'Online',
  away: 'Away',
  chat: 'Available to Chat',
  dnd: 'Do Not Disturb',
  xa: 'Extended Away',
};

export interface SessionView {
  readonly sessionId: string;
  readonly username: string;
  readonly ressource?: string;
  readonly resource?: string;
  readonly node: 'Local';
  readonly sessionStatus: 'Authenticated';
  readonly presenceStatus: string;
  readonly presenceMessage: string | undefined;
  readonly priority: number;
  readonly hostAddress: string;
  readonly hostName: string;
  readonly creationDate: string;
  readonly lastActionDate: string;
  readonly secure: boolean;
}

export function sessionView(s: SessionInfo, dialect: Dialect, now: Date): SessionView {
  const started = new Date(now.getTime() - s.uptime * 1000).toISOString();
  return {
    sessionId: s.jid,
    username: s.user,
    ...(dialect === 'ofchat' ? { ressource: s.resource } : { resource: s.resource }),
    node: 'Local',
    sessionStatus: 'Authenticated',
    presenceStatus: PRESENCE_TEXT[s.status] ?? 'Unknown/Not Recognized',
    presenceMessage: s.statusText === '' ? undefined : s.statusText,
    priority: s.priority,
    hostAddress: s.ip,
    hostName: s.ip,
    creationDate: started,
    lastActionDate: started,
    // connection is c2s_tls (or …_tls) once the stream is encrypted
    secure: /tls/.test(s.connection),
  };
}
