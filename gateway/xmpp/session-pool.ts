/**
 * The chat streams of logged-in users: at most one per user, found by username or by an
 * opaque stream id. Logging in again returns the same stream (after the password, when one is
 * given, is checked again); concurrent logins of one user share one connection attempt.
 * A stream that closes or fails is removed without touching the others.
 * References: ofchat-api.md §5.7 (login: one session per username, same stream id);
 * ejabberd-23.01.md §7b (admin-issued tokens), §10 (18).
 */
import { randomBytes } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { openUserStream, type StreamNotice, type UserStream, type UserStreamOptions } from './user-stream.js';

export interface PooledSession {
  readonly username: string;
  readonly streamId: string;
  readonly stream: UserStream;
}

export interface SessionListener {
  stanza(session: PooledSession, el: Element): void;
  notice(session: PooledSession, notice: StreamNotice): void;
}

export interface SessionPoolOptions {
  readonly service: string;
  readonly domain: string;
  readonly backend: Pick<EjabberdBackend, 'issueToken' | 'revokeToken' | 'checkPassword'>;
  readonly tokenTtlSeconds: number;
  readonly connectTimeoutMs: number;
  readonly log: Logger;
  /** Test seams. */
  readonly newStreamId?: () => string;
  readonly openStream?: (o: UserStreamOptions) => Promise<UserStream>;
}

export interface LoginResult {
  readonly session: PooledSession;
  /** false: the user's existing stream was returned. */
  readonly created: boolean;
}

export interface SessionPool {
  /** The pool's single consumer (the chat service). */
  listen(listener: SessionListener): void;
  /** Password: verified (SASL, or checkPassword for an existing stream). No password: token login. */
  login(username: string, password?: string): Promise<LoginResult>;
  byStreamId(streamId: string): PooledSession | undefined;
  byUser(username: string): PooledSession | undefined;
  usernames(): string[];
  /** Closes the user's stream; false when there was none. */
  logoff(username: string): Promise<boolean>;
  /** Runs `fn` on a short-lived password-less stream that is not registered (no events). */
  withTemporaryStream<T>(username: string, fn: (stream: UserStream) => Promise<T>): Promise<T>;
  /** Closes every stream (bounded); later logins fail. */
  stop(): Promise<void>;
}

export const newStreamId = (): string => randomBytes(18).toString('base64url');

export function createSessionPool(o: SessionPoolOptions): SessionPool {
  const byUser = new Map<string, PooledSession>();
  const byId = new Map<string, PooledSession>();
  const pending = new Map<string, Promise<PooledSession>>();
  const open = o.openStream ?? openUserStream;
  const makeId = o.newStreamId ?? newStreamId;
  let listener: SessionListener | undefined;
  let stopped = false;

  const jidOf = (username: string): string => `${username}@${o.domain}`;
  const remove = (s: PooledSession): void => {
    if (byUser.get(s.username) === s) byUser.delete(s.username);
    if (byId.get(s.streamId) === s) byId.delete(s.streamId);
  };
  const streamOptions = (username: string, password: string | undefined): Omit<UserStreamOptions, 'onStanza' | 'onNotice'> => ({
    service: o.service,
    domain: o.domain,
    username,
    password,
    issueToken: () => o.backend.issueToken(jidOf(username), o.tokenTtlSeconds),
    revokeToken: (t) => o.backend.revokeToken(t),
    connectTimeoutMs: o.connectTimeoutMs,
    log: o.log,
  });

  async function connect(username: string, password: string | undefined): Promise<PooledSession> {
    const holder: { session?: PooledSession } = {};
    // the options object is handed over, not kept: the stream drops the password after SASL
    const stream = await open({
      ...streamOptions(username, password),
      onStanza: (el) => holder.session && listener?.stanza(holder.session, el),
      onNotice: (n) => {
        const s = holder.session;
        if (!s) return;
        if (n.kind === 'closed') remove(s);
        listener?.notice(s, n);
      },
    });
    const session: PooledSession = { username, streamId: makeId(), stream };
    holder.session = session;
    if (stopped) {
      await stream.close();
      throw new GatewayError('upstream-unavailable', 'ofgate is stopping');
    }
    byUser.set(username, session);
    byId.set(session.streamId, session);
    o.log.info('xmpp: stream opened', { username, jid: stream.jid });
    return session;
  }

  async function verify(username: string, password: string): Promise<void> {
    if (!(await o.backend.checkPassword(username, password))) {
      throw new GatewayError('unauthorized', `Wrong password for ${username}`, { resource: username });
    }
  }

  return {
    listen(l) {
      listener = l;
    },

    async login(rawUsername, password) {
      const username = rawUsername.toLowerCase();
      if (stopped) throw new GatewayError('upstream-unavailable', 'ofgate is stopping');
      for (;;) {
        const existing = byUser.get(username);
        if (existing) {
          if (password !== undefined) await verify(username, password);
          return { session: existing, created: false };
        }
        const inFlight = pending.get(username);
        if (!inFlight) break;
        await inFlight.catch(() => undefined); // its failure is its caller's; try again
      }
      const attempt = connect(username, password);
      pending.set(username, attempt);
      try {
        return { session: await attempt, created: true };
      } finally {
        pending.delete(username);
      }
    },

    byStreamId: (id) => byId.get(id),
    byUser: (username) => byUser.get(username.toLowerCase()),
    usernames: () => [...byUser.keys()],

    async logoff(rawUsername) {
      const s = byUser.get(rawUsername.toLowerCase());
      if (!s) return false;
      remove(s);
      await s.stream.close();
      o.log.info('xmpp: stream closed', { username: s.username });
      return true;
    },

    async withTemporaryStream(rawUsername, fn) {
      const stream = await open({ ...streamOptions(rawUsername.toLowerCase(), undefined), onStanza: () => {}, onNotice: () => {} });
      try {
        return await fn(stream);
      } finally {
        await stream.close();
      }
    },

    async stop() {
      stopped = true;
      const all = [...byUser.values()];
      byUser.clear();
      byId.clear();
      await Promise.all(all.map((s) => s.stream.close()));
    },
  };
}
