/**
 * The `credentials` callback of a user's stream, called by xmpp.js at every authentication:
 * the user's password (when given) serves the FIRST authentication only and is dropped right
 * away (sasl-choice.ts picks PLAIN or SCRAM); every later one (reconnects, password-less
 * streams) uses a fresh admin-issued token over X-OAUTH2, revoked as soon as SASL finishes
 * (the revocation runs beside the rest of the login; a failed one is logged, the token's
 * short TTL bounds it).
 * References: ejabberd-23.01.md §7b; RFC 6120 §6.
 */
import type { ClientOptions } from '@xmpp/client';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { utf8Bytes } from './sasl-bytes.js';
import { choosePasswordMechanism } from './sasl-choice.js';
import { X_OAUTH2 } from './sasl-x-oauth2.js';

export type Credentials = NonNullable<ClientOptions['credentials']>;

export interface StreamCredentialsOptions {
  readonly username: string;
  readonly service: string;
  readonly password?: string | undefined;
  issueToken(): Promise<string>;
  revokeToken(token: string): Promise<void>;
  readonly log: Logger;
  /** A token authentication failed (the error is also thrown to xmpp.js). */
  onTokenFailure(err: unknown): void;
}

export interface StreamCredentials {
  readonly credentials: Credentials;
  /** Drops a password that was never used (the start failed before SASL). */
  forgetPassword(): void;
}

export function streamCredentials(options: StreamCredentialsOptions): StreamCredentials {
  // `o` is captured by `credentials` for the stream's whole life: it must not carry the password
  const { password: given, ...o } = options;
  let password = given;
  const credentials: Credentials = async (authenticate, mechanisms) => {
    const once = password;
    password = undefined; // used for one authentication, never kept
    if (once !== undefined) {
      const mechanism = choosePasswordMechanism(mechanisms, o.service);
      if (!mechanism) throw new GatewayError('upstream-unavailable', `no SASL mechanism safe for a password on ${o.service} (offered: ${mechanisms.join(', ')})`);
      // UTF-8 bytes where xmpp.js base64-encodes the text itself (sasl-bytes.ts)
      await authenticate({ username: utf8Bytes(o.username), password: mechanism === 'PLAIN' ? utf8Bytes(once) : once }, mechanism);
      return;
    }
    try {
      if (!mechanisms.includes(X_OAUTH2)) throw new GatewayError('upstream-unavailable', 'ejabberd does not offer X-OAUTH2 (erlang-p1-oauth2 and oauth_access are needed)');
      const token = await o.issueToken();
      try {
        await authenticate({ username: o.username, password: token }, X_OAUTH2);
      } finally {
        // not awaited: the stream goes on binding meanwhile (one API round trip off a login)
        o.revokeToken(token).catch((err: unknown) => o.log.warn('xmpp: token revocation failed', { username: o.username, error: err as Error }));
      }
    } catch (err) {
      o.onTokenFailure(err);
      throw err;
    }
  };
  return { credentials, forgetPassword: () => void (password = undefined) };
}
