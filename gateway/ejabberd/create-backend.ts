/**
 * Chooses the adapter: the only place that knows both. Each adapter gets its own URL.
 */
import type { EjabberdBackend } from './ejabberd-backend.js';
import { createHttpApiBackend } from './http-api/create-http-api-backend.js';
import { createXmlRpcBackend } from './xmlrpc/create-xmlrpc-backend.js';

export interface EjabberdBackendOptions {
  readonly kind: EjabberdBackend['kind'];
  /** The virtual host every account, roster and group call is about. */
  readonly host: string;
  readonly httpApiUrl: string;
  readonly xmlrpcUrl: string;
  /** Bound on each API call; past it the call fails with upstream-timeout. */
  readonly timeoutMs: number;
  /** Full JID of an account api_permissions lets call every command (omit when loopback may). */
  readonly adminJid?: string | undefined;
  readonly adminPassword?: string | undefined;
}

export function createEjabberdBackend(opts: EjabberdBackendOptions): EjabberdBackend {
  const auth = { timeoutMs: opts.timeoutMs, adminJid: opts.adminJid, adminPassword: opts.adminPassword };
  switch (opts.kind) {
    case 'http-api':
      return createHttpApiBackend(opts.host, { url: withoutCredentials(opts.httpApiUrl, 'httpApiUrl'), ...auth });
    case 'xmlrpc':
      return createXmlRpcBackend({ url: withoutCredentials(opts.xmlrpcUrl, 'xmlrpcUrl'), host: opts.host, ...auth });
  }
}

/** Credentials belong in adminJid/adminPassword: a URL ends up in messages and logs. */
function withoutCredentials(url: string, option: string): string {
  const u = new URL(url);
  if (u.username !== '' || u.password !== '') throw new TypeError(`ejabberd ${option} must not carry credentials; use adminJid and adminPassword`);
  return url;
}
