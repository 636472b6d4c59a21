/**
 * Which SASL mechanism carries a user's password to ejabberd. xmpp.js never picks PLAIN on a
 * socket without TLS and falls back to SCRAM-SHA-1, whose client-side PBKDF2 costs 0.3-2 s per
 * login (notes §9, §10.5). ofgate chooses explicitly:
 * - PLAIN when the stream is TLS (xmpps://) or the c2s is on loopback: the password never
 *   leaves the host, and a login costs ~5 ms;
 * - SCRAM-SHA-1 otherwise, so a password never crosses a network in clear;
 * - password-less streams always use X-OAUTH2 with a short-lived admin-issued token that is
 *   revoked as soon as the stream is authenticated (notes §7b).
 * References: RFC 6120 §6; RFC 4616 (PLAIN); RFC 5802 (SCRAM); ejabberd-23.01.md §7, §7b.
 */

export type PasswordMechanism = 'PLAIN' | 'SCRAM-SHA-1';

/** True for xmpp://127.x.x.x, [::1] and localhost services. */
export function isLoopbackService(service: string): boolean {
  let host: string;
  try {
    host = new URL(service).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True when the service URL asks for TLS from the first byte. */
export function isTlsService(service: string): boolean {
  return service.toLowerCase().startsWith('xmpps:');
}

/**
 * The mechanism for a password login among those the server offers, or undefined when none is
 * acceptable (PLAIN alone on a remote clear-text stream).
 */
export function choosePasswordMechanism(offered: readonly string[], service: string): PasswordMechanism | undefined {
  const plainIsSafe = isLoopbackService(service) || isTlsService(service);
  if (plainIsSafe && offered.includes('PLAIN')) return 'PLAIN';
  if (offered.includes('SCRAM-SHA-1')) return 'SCRAM-SHA-1';
  return undefined;
}
