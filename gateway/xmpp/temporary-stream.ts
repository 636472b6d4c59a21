/**
 * The one way ofgate opens a local account's XMPP stream for one job and closes it after:
 * without the account's password, through an admin-issued OAuth token and X-OAUTH2 (the token
 * is revoked once SASL is done). Brief streams (bookmarks, upload slots), the room helpers
 * (room archive, subject, MUC services) and the session pool's withTemporaryStream all run here.
 * Rules kept:
 * - the stream sends no presence and delivers nothing: contacts see nothing, and inbound
 *   stanzas that are not answers to the job's requests are dropped;
 * - `slots` (a caller's cap on such streams) is held from before the stream opens until it has
 *   closed; `scheduler.gate` (the session pool's) only while the stream connects and logs in,
 *   as a reconnect would: password-less logins take the same gate as reconnects;
 * - reconnects: with `scheduler`, its back-off and gate, and the user counts as gone when
 *   `backend.userExists` says so; without, the stream's own defaults;
 * - a refused token login is ejabberd's problem (no such account, oauth_access unset), never
 *   the REST caller's credentials: upstream-unavailable (503), not unauthorized (401);
 * - the stream always closes, also when the job fails; a failing close is logged and neither
 *   hides the job's error nor replaces its result.
 * References: ../../../shared/notes/ejabberd-23.01.md §7b (admin-issued tokens, X-OAUTH2).
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { bare } from '../jid/index.js';
import type { Logger } from '../log/index.js';
import type { ConcurrencyGate, ReconnectScheduler } from './reconnect-scheduler.js';
import type { StreamTls } from './stream-tls.js';
import { openUserStream, type StreamReconnect, type UserStream, type UserStreamOptions } from './user-stream.js';

export interface TemporaryStreamOptions {
  readonly service: string;
  readonly domain: string;
  /** Trust for STARTTLS / xmpps:// (config xmpp.tls). */
  readonly tls?: StreamTls | undefined;
  /** Largest stanza written (server.stanzaMaxBytes). */
  readonly maxStanzaBytes?: number | undefined;
  readonly tokenTtlSeconds: number;
  readonly connectTimeoutMs: number;
  /** How long closing waits for ejabberd's goodbye (omitted: the stream's default). */
  readonly stopTimeoutMs?: number | undefined;
  readonly backend: Pick<EjabberdBackend, 'issueToken' | 'revokeToken'> & Partial<Pick<EjabberdBackend, 'userExists'>>;
  readonly log: Logger;
  /** Held from before the stream opens until it has closed (omitted: no cap). */
  readonly slots?: ConcurrencyGate | undefined;
  /** The session pool's: its gate while the stream logs in, its back-off for reconnects. */
  readonly scheduler?: ReconnectScheduler | undefined;
  /** Test seam (default openUserStream). */
  readonly openStream?: ((o: UserStreamOptions) => Promise<UserStream>) | undefined;
}

/** Opens `username`'s stream, runs `job` on it and closes it (also when the job fails). */
export async function runOnTemporaryStream<T>(o: TemporaryStreamOptions, username: string, job: (stream: UserStream) => Promise<T>): Promise<T> {
  const release = await o.slots?.acquire();
  try {
    const stream = await withGate(o.scheduler?.gate, () => open(o, username));
    try {
      return await job(stream);
    } finally {
      await stream.close().catch((err: unknown) => o.log.warn('member stream: close failed', { username, error: err as Error }));
    }
  } finally {
    release?.();
  }
}

async function open(o: TemporaryStreamOptions, username: string): Promise<UserStream> {
  const jid = bare({ local: username, domain: o.domain });
  const { backend } = o;
  const reconnect: StreamReconnect | undefined = o.scheduler && { scheduler: o.scheduler, userExists: () => backend.userExists?.(username) ?? Promise.resolve(true) };
  try {
    return await (o.openStream ?? openUserStream)({
      service: o.service,
      domain: o.domain,
      tls: o.tls,
      maxStanzaBytes: o.maxStanzaBytes,
      username,
      issueToken: () => backend.issueToken(jid, o.tokenTtlSeconds),
      revokeToken: (token) => backend.revokeToken(token),
      connectTimeoutMs: o.connectTimeoutMs,
      ...(o.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: o.stopTimeoutMs }),
      ...(reconnect ? { reconnect } : {}),
      log: o.log,
      onStanza: () => {},
      onNotice: () => {},
    });
  } catch (err) {
    if (isGatewayError(err) && err.kind === 'unauthorized') {
      throw new GatewayError('upstream-unavailable', `ejabberd refused a token login for ${jid} (does the account exist? is oauth_access set?)`, { cause: err });
    }
    throw err;
  }
}

async function withGate<T>(gate: ConcurrencyGate | undefined, fn: () => Promise<T>): Promise<T> {
  const release = await gate?.acquire();
  try {
    return await fn();
  } finally {
    release?.();
  }
}
