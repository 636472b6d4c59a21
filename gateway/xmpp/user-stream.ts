/**
 * One user's XMPP stream: an @xmpp/client used as designed (middleware for inbound stanzas,
 * iqCaller for requests, iqCallee for roster pushes, @xmpp/reconnect and XEP-0198 kept), with
 * the pitfall-18 guards, a bounded start and a bounded stop.
 *
 * Credentials (stream-credentials.ts): the password, when given, serves the first
 * authentication only; reconnects use admin-issued tokens. ofgate therefore never keeps a
 * password, and a stream survives an ejabberd restart. A reconnect that cannot authenticate
 * is retried (the connection dropped, @xmpp/reconnect comes back in 1 s) up to 10 times, then
 * the stream ends; a `conflict` stream error (kicked) ends it at once.
 * References: ejabberd-23.01.md §7, §7b, §10 (4, 18); architecture.md rule 7;
 * RFC 6121 §2.1.6 (roster push); XEP-0198 §5 (resumption).
 */
import { randomBytes } from 'node:crypto';
import { client as createXmppClient, type Client, type ClientOptions } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log/index.js';
import { guardClient, stopClient, streamManagementSettled } from './client-guards.js';
import { NS_ROSTER } from './namespaces.js';
import { registerXOAuth2 } from './sasl-x-oauth2.js';
import { streamCredentials } from './stream-credentials.js';
import { fromXmppError } from './xmpp-failure.js';
import { GatewayError } from '../errors/index.js';

export type StreamNotice =
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'reconnected'; readonly resumed: boolean }
  /** The server ended the session for good (kicked: stream error `conflict`). */
  | { readonly kind: 'closed'; readonly reason: string };

export interface UserStreamOptions {
  readonly service: string;
  readonly domain: string;
  readonly username: string;
  /** Verified by SASL on the first authentication; omitted: a token (password-less). */
  readonly password?: string | undefined;
  issueToken(): Promise<string>;
  revokeToken(token: string): Promise<void>;
  readonly connectTimeoutMs: number;
  readonly stopTimeoutMs?: number;
  readonly log: Logger;
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
const MAX_RECONNECT_AUTH_FAILURES = 10;

export async function openUserStream(options: UserStreamOptions): Promise<UserStream> {
  // The password goes to the one-shot credentials below and nowhere else: every closure of this
  // stream captures `o`, which lives as long as the stream, so `o` must not hold it.
  const { password, ...o } = options;
  let closing = false;
  let everOnline = false;
  let up = false;
  let reconnectAuthFailures = 0;
  const stopMs = o.stopTimeoutMs ?? DEFAULT_STOP_MS;
  const interceptors = new Set<(s: Element) => boolean>();
  const waiters = new Set<(s: Element) => void>();
  // set right below; the callbacks only run once the client exists
  let client: Client = undefined as unknown as Client;

  const endForGood = (reason: string): void => {
    if (closing) return;
    closing = true;
    client.reconnect.stop();
    void stopClient(client, stopMs);
    o.onNotice({ kind: 'closed', reason });
  };
  const auth = streamCredentials({
    ...o,
    password,
    // a reconnect that cannot authenticate drops the connection to try again, a few times
    onTokenFailure(err) {
      if (!everOnline || closing) return;
      reconnectAuthFailures += 1;
      o.log.warn('xmpp: reconnect authentication failed', { username: o.username, attempt: reconnectAuthFailures, error: err as Error });
      if (reconnectAuthFailures >= MAX_RECONNECT_AUTH_FAILURES) endForGood('reconnect-failed');
      else setImmediate(() => void client.disconnect().catch(() => undefined));
    },
  });
  const clientOptions: ClientOptions = {
    service: o.service,
    domain: o.domain,
    resource: `ofgate-${randomBytes(4).toString('hex')}`,
    credentials: auth.credentials,
    timeout: Math.min(o.connectTimeoutMs, 5000),
  };
  client = (o.createClient ?? createXmppClient)(clientOptions);

  guardClient(client, (err) => {
    const e = err as { condition?: string; name?: string };
    // kicked (admin kick_session, session replaced): do not come back
    if (e.name === 'StreamError' && e.condition === 'conflict') endForGood('conflict');
    o.log.debug('xmpp: stream error', { username: o.username, error: err as Error });
  });
  registerXOAuth2(client);
  client.reconnect.stop(); // started once the first login succeeded

  client.middleware.use((ctx, next) => {
    const el = ctx.stanza;
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

  let connection = 0; // which connection a pending reconnected notice belongs to
  client.on('disconnect', () => {
    connection++;
    if (closing || !up) return;
    up = false;
    o.onNotice({ kind: 'disconnected' });
  });
  client.on('online', () => {
    const first = !everOnline;
    everOnline = true;
    up = true;
    reconnectAuthFailures = 0;
    // restoring presence and rooms sends stanzas: only once XEP-0198 is settled (client-guards.ts)
    if (!first && !closing) {
      const mine = connection;
      void streamManagementSettled(client, o.connectTimeoutMs).then(() => {
        // not for a connection that dropped meanwhile: its successor announces itself
        if (!closing && mine === connection && client.status === 'online') o.onNotice({ kind: 'reconnected', resumed: false });
      });
    }
  });
  (client as unknown as { streamManagement?: { on(e: 'resumed', fn: () => void): void } }).streamManagement?.on('resumed', () => {
    up = true;
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
    throw fromXmppError(err, `open the XMPP stream of ${o.username}`, o.username);
  } finally {
    if (timer) clearTimeout(timer);
    auth.forgetPassword();
  }
  client.reconnect.start();
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
      waiters.clear();
      interceptors.clear();
      await stopClient(client, stopMs);
    },
  };
}
