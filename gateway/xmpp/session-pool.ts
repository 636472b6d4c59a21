/**
 * The XMPP streams of logged-in users: at most one per user, found by username or by an
 * opaque stream id. Logging in again returns the same stream (after the password, when one is
 * given, is checked again); concurrent logins of one user share one connection attempt.
 * A stream that closes or fails is removed without touching the others.
 * - Listeners: each session delivers to the listener it was opened with (a bot, a workgroup
 *   and the chat API each own theirs); a session opened without one delivers nowhere.
 * - Membership (membership.ts): the owner reports presence and rooms on
 *   `session.membership`; after a reconnect that did not resume, the pool tells the listener
 *   (`reconnected`, so it can reset what the old session told it) and then sends the
 *   presence and re-joins the rooms itself. `restoreMembership` does the same for a fresh
 *   stream from the MembershipStore (another instance took the user over).
 * - Messages the lost connection never got acknowledged (XEP-0198) are sent again, same ids,
 *   after presence and rooms are back: a message answered 2xx is not lost with ejabberd.
 * - Archive catch-up (session-archive.ts): each session keeps the archive id of the newest
 *   message it passed on (the mark). After a reconnect that did not resume, and after
 *   `restoreMembership` (from the persisted mark, option `archiveMarks`, when the session has
 *   none), the user's archive is read after the mark once presence and rooms are back, and what
 *   the lost session never got goes to the listener like a live stanza (with its <delay/>):
 *   ejabberd drops what it wrote to a dead socket for a MAM user instead of storing it offline.
 *   Duplicates with the offline flood and live messages are dropped (archive-catch-up.ts).
 *   Marks are written throttled (`markEveryMs`) and when a stream is released or the pool
 *   stops; dropped at logoff and when a stream ends for good.
 * - Reconnects: one scheduler for all streams (reconnect-scheduler.ts): jittered exponential
 *   back-off, and at most `reconnectMaxConcurrent` streams connecting + issuing a token +
 *   authenticating at once — password-less logins take the same gate. `stats()` counts.
 * References: ofchat-api.md §5.7 (login: one session per username, same stream id);
 * ejabberd-23.01.md §7b (admin-issued tokens), §10 (18), §11 (X-OAUTH2 logins/s).
 */
import type { StreamTls } from './stream-tls.js';
import { randomBytes } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import { systemClock, type Clock } from '../clock/index.js';
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError } from '../errors/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import { createMemoryMembershipStore, trackMembership, type MembershipStore, type SessionMembership, type TrackedMembership } from './membership.js';
import { createConcurrencyGate, createReconnectScheduler, DEFAULT_RECONNECT } from './reconnect-scheduler.js';
import { DEFAULT_MARK_EVERY_MS, type ArchiveMarks } from './archive-marks.js';
import { createSessionArchive, type SessionArchive } from './session-archive.js';
import { runOnTemporaryStream } from './temporary-stream.js';
import { openUserStream, type StreamNotice, type StreamReconnect, type UserStream, type UserStreamOptions } from './user-stream.js';

export interface PooledSession {
  readonly username: string;
  readonly streamId: string;
  readonly stream: UserStream;
  /** What the session announced; restored after a reconnect that did not resume. */
  readonly membership: SessionMembership;
}

export interface SessionListener {
  stanza(session: PooledSession, el: Element): void;
  notice(session: PooledSession, notice: StreamNotice): void;
}

