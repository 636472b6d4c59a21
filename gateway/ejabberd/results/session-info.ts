/**
 * connected_users_info / user_sessions_info rows → SessionInfo. user_sessions_info has no jid
 * column; the jid is rebuilt from the user, the host and the row's resource.
 */
import type { SessionInfo } from '../ejabberd-backend.js';
import { full, splitJid } from '../../jid/index.js';

export interface SessionRow {
  readonly connection: string;
  readonly ip: string;
  readonly port: number;
  readonly priority: number;
  readonly uptime: number;
  readonly status: string;
  readonly resource: string;
  readonly statustext: string;
}

export function toSessionInfo(row: SessionRow & { readonly jid: string }): SessionInfo {
  return {
    jid: row.jid,
    user: splitJid(row.jid).local,
    resource: row.resource,
    connection: row.connection,
    ip: row.ip,
    port: row.port,
    priority: row.priority,
    status: row.status,
    statusText: row.statustext,
    uptime: row.uptime,
  };
}

export function toUserSessionInfo(user: string, host: string, row: SessionRow): SessionInfo {
  return toSessionInfo({ ...row, jid: full({ local: user, domain: host, resource: row.resource }) });
}
