/**
 * One user's XMPP stream: an @xmpp/client used as designed (middleware for inbound stanzas,
 * iqCaller for requests, iqCallee for roster pushes, XEP-0198 kept), with the pitfall-18
 * guards, a bounded start and a bounded stop.
 *
 * Credentials (stream-credentials.ts): the password, when given, serves the first
 * authentication only; reconnects use admin-issued tokens. ofgate therefore never keeps a
 * password, and a stream survives an ejabberd restart.
 *
 * Reconnects are this file's, not @xmpp/reconnect's (stopped for good): after an unexpected drop
 * the stream waits the scheduler's jittered back-off, takes a slot of the pool-wide gate (connect
 * + token issue + authentication), and tries again — without an attempt limit while failures
 * look transient (refused, timed out, ejabberd starting). It ends for good only on a
 * `conflict` stream error (kicked), when an authentication failed and the user no longer
 * exists (`userExists` answers false; an unknown answer counts as transient), or on close().
 * A reconnect that resumed the XEP-0198 session is reported as such; one that did not is
 * reported only once XEP-0198 is settled (nothing is sent before, client-guards.ts), with the
 * messages never acknowledged on the lost connection, for the owner to send again.
 * TLS (stream-tls.ts): STARTTLS when offered and xmpps://, verified as config xmpp.tls says; a
 * refusal caused by configuration (certificate, X-OAUTH2 not offered, fail2ban, policy) is logged
 * once with the line to change (xmpp-failure.ts). Writes: one socket write per turn
 * (coalesce-writes.ts); acks and the socket as stream-wire.ts says.
 * References: ejabberd-23.01.md §7, §7b, §10 (4, 18); architecture.md rule 7; RFC 6121 §2.1.6
 * (roster push); XEP-0198 §5 (resumption).
 */
import { randomBytes } from 'node:crypto';
import { client as createXmppClient, type Client, type ClientOptions } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { systemClock } from '../clock/index.js';
import type { Logger } from '../log/index.js';
import { tuneStreamWire } from './stream-wire.js';
import { guardClient, stopClient, streamManagementSettled } from './client-guards.js';
import { coalesceWrites } from './coalesce-writes.js';
import { NS_ROSTER } from './namespaces.js';
import { createReconnectScheduler, DEFAULT_RECONNECT, type Pause, type ReconnectScheduler } from './reconnect-scheduler.js';
import { registerXOAuth2, X_OAUTH2 } from './sasl-x-oauth2.js';
import { streamCredentials, type Credentials } from './stream-credentials.js';
import { trackUnconfirmed } from './unconfirmed-messages.js';
import { useStreamTls, type StreamTls } from './stream-tls.js';
import { fromXmppError, logRefusalOnce, refusalCleared, xOAuth2NotOffered } from './xmpp-failure.js';
import { GatewayError } from '../errors/index.js';
import './jid-escape-fast-path.js'; // installs it: @xmpp/middleware parses two JIDs per stanza in and out

export type StreamNotice =
  | { readonly kind: 'disconnected' }
  /** Not resumed: `unconfirmed` = messages never acked on the lost connection, to send again (unconfirmed-messages.ts). */
  | { readonly kind: 'reconnected'; readonly resumed: boolean; readonly unconfirmed?: readonly Element[] }
  /** The stream ended for good: `conflict` (kicked) or `user-gone` (the account was removed). */
  | { readonly kind: 'closed'; readonly reason: string };

/** How a stream comes back after a drop (the pool shares one scheduler among its streams). */
export interface StreamReconnect {
  readonly scheduler: ReconnectScheduler;
  /** Asked after a failed authentication: false only when the account is certainly gone. */
  userExists(): Promise<boolean>;
  /** The reconnect loop started (true) or ended (false: back online, closed, or gave up). */
  onReconnecting?(active: boolean): void;
}