export interface SessionPoolOptions {
  readonly service: string;
  readonly domain: string;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls). */
  readonly tls?: StreamTls | undefined;
  /** Largest stanza written on a stream (server.stanzaMaxBytes). */
  readonly maxStanzaBytes?: number | undefined;
  readonly backend: Pick<EjabberdBackend, 'issueToken' | 'revokeToken' | 'checkPassword' | 'userExists'>;
  readonly tokenTtlSeconds: number;
  readonly connectTimeoutMs: number;
  readonly log: Logger;
  /** config xmpp.reconnectMaxConcurrent (default 20). */
  readonly reconnectMaxConcurrent?: number;
  /** config xmpp.reconnectBaseMs (default 1000). */
  readonly reconnectBaseMs?: number;
  /** config xmpp.reconnectMaxMs (default 30000). */
  readonly reconnectMaxMs?: number;
  /** Default: in memory (lost with the process). */
  readonly membershipStore?: MembershipStore;
  /** Where archive marks outlive the process (a reopened stream catches up from there). Default: none. */
  readonly archiveMarks?: ArchiveMarks;
  /** At most one mark write per user this often (default 2000 ms). */
  readonly markEveryMs?: number;
  readonly clock?: Clock;
  /** Test seams. */
  readonly random?: () => number;
  readonly newStreamId?: () => string;
  readonly openStream?: (o: UserStreamOptions) => Promise<UserStream>;
}

export interface LoginOptions {
  /** Receives this session's stanzas and notices (and no other listener does). */
  readonly listener?: SessionListener;
  /** The stream id to register the new stream under (a takeover keeps the id its clients know). */
  readonly streamId?: string;
}

export interface LoginResult {
  readonly session: PooledSession;
  /** false: the user's existing stream was returned. */
  readonly created: boolean;
}

export interface SessionPoolStats {
  /** Streams in the pool. */
  readonly streams: number;
  /** Streams between a drop and their next successful login. */
  readonly reconnecting: number;
  /** Streams now connecting + issuing a token + authenticating (held gate slots). */
  readonly tokenIssuesInFlight: number;
  readonly maxTokenIssuesInFlight: number;
  /** Streams that ended for good while reconnecting (kicked, account gone). */
  readonly gaveUp: number;
}

export interface SessionPool {
  /** Password: verified (SASL, or checkPassword for an existing stream). No password: token login. */
  login(username: string, password?: string, options?: LoginOptions): Promise<LoginResult>;
  byStreamId(streamId: string): PooledSession | undefined;
  byUser(username: string): PooledSession | undefined;
  usernames(): string[];
  /** Closes the user's stream and forgets its membership; false when there was none. */
  logoff(username: string): Promise<boolean>;
  /**
   * Closes the user's stream here but keeps its membership (shared mode: another instance took
   * the stream over and restores that membership); false when there was none.
   */
  release(username: string): Promise<boolean>;
  /** Loads the session's membership from the store (when kept there) and announces it again. */
  restoreMembership(session: PooledSession): Promise<void>;
  /** Runs `fn` on a short-lived password-less stream that is not registered (no events). */
  withTemporaryStream<T>(username: string, fn: (stream: UserStream) => Promise<T>): Promise<T>;
  stats(): SessionPoolStats;
  /** Closes every stream (bounded); later logins fail. Memberships stay in the store. */
  stop(): Promise<void>;
}

export const newStreamId = (): string => randomBytes(18).toString('base64url');

interface Entry extends PooledSession {
  readonly membership: TrackedMembership;
  readonly listener: SessionListener | undefined;
  /** Made at the session's first message or catch-up (archiveOf): an idle stream carries none. */
  archive: SessionArchive | undefined;
}

/** A session's time-based catch-up (no mark yet) starts this much before it opened (clock skew). */
const SINCE_MARGIN_MS = 1000;

