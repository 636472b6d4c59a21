/**
 * The signature every callback carries (LHC's PHP endpoints had none, notes B.10):
 * `X-Ofgate-Timestamp` (seconds since the epoch) and `X-Ofgate-Signature` = hex
 * HMAC-SHA256(callbackSecret, timestamp + body), the timestamp's decimal text directly followed
 * by the exact body bytes. A receiver checks it in constant time and refuses old timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Ofgate-Signature';
export const TIMESTAMP_HEADER = 'X-Ofgate-Timestamp';

export function signCallback(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(timestamp + body).digest('hex');
}

/** For receivers (and tests): does the signature match? Constant time. */
export function verifyCallback(secret: string, timestamp: string, body: string, signature: string): boolean {
  const want = Buffer.from(signCallback(secret, timestamp, body), 'hex');
  const got = Buffer.from(/^[0-9a-f]{64}$/u.test(signature) ? signature : '', 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
