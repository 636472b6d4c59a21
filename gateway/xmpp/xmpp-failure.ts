/**
 * Foreign failures of a user's stream translated into GatewayErrors, once, here: SASL
 * failures, stanza errors (of iq requests, and of presences and messages a caller waited for:
 * fromStanzaError), time-outs and transport errors. No other file maps stanza conditions.
 * References: RFC 6120 §6.5 (SASL errors), §8.3.3 (stanza error conditions);
 * @xmpp/error 0.14.0 (XMPPError: name, condition, text).
 */
import { GatewayError, isGatewayError, type ErrorKind } from '../errors/index.js';

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

/** `what` names the operation for the message ("join room lab@conference.localhost"). */
export function fromXmppError(err: unknown, what: string, resource = ''): GatewayError {
  if (isGatewayError(err)) return err;
  const e = (err ?? {}) as XmppErrorLike;
  const detail = e.text ? `${e.condition ?? ''} (${e.text})` : (e.condition ?? e.message ?? String(err));
  const init = { resource, cause: err };
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