export function createSessionPool(o: SessionPoolOptions): SessionPool {
  const byUser = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const open = o.openStream ?? openUserStream;
  const makeId = o.newStreamId ?? newStreamId;
  const memberships = o.membershipStore ?? createMemoryMembershipStore();
  const clock = o.clock ?? systemClock;
  const scheduler = createReconnectScheduler({
    baseMs: o.reconnectBaseMs ?? DEFAULT_RECONNECT.baseMs,
    maxMs: o.reconnectMaxMs ?? DEFAULT_RECONNECT.maxMs,
    maxConcurrent: o.reconnectMaxConcurrent ?? DEFAULT_RECONNECT.maxConcurrent,
    clock,
    ...(o.random ? { random: o.random } : {}),
  });
  /** Catch-ups at once, pool-wide (a reconnect storm queries every archive). */
  const catchUps = createConcurrencyGate(o.reconnectMaxConcurrent ?? DEFAULT_RECONNECT.maxConcurrent);
  let stopped = false;
  let reconnecting = 0;
  let gaveUp = 0;

  const jidOf = (username: string): string => bare({ local: username, domain: o.domain });
  const remove = (s: Entry): void => {
    if (byUser.get(s.username) === s) byUser.delete(s.username);
    if (byId.get(s.streamId) === s) byId.delete(s.streamId);
  };
  const streamOptions = (username: string, password: string | undefined, reconnect: StreamReconnect): Omit<UserStreamOptions, 'onStanza' | 'onNotice'> => ({
    service: o.service,
    domain: o.domain,
    tls: o.tls,
    maxStanzaBytes: o.maxStanzaBytes,
    username,
    password,
    issueToken: () => o.backend.issueToken(jidOf(username), o.tokenTtlSeconds),
    revokeToken: (t) => o.backend.revokeToken(t),
    connectTimeoutMs: o.connectTimeoutMs,
    log: o.log,
    reconnect,
  });
  /** A password-less start takes a gate slot like a reconnect (token issue + login). */
  async function gated<T>(withPassword: boolean, fn: () => Promise<T>): Promise<T> {
    if (withPassword) return fn();
    const release = await scheduler.gate.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  async function announce(s: Entry): Promise<void> {
    for (const el of s.membership.restoreStanzas()) await s.stream.send(el);
  }

  /** The messages ejabberd never acknowledged before the drop, after presence and rooms are back. */
  async function resend(s: Entry, messages: readonly Element[]): Promise<void> {
    if (messages.length === 0) return;
    for (const el of messages) await s.stream.send(el);
    o.log.info('xmpp: unconfirmed messages sent again after reconnect', { username: s.username, count: messages.length });
  }

  function onNotice(s: Entry, n: StreamNotice, since: Date): void {
    if (n.kind === 'closed') {
      const current = byUser.get(s.username) === s;
      remove(s);
      if (current) forget(s); // not a newer session's
    }
    s.listener?.notice(s, n);
    if (n.kind === 'reconnected' && !n.resumed && byUser.get(s.username) === s) {
      const again = n.unconfirmed ?? [];
      // before anything is announced: the offline flood must not move the mark first
      const archive = archiveOf(s);
      const catchUp = s.listener ? archive.begin({ start: since }) : undefined;
      announce(s)
        .catch((err: unknown) => o.log.warn('xmpp: cannot restore presence/rooms after reconnect', { username: s.username, error: err as Error }))
        .then(() => resend(s, again))
        .catch((err: unknown) => o.log.warn('xmpp: cannot send unconfirmed messages again after reconnect', { username: s.username, count: again.length, error: err as Error }))
        .then(() => (catchUp ? archive.run(catchUp) : undefined));
    }
  }

  /** The session's archive state, made when first needed. */
  function archiveOf(s: Entry): SessionArchive {
    return (s.archive ??= createSessionArchive({
      username: s.username,
      ownBare: jidOf(s.username).toLowerCase(),
      stream: s.stream,
      marks: o.archiveMarks,
      clock,
      markEveryMs: o.markEveryMs ?? DEFAULT_MARK_EVERY_MS,
      gate: catchUps,
      log: o.log,
      deliver: (el) => deliver(s, el),
    }));
  }

  /** The listener path of a stanza (live, or caught up from the archive). */
  function deliver(s: Entry, el: Element): void {
    s.membership.observe(el);
    s.listener?.stanza(s, el);
  }

  async function connect(username: string, password: string | undefined, listener: SessionListener | undefined, streamId: string | undefined): Promise<Entry> {
    const holder: { session?: Entry; reconnecting: boolean } = { reconnecting: false };
    /** Where a catch-up starts while the session has no mark yet. */
    const since = new Date(clock.now() - SINCE_MARGIN_MS);
    const reconnect: StreamReconnect = {
      scheduler,
      userExists: () => o.backend.userExists(username),
      onReconnecting(active) {
        if (active === holder.reconnecting) return;
        holder.reconnecting = active;
        reconnecting += active ? 1 : -1;
      },
    };
    // The options object is handed over, not kept: the stream drops the password after SASL.
    // No closure of this function may capture `password` (or an object holding it): V8 keeps
    // captured variables in one context shared by every closure made here, and onStanza/onNotice
    // live as long as the stream. The hand-off box is emptied as the stream takes the options.
    const handoff: { options?: UserStreamOptions } = {};
    handoff.options = {
      ...streamOptions(username, password, reconnect),
      onStanza: (el) => {
        const s = holder.session;
        if (!s || (el.name === 'message' && !archiveOf(s).passLive(el))) return; // a message caught up already
        deliver(s, el);
      },
      onNotice: (n) => {
        const s = holder.session;
        if (n.kind === 'closed' && holder.reconnecting) gaveUp += 1;
        if (s) onNotice(s, n, since);
      },
    };
    const stream = await gated(password !== undefined, () => {
      const options = handoff.options as UserStreamOptions;
      handoff.options = undefined;
      return open(options);
    });
    const session: Entry = { username, streamId: streamId ?? makeId(), stream, membership: trackMembership(username, memberships, o.log), listener, archive: undefined };
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

  /** The user is gone (logoff, ended for good): its membership and archive mark too. */
  const forget = (s: Entry): void => {
    memberships.drop(s.username).catch((err: unknown) => o.log.warn('xmpp: cannot drop the membership', { username: s.username, error: err as Error }));
    void archiveOf(s).drop(); // made if need be: a mark of an earlier run goes too
  };

  return {

    async login(rawUsername, password, options) {
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
      const attempt = connect(username, password, options?.listener, options?.streamId);
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
      forget(s);
      await s.stream.close();
      o.log.info('xmpp: stream closed', { username: s.username });
      return true;
    },

    async restoreMembership(session) {
      const s = byId.get(session.streamId);
      if (!s) throw new GatewayError('not-found', `No stream ${session.streamId} in the pool`, { resource: session.username });
      const archive = archiveOf(s);
      const [kept, mark] = await Promise.all([memberships.load(s.username), archive.persisted()]);
      if (kept) s.membership.adopt(kept);
      // before anything is announced (see onNotice); no mark anywhere: nothing to start from
      const catchUp = s.listener ? archive.begin(mark === undefined ? undefined : { after: mark }) : undefined;
      await announce(s);
      if (catchUp) void archive.run(catchUp);
    },

    withTemporaryStream: (username, fn) => runOnTemporaryStream({ ...o, scheduler }, username.toLowerCase(), fn),

    stats: () => ({
      streams: byUser.size,
      reconnecting,
      tokenIssuesInFlight: scheduler.gate.inFlight,
      maxTokenIssuesInFlight: scheduler.gate.maxInFlight,
      gaveUp,
    }),

    async release(rawUsername) {
      const s = byUser.get(rawUsername.toLowerCase());
      if (!s) return false;
      remove(s);
      await Promise.all([s.stream.close(), s.archive?.flush()]);
      o.log.info('xmpp: stream released (now held by another instance)', { username: s.username });
      return true;
    },

    async stop() {
      stopped = true;
      const all = [...byUser.values()];
      byUser.clear();
      byId.clear();
      await Promise.all(all.flatMap((s) => [s.stream.close(), s.archive?.flush()]));
    },
  };
}
