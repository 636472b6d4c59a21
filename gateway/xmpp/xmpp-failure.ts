/**
 * Foreign failures of a user's stream translated into GatewayErrors, once, here: SASL
 * failures, stanza errors (of iq requests, and of presences and messages a caller waited for:
 * fromStanzaError), time-outs and transport errors. No other file maps stanza conditions.
 * ejabberd-side refusals that come from its configuration, not from the user (an untrusted
 * certificate, X-OAUTH2 not offered, a mod_fail2ban ban of 127.0.0.1, TLS required, another
 * policy-violation) get a message naming the cause and the config line to change
 * (refusalOf), and logRefusalOnce logs each such cause once until a stream opens again.
 * References: RFC 6120 §4.9.3.14 (policy-violation), §5 (STARTTLS), §6.5 (SASL errors),
 * §8.3.3 (stanza error conditions); @xmpp/error 0.14.0 (XMPPError: name, condition, text);
 * ejabberd 23.01 mod_fail2ban (stream error policy-violation "Too many (N) failed
 * authentications from this IP address"); Node's certificate verify codes.
 */
import { GatewayError, isGatewayError, type ErrorKind } from '../errors/index.js';
import type { Logger } from '../log/index.js';

interface XmppErrorLike {
  name?: string;
  condition?: string;
  text?: string;
  code?: string;
  message?: string;
}

const BAD_REQUEST = new Set(['bad-request', 'jid-malformed', 'not-acceptable', 'conflict', 'policy-violation', 'resource-constraint', 'unexpected-request', 'gone', 'redirect']);
const FORBIDDEN = new Set(['forbidden', 'not-allowed', 'registration-required', 'subscription-required']);
const NOT_FOUND = new Set(['item-not-found', 'recipient-unavailable', 'remote-server-not-found']);
const NOT_IMPLEMENTED = new Set(['feature-not-implemented']);

function kindOf(condition: string): ErrorKind {
  if (NOT_FOUND.has(condition)) return 'not-found';
  if (FORBIDDEN.has(condition) || condition === 'not-authorized') return 'forbidden';
  if (BAD_REQUEST.has(condition)) return 'bad-request';
  if (NOT_IMPLEMENTED.has(condition)) return 'not-implemented';
  return 'upstream-unavailable';
}

/** A stanza error (its defined condition and text) → GatewayError; `what` names the operation. */
export function fromStanzaError(error: { readonly condition: string; readonly text: string }, what: string, resource = '', cause?: unknown): GatewayError {
  const detail = error.text ? `${error.condition} (${error.text})` : error.condition;
  return new GatewayError(kindOf(error.condition), `${what}: ${detail}`, { resource, cause: cause ?? error });
}

export type RefusalKind = 'tls-untrusted' | 'tls-name' | 'tls-config' | 'x-oauth2-not-offered' | 'fail2ban' | 'tls-required' | 'policy-violation';

export interface Refusal {
  readonly kind: RefusalKind;
  /** What happened and what to change, for the caller and the log. */
  readonly message: string;
  /** The config line to change (ofgate.yml or ejabberd.yml). */
  readonly config: string;
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_OFGATE_TLS_FINGERPRINT',
]);

/** The error X-OAUTH2's absence from the offered mechanisms gives (refusalOf names its cause). */
export function xOAuth2NotOffered(offered: readonly string[]): GatewayError {
  const detail = `offered: ${offered.join(', ') || 'none'}`;
  return new GatewayError('upstream-unavailable', refusal('x-oauth2-not-offered', detail).message, { cause: Object.assign(new Error(detail), { code: 'ERR_OFGATE_NO_X_OAUTH2' }) });
}