export interface UserStreamOptions {
  readonly service: string;
  readonly domain: string;
  readonly username: string;
  /** Verified by SASL on the first authentication; omitted: a token (password-less). */
  readonly password?: string | undefined;
  issueToken(): Promise<string>;
  revokeToken(token: string): Promise<void>;
  readonly connectTimeoutMs: number;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls); omitted: the system CAs and the domain's name. */
  readonly tls?: StreamTls | undefined;
  /** Largest stanza written (server.stanzaMaxBytes): larger ones are refused before they leave (413). */
  readonly maxStanzaBytes?: number | undefined;
  readonly stopTimeoutMs?: number;
  readonly log: Logger;
  /** Omitted: a scheduler of its own with the defaults, and the user is assumed to exist. */
  readonly reconnect?: StreamReconnect;
  onStanza(el: Element): void;
  onNotice(notice: StreamNotice): void;
  /** Test seam. */
  readonly createClient?: (options: ClientOptions) => Client;
}

export interface UserStream {
  readonly username: string;
  /** The bound full JID. */
  readonly jid: string;
  isOnline(): boolean;
  send(el: Element): Promise<void>;
  /** An iq request; stanza errors and time-outs become GatewayErrors naming `what`. */
  request(iq: Element, what: string, timeoutMs?: number): Promise<Element>;
  /** Sends `el` and resolves with the first inbound stanza that `match`es (bounded). */
  sendAndExpect(el: Element, match: (s: Element) => boolean, what: string, timeoutMs?: number): Promise<Element>;
  /** Inbound stanzas for which `take` returns true are consumed (not delivered to onStanza). */
  intercept(take: (s: Element) => boolean): () => void;
  close(): Promise<void>;
}

const STANZA_NAMES = new Set(['message', 'presence', 'iq']);
const DEFAULT_STOP_MS = 3000;

const ownReconnect = (): StreamReconnect => ({
  scheduler: createReconnectScheduler({ ...DEFAULT_RECONNECT, clock: systemClock }),
  userExists: async () => true,
});

/** The parts of @xmpp/connection 0.14 that @xmpp/client's typings leave out. */
interface ConnectionControl {
  readonly options: { readonly lang?: string };
  connect(service: string): Promise<void>;
  open(o: { domain: string; lang: string | undefined }): Promise<unknown>;
}
type SmEvents = { on(e: 'resumed', fn: () => void): void; removeListener(e: 'resumed', fn: () => void): void };

