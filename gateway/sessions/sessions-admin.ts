/**
 * Client sessions as the admin REST API sees them: list, per user, kick, ofchat's
 * notification push (POST sessions[/{username}]), the server broadcast (POST messages/users),
 * session statistics and the offline ("unread") count. A plain service over the backend port.
 * A pushed message (broadcast, notification) over server.stanzaMaxBytes is a 413 before any
 * session is listed or sent to (admin-message-bound.ts).
 * References: ofchat-api.md §5.3; Openfire REST API plugin SessionController,
 * MessageController.sendBroadcastMessage (SessionManager.sendServerMessage: from the server,
 * to every client session), MsgArchiveController.getUnReadMessagesCount.
 */
import type { EjabberdBackend, SessionInfo } from '../ejabberd/index.js';
import { badRequest } from '../errors/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { notifyStanza } from './notify-stanza.js';
import { isValidLocal } from '../jid/index.js';
import { DEFAULT_STANZA_LIMITS } from '../xml/index.js';
import { broadcastStanza, refuseOversizedAdminMessage } from './admin-message-bound.js';

export interface SessionsAdminDeps {
  readonly backend: EjabberdBackend;
  readonly domain: string;
  /** Local name of the account notifications come from (ofchat: admin). */
  readonly adminUser: string;
  readonly log: Logger;
  /** Largest stanza pushed to users (server.stanzaMaxBytes); default: gateway/xml's. */
  readonly stanzaMaxBytes?: number | undefined;
}

export interface SessionsAdmin {
  list(): Promise<SessionInfo[]>;
  ofUser(username: string): Promise<SessionInfo[]>;
  /** Closes every session of the user; how many were closed. */
  kick(username: string): Promise<number>;
  /** Headline with the Jive `data` property to every session (or every session of one user); how many were sent. */
  notify(payload: string, username?: string): Promise<number>;
  /** A message from the server to every session; how many were sent. */
  broadcast(body: string): Promise<number>;
  counts(): Promise<{ localSessions: number; clusterSessions: number }>;
  unread(jid: string): Promise<{ jid: string; count: number }>;
}

export function createSessionsAdmin(d: SessionsAdminDeps): SessionsAdmin {
  const maxBytes = d.stanzaMaxBytes ?? DEFAULT_STANZA_LIMITS.maxBytes;
  /** `alice` or `alice@{domain}` → alice; anything else is a 400. */
  const localName = (input: string): string => {
    const raw = input.trim().toLowerCase();
    const local = raw.endsWith(`@${d.domain}`) ? raw.slice(0, -d.domain.length - 1) : raw;
    if (!isValidLocal(local)) throw badRequest(`not a user of ${d.domain}: ${input}`, { resource: input });
    return local;
  };

  const sendEach = async (sessions: readonly SessionInfo[], send: (s: SessionInfo) => Promise<void>): Promise<number> => {
    let sent = 0;
    for (const s of sessions) {
      try {
        await send(s);
        sent++;
      } catch (err) {
        // one session closing meanwhile must not stop the others from getting it
        d.log.warn('cannot deliver to a session', { jid: s.jid, err });
      }
    }
    return sent;
  };

  return {
    list: () => d.backend.listSessions(),
    ofUser: (username) => d.backend.userSessions(localName(username)),
    kick: (username) => d.backend.kickUser(localName(username)),

    async notify(payload, username) {
      const stanza = notifyStanza(payload);
      refuseOversizedAdminMessage(stanza, maxBytes);
      const sessions = username === undefined ? await d.backend.listSessions() : await d.backend.userSessions(localName(username));
      return sendEach(sessions, (s) => d.backend.sendStanza(bare({ local: d.adminUser, domain: d.domain }), s.jid, stanza));
    },

    async broadcast(body) {
      if (body.trim() === '') throw badRequest('Message content/body is null or empty', { resource: '' });
      refuseOversizedAdminMessage(broadcastStanza(d.domain, body), maxBytes);
      const sessions = await d.backend.listSessions();
      return sendEach(sessions, (s) => d.backend.sendMessage({ type: 'normal', from: d.domain, to: s.jid, body }));
    },

    async counts() {
      const n = await d.backend.onlineSessionsCount();
      return { localSessions: n, clusterSessions: n };
    },

    async unread(jid) {
      const user = localName(jid);
      return { jid: bare({ local: user, domain: d.domain }), count: await d.backend.offlineCount(user) };
    },
  };
}