function refusal(kind: RefusalKind, detail: string): Refusal {
  switch (kind) {
    case 'tls-untrusted':
      return { kind, config: 'xmpp.tls.fingerprint (or xmpp.tls.caFile)', message: `ejabberd's TLS certificate is not trusted (${detail}): set xmpp.tls.fingerprint to its sha256 fingerprint, or xmpp.tls.caFile to the CA (or certificate) that signed it; \`ofgate setup-ejabberd\` prints both` };
    case 'tls-name':
      return { kind, config: 'xmpp.tls.serverName', message: `ejabberd's TLS certificate does not carry the expected name (${detail}): set xmpp.tls.serverName to the name it carries (Debian's self-signed ejabberd.pem says CN=ejabberd), or pin it with xmpp.tls.fingerprint` };
    case 'tls-config':
      return { kind, config: 'xmpp.tls', message: `ofgate's TLS settings are unusable: ${detail}` };
    case 'x-oauth2-not-offered':
      return { kind, config: 'disable_sasl_mechanisms (ejabberd.yml)', message: `ejabberd does not offer SASL X-OAUTH2, which password-less logins and every reconnect use (${detail}): take "X-OAUTH2" out of disable_sasl_mechanisms in ejabberd.yml (and keep oauth_access: all, erlang-p1-oauth2 installed); \`ofgate setup-ejabberd\` does it` };
    case 'fail2ban':
      return { kind, config: 'modules: mod_fail2ban: access (ejabberd.yml)', message: `ejabberd's mod_fail2ban banned ofgate's address (${detail}); every ofgate stream comes from it, so every login fails: give mod_fail2ban an access rule that allows loopback (ofgate throttles failed logins per client itself); \`ofgate setup-ejabberd\` does it` };
    case 'tls-required':
      return { kind, config: 'xmpp.service', message: `ejabberd requires TLS on this stream (${detail}): use a c2s port that offers STARTTLS, or xmpps:// for direct TLS` };
    case 'policy-violation':
      return { kind, config: 'ejabberd.yml c2s access rules, max_user_sessions, shapers', message: `ejabberd refused the stream by policy (${detail}): see ejabberd's log for the rule (c2s access, max_user_sessions, mod_fail2ban, shapers)` };
  }
}

/** The configuration cause of a stream failure, or undefined for the ordinary ones. */
export function refusalOf(err: unknown): Refusal | undefined {
  const e = (isGatewayError(err) ? (err as { cause?: unknown }).cause ?? err : err ?? {}) as XmppErrorLike;
  const code = e.code ?? '';
  const text = e.text ?? '';
  if (code === 'ERR_OFGATE_NO_X_OAUTH2') return refusal('x-oauth2-not-offered', e.message ?? '');
  if (UNTRUSTED_CODES.has(code)) return refusal('tls-untrusted', code === 'ERR_OFGATE_TLS_FINGERPRINT' ? (e.message ?? code) : code);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return refusal('tls-name', e.message ?? code);
  if (code === 'ERR_OFGATE_TLS_CONFIG') return refusal('tls-config', e.message ?? code);
  if (e.condition === 'policy-violation' && /failed authentication/i.test(text)) return refusal('fail2ban', text);
  if (e.name === 'SASLError' && e.condition === 'encryption-required') return refusal('tls-required', e.condition);
  if (e.condition === 'policy-violation') return refusal('policy-violation', text || 'no text');
  return undefined;
}

const logged = new Set<RefusalKind>();

/** Logs a refusal once per kind until `refusalCleared` (a stream opened); true when it was one. */
export function logRefusalOnce(log: Logger, err: unknown, username: string): boolean {
  const r = refusalOf(err);
  if (!r) return false;
  if (logged.has(r.kind)) return true;
  logged.add(r.kind);
  log.error(`xmpp: ${r.message}`, { refusal: r.kind, config: r.config, username });
  return true;
}

/** A stream opened: the next refusal of any kind is logged again. */
export function refusalCleared(): void {
  logged.clear();
}

/** `what` names the operation for the message ("join room lab@conference.localhost"). */
export function fromXmppError(err: unknown, what: string, resource = ''): GatewayError {
  if (isGatewayError(err)) return err;
  const e = (err ?? {}) as XmppErrorLike;
  const detail = e.text ? `${e.condition ?? ''} (${e.text})` : (e.condition ?? e.message ?? String(err));
  const init = { resource, cause: err };
  const refused = refusalOf(err);
  if (refused) return new GatewayError(refused.kind === 'policy-violation' ? 'forbidden' : 'upstream-unavailable', `${what}: ${refused.message}`, init);
  if (e.name === 'SASLError') {
    return e.condition === 'not-authorized' || e.condition === 'credentials-expired' || e.condition === 'account-disabled'
      ? new GatewayError('unauthorized', `${what}: the XMPP server refused the credentials (${e.condition})`, init)
      : new GatewayError('upstream-unavailable', `${what}: SASL failed: ${detail}`, init);
  }
  if (e.name === 'TimeoutError') return new GatewayError('upstream-timeout', `${what}: no answer from the XMPP server in time`, init);
  if (e.name === 'StanzaError') return fromStanzaError({ condition: e.condition ?? '', text: e.text ?? '' }, what, resource, err);
  if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'ENOTFOUND') {
    return new GatewayError('upstream-unavailable', `${what}: cannot reach the XMPP server (${e.code})`, init);
  }
  return new GatewayError('upstream-unavailable', `${what}: ${detail}`, init);
}