export async function openUserStream(options: UserStreamOptions): Promise<UserStream> {
  // The password goes to the one-shot credentials below and nowhere else: every closure of this
  // stream captures `o`, which lives as long as the stream, so `o` must not hold it.
  const { password, ...o } = options;
  const reconnect = o.reconnect ?? ownReconnect();
  let closing = false;
  let everOnline = false;
  let up = false;
  /** The reconnect loop, while one runs. */
  let recovering: Promise<void> | undefined;
  let backoff: Pause | undefined;
  /** Set by the credentials when the current attempt's authentication failed. */
  let authFailed = false;
  const stopMs = o.stopTimeoutMs ?? DEFAULT_STOP_MS;
  const interceptors = new Set<(s: Element) => boolean>();
  const waiters = new Set<(s: Element) => void>();
  // set right below; the callbacks only run once the client exists
  let client: Client = undefined as unknown as Client;

  const endForGood = (reason: string): void => {
    if (closing) return;
    closing = true;
    backoff?.cancel();
    void stopClient(client, stopMs);
    o.onNotice({ kind: 'closed', reason });
  };
  const auth = streamCredentials({
    ...o,
    password,
    onTokenFailure(err) {
      authFailed = true;
      if (everOnline && !closing) o.log.warn('xmpp: reconnect authentication failed', { username: o.username, error: err as Error });
    },
  });
  // only the first authentication may use the password; every other one needs X-OAUTH2 offered
  let passwordTurn = password !== undefined;
  const credentials: Credentials = (authenticate, mechanisms) => {
    const tokenTurn = !passwordTurn;
    passwordTurn = false;
    if (tokenTurn && !mechanisms.includes(X_OAUTH2)) return Promise.reject(xOAuth2NotOffered(mechanisms));
    return auth.credentials(authenticate, mechanisms);
  };
  const clientOptions: ClientOptions = {
    service: o.service,
    domain: o.domain,
    resource: `ofgate-${randomBytes(4).toString('hex')}`,
    credentials,
    timeout: Math.min(o.connectTimeoutMs, 5000),
  };
  client = (o.createClient ?? createXmppClient)(clientOptions);
  if (typeof (client as unknown as { _onElement?: unknown })._onElement === 'function') {
    try {
      useStreamTls(client, o.tls ?? {}, o.domain);
    } catch (err) {
      logRefusalOnce(o.log, err, o.username);
      throw fromXmppError(err, `open the XMPP stream of ${o.username}`, o.username);
    }
    tuneStreamWire(client); // after the TLS hook (stream-wire.ts)
  }
  const sm = (client as unknown as { streamManagement?: SmEvents }).streamManagement;
  const unconfirmed = trackUnconfirmed(client, { username: o.username, log: o.log, closing: () => closing });
  guardClient(client, (err) => {
    const e = err as { condition?: string; name?: string };
    // kicked (admin kick_session, session replaced): do not come back
    if (e.name === 'StreamError' && e.condition === 'conflict') endForGood('conflict');
    o.log.debug('xmpp: stream error', { username: o.username, error: err as Error });
  }, o.maxStanzaBytes === undefined ? {} : { maxStanzaBytes: o.maxStanzaBytes });
  registerXOAuth2(client);
  client.reconnect.stop(); // the loop below reconnects, with the pool's back-off and gate

  client.middleware.use((ctx, next) => {
    const el = ctx.stanza;
    coalesceWrites(client); // answers to this element (an <a/>, an iq result) leave with the turn's other writes
    if (!STANZA_NAMES.has(el.name)) return next();
    for (const take of interceptors) if (take(el)) return undefined;
    for (const w of [...waiters]) w(el);
    try {
      o.onStanza(el);
    } catch (err) {
      o.log.error('xmpp: stanza listener failed', { username: o.username, error: err as Error });
    }
    return next();
  });
  // acknowledge roster pushes (RFC 6121 §2.1.6); the middleware above has seen them
  client.iqCallee.set(NS_ROSTER, 'query', () => true);

  /** One try: connect, open, authenticate, bind (or resume); bounded by connectTimeoutMs. */
  function attemptOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onUp = (): void => finish();
      const onFail = (err: unknown): void => finish(err ?? new Error('reconnect failed'));
      const onDisconnect = (): void => finish(Object.assign(new Error('disconnected during the reconnect'), { name: 'DisconnectedError' }));
      const timer = setTimeout(() => finish(Object.assign(new Error('reconnect timeout'), { name: 'TimeoutError' })), o.connectTimeoutMs);
      timer.unref();
      function finish(err?: unknown): void {
        clearTimeout(timer);
        client.removeListener('online', onUp);
        sm?.removeListener('resumed', onUp);
        client.removeListener('disconnect', onDisconnect);
        client.removeListener('error', onFail);
        if (err === undefined) resolve();
        else reject(err);
      }
      client.on('online', onUp);
      sm?.on('resumed', onUp);
      client.on('disconnect', onDisconnect);
      client.on('error', onFail);
      // what @xmpp/reconnect does: a new socket, then a new stream on it
      const c = client as unknown as ConnectionControl;
      (async () => {
        await c.connect(o.service);
        await c.open({ domain: o.domain, lang: c.options.lang });
      })().catch(onFail);
    });
  }

  /** Leaves the client disconnected after a failed try (the next one connects afresh). */
  async function dropAttempt(): Promise<void> {
    if (client.status === 'disconnect' || client.status === 'offline') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.disconnect().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, stopMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (client.status !== 'disconnect' && client.status !== 'offline') {
      (client as unknown as { socket?: { destroy(): void } | null }).socket?.destroy();
    }
  }

  async function recover(): Promise<void> {
    reconnect.onReconnecting?.(true);
    try {
      for (let attempt = 1; !closing; attempt++) {
        backoff = reconnect.scheduler.pause(attempt);
        await backoff.done;
        backoff = undefined;
        if (closing) return;
        const release = await reconnect.scheduler.gate.acquire();
        authFailed = false;
        try {
          if (closing) return;
          await attemptOnce();
          return;
        } catch (err) {
          logRefusalOnce(o.log, err, o.username);
          o.log.debug('xmpp: reconnect attempt failed', { username: o.username, attempt, error: err as Error });
          await dropAttempt();
        } finally {
          release();
        }
        if (authFailed && !closing) {
          const exists = await reconnect.userExists().catch(() => true); // unknown: keep trying
          if (!exists) endForGood('user-gone');
        }
      }
    } finally {
      reconnect.onReconnecting?.(false);
    }
  }

  let connection = 0; // which connection a pending reconnected notice belongs to
  const onDrop = (): void => {
    connection++;
    if (closing || !everOnline) return;
    if (up) {
      up = false;
      o.onNotice({ kind: 'disconnected' });
    }
    recovering ??= recover().finally(() => {
      recovering = undefined;
      // a drop between the success and this turn found the loop still running: start anew
      if (!closing && client.status === 'disconnect') onDrop();
    });
  };
  client.on('disconnect', onDrop);
  client.on('online', () => {
    refusalCleared();
    const first = !everOnline;
    everOnline = true;
    up = true;
    // restoring presence and rooms sends stanzas: only once XEP-0198 is settled (client-guards.ts)
    if (!first && !closing) {
      const mine = connection;
      void streamManagementSettled(client, o.connectTimeoutMs).then(() => {
        // not for a connection that dropped meanwhile: its successor announces itself
        if (!closing && mine === connection && client.status === 'online') o.onNotice({ kind: 'reconnected', resumed: false, ...unconfirmed.take() });
      });
    }
  });
  sm?.on('resumed', () => {
    up = true;
    unconfirmed.clear(); // the resumption sent them again
    if (!closing) o.onNotice({ kind: 'reconnected', resumed: true });
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('connect timeout'), { name: 'TimeoutError' })), o.connectTimeoutMs);
        timer.unref();
      }),
    ]);
  } catch (err) {
    closing = true;
    await stopClient(client, stopMs);
    logRefusalOnce(o.log, err, o.username);
    throw fromXmppError(err, `open the XMPP stream of ${o.username}`, o.username);
  } finally {
    if (timer) clearTimeout(timer);
    auth.forgetPassword();
  }
  await streamManagementSettled(client, o.connectTimeoutMs);

  const assertOnline = (what: string): void => {
    if (closing) throw new GatewayError('not-found', `${what}: the stream of ${o.username} is closed`, { resource: o.username });
    if (client.status !== 'online') throw new GatewayError('upstream-unavailable', `${what}: the stream of ${o.username} is reconnecting`, { resource: o.username });
  };

  return {
    username: o.username,
    get jid() {
      return client.jid?.toString() ?? '';
    },
    isOnline: () => !closing && client.status === 'online',
    async send(el) {
      assertOnline('send');
      try {
        coalesceWrites(client);
        await client.send(el);
      } catch (err) {
        throw fromXmppError(err, 'send', o.username);
      }
    },
    async request(iq, what, timeoutMs = o.connectTimeoutMs) {
      assertOnline(what);
      try {
        return await client.iqCaller.request(iq, timeoutMs);
      } catch (err) {
        throw fromXmppError(err, what, o.username);
      }
    },
    async sendAndExpect(el, match, what, timeoutMs = o.connectTimeoutMs) {
      assertOnline(what);
      let resolveIt!: (s: Element) => void;
      const got = new Promise<Element>((resolve) => (resolveIt = resolve));
      const waiter = (s: Element): void => {
        if (match(s)) resolveIt(s);
      };
      waiters.add(waiter);
      let t: NodeJS.Timeout | undefined;
      try {
        await client.send(el);
        return await Promise.race([
          got,
          new Promise<never>((_, reject) => {
            t = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
            t.unref();
          }),
        ]);
      } catch (err) {
        throw fromXmppError(err, what, o.username);
      } finally {
        waiters.delete(waiter);
        if (t) clearTimeout(t);
      }
    },
    intercept(take) {
      interceptors.add(take);
      return () => interceptors.delete(take);
    },
    async close() {
      if (closing) return;
      closing = true;
      backoff?.cancel();
      waiters.clear();
      interceptors.clear();
      await stopClient(client, stopMs);
    },
  };
}
