/**
 * Comparing a presented secret with the configured one in constant time, whatever their
 * lengths: both sides are SHA-256 digests, so neither the secret nor its length leaks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function secretDigest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function matchesDigest(given: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(given, expected);
}
