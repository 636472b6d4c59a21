/**
 * SASL X-OAUTH2 for @xmpp/client 0.14.0, which has no such mechanism: lets ofgate open a
 * user's stream with an admin-issued OAuth token (EjabberdBackend.issueToken) instead of the
 * user's password. The initial response is PLAIN's: authzid NUL username NUL token.
 * References: ../../../shared/notes/ejabberd-23.01.md §7b; ejabberd 23.01 cyrsasl_oauth
 * (offered by the c2s when erlang-p1-oauth2 is installed and `oauth_access` allows the user).
 */
import { utf8Bytes } from './sasl-bytes.js';
import type { Client, ClientOptions, SaslMechanism } from '@xmpp/client';

export const X_OAUTH2 = 'X-OAUTH2';

class XOAuth2Mechanism implements SaslMechanism {
  name = X_OAUTH2;
  clientFirst = true;

  /** The token travels as `password` in xmpp.js' credentials object. */
  response(creds: Record<string, unknown>): string {
    return `\u0000${utf8Bytes(String(creds.username ?? ''))}\u0000${String(creds.password ?? '')}`;
  }

  challenge(): void {}
}

/** Registers X-OAUTH2 on a client; call before start(). */
export function registerXOAuth2(client: Pick<Client, 'saslFactory'>): void {
  client.saslFactory.use(X_OAUTH2, XOAuth2Mechanism);
}

/** The `credentials` option that authenticates `username` with `token` over X-OAUTH2. */
export function xOAuth2Credentials(username: string, token: string): NonNullable<ClientOptions['credentials']> {
  return (authenticate) => authenticate({ username, password: token }, X_OAUTH2);
}
