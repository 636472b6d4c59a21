/**
 * Verified Basic credentials, remembered briefly in this process so a repeat request skips
 * passport, the Basic decoding and ejabberd (the hot path of every chat call; BENCHMARKS.md).
 *
 * Rules it keeps:
 * - Keyed by a digest of the whole Authorization header, never by the password.
 * - Each entry keeps the account's credential stamp read before its password was checked
 *   (credential-stamps.ts); the caller uses it only while the stamp is unchanged.
 * - Bounded: past `max` entries the oldest inserted goes; an expired entry is dropped when met.
 * - No I/O, no clock: time is an argument.
 */
import type { Principal } from './principal.js';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export interface CachedCredential {
  readonly principal: UserPrincipal;
  /** Epoch ms until which the entry may be used. */
  readonly until: number;
  readonly stamp: number;
}

export interface CredentialCache {
  get(key: string, now: number): CachedCredential | undefined;
  set(key: string, entry: CachedCredential): void;
  delete(key: string): void;
}

export function createCredentialCache(max: number): CredentialCache {
  const byKey = new Map<string, CachedCredential>();
  return {
    get(key, now) {
      const entry = byKey.get(key);
      if (entry && entry.until < now) {
        byKey.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, entry) {
      byKey.delete(key);
      if (byKey.size >= max) byKey.delete(byKey.keys().next().value as string);
      byKey.set(key, entry);
    },
    delete(key) {
      byKey.delete(key);
    },
  };
}
