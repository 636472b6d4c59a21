/**
 * The shim's two proofs on every POST: `X-Ofgate-Secret` (the shared secret) and
 * `X-Ofgate-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed by the secret>`.
 * Both are compared in constant time. Pure (node:crypto only).
 * References: erlang-shim/src/mod_ofgate.erl post/2.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SECRET_HEADER = 'x-ofgate-secret';
export const SIGNATURE_HEADER = 'x-ofgate-signature';

export function signBody(secret: string, body: Buffer | string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** Equal-length digests first, so neither the content nor the length leaks through timing. */
function sameText(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

export function verifyHookRequest(secret: string, body: Buffer, headers: { secret?: string | undefined; signature?: string | undefined }): boolean {
  if (secret === '' || headers.secret === undefined || headers.signature === undefined) return false;
  const secretOk = sameText(headers.secret, secret);
  const signatureOk = sameText(headers.signature.toLowerCase(), signBody(secret, body));
  return secretOk && signatureOk;
}
