/**
 * The record id of a bucket: one per (key, limit, window), valid for every store backend
 * (gateway/store/store-arguments.ts checkId: non-empty, no lone surrogate, <= MAX_ID_LENGTH).
 *
 * Rules it keeps:
 * - Injective: distinct (key, limit, windowMs) never share an id. A short well-formed key is
 *   kept readable, `<limit>/<windowMs>/<key>`; any other key (long, or holding a lone
 *   surrogate) becomes `<limit>/<windowMs>#<sha256 of its UTF-16 code units, base64url>`. The
 *   separator after the digits ('/' or '#') tells the two forms apart; UTF-16 hashing keeps lone
 *   surrogates distinct (UTF-8 would turn them all into U+FFFD).
 * - The limit is part of the id, so one key may carry several limits (a burst and an hourly
 *   one), and a changed limit starts from a full bucket while the old record expires.
 * - Ids stay short (<= ~240 code units) whatever the key: Redis keys and the embedded journal
 *   do not grow with a client's odd input. Pure.
 */
import { createHash } from 'node:crypto';
import type { RateLimit } from './token-bucket.js';

/** Keys up to this many code units are kept as they are. */
export const READABLE_KEY_LENGTH = 200;

const LONE_SURROGATE = /\p{Cs}/u;

export function bucketId(key: string, rate: RateLimit): string {
  const head = `${rate.limit}/${rate.windowMs}`;
  if (key.length <= READABLE_KEY_LENGTH && !LONE_SURROGATE.test(key)) return `${head}/${key}`;
  return `${head}#${createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('base64url')}`;
}
