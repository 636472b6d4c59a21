/**
 * Visitor tokens and host-site identities. A visitor token names one request and is signed by
 * ofgate: `<requestId>.<HMAC-SHA256(key, requestId)>` (base64url), so any instance checks it
 * without a lookup; the request's ask record decides whether it is still valid (it expires with
 * the request). An identity from the host site is trusted when `identityHash` is the hex
 * HMAC-SHA256 of the identity under the workgroup's identity secret. Pure (crypto only).
 *
 * Rules: comparisons are constant-time; one request has exactly one token string; a malformed token is simply not valid (never throws);
 * the key is derived from ofgate's shared secret with its own label, so a token is no use for
 * anything else signed with that secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const REQUEST_ID = /^[a-z0-9]{6,40}$/;

export interface VisitorTokens {
  /** The token of request `requestId`. */
  issue(requestId: string): string;
  /** The request a token names, when its signature holds (then check the request is live). */
  verify(token: string): string | undefined;
}

export function createVisitorTokens(secret: string): VisitorTokens {
  const key = createHmac('sha256', secret).update('ofgate-fastpath-visitor-token').digest();
  const sign = (requestId: string): Buffer => createHmac('sha256', key).update(requestId).digest();
  return {
    issue: (requestId) => `${requestId}.${sign(requestId).toString('base64url')}`,
    verify(token) {
      if (typeof token !== 'string' || token.length > 200) return undefined;
      const dot = token.indexOf('.');
      if (dot < 0) return undefined;
      const requestId = token.slice(0, dot);
      if (!REQUEST_ID.test(requestId)) return undefined;
      // the text itself is compared (decoding base64url would skip stray characters and spare bits)
      const given = Buffer.from(token.slice(dot + 1));
      const want = Buffer.from(sign(requestId).toString('base64url'));
      return given.length === want.length && timingSafeEqual(given, want) ? requestId : undefined;
    },
  };
}

/** Does `identityHash` (hex) prove `identity` under the workgroup's identity secret? */
export function identityHolds(identity: string, identityHash: string, secret: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(identityHash)) return false;
  const want = createHmac('sha256', secret).update(identity, 'utf8').digest();
  return timingSafeEqual(Buffer.from(identityHash, 'hex'), want);
}
