/**
 * Failed logins held back per client address and per account (failure-backoff.ts: free
 * failures, then an exponential wait), with the counts in the store so every instance sharing
 * it holds the same keys back.
 *
 * Rules it keeps:
 * - `assertFree` before a password is checked: a held address or account is refused with 429
 *   `too-many-requests` and Retry-After, whatever the password (a correct one included), and
 *   nothing is counted. It says how many failures the account has, so a success needs no read.
 * - `failed` counts one failure against the address and the account (atomic per key: store
 *   update) and logs it with the user, the address and where it happened, never the password.
 * - `succeeded` forgets the account's failures (a correct password proves the owner); the
 *   address keeps its own, so successes on one account cannot clear guesses at others.
 * - A limit of 0 failures switches that key kind off (nothing read or written for it).
 */
import { GatewayError } from '../errors/index.js';
import { afterFailure, failureRecord, heldSeconds, keepMs, type BackoffSettings } from './failure-backoff.js';
import { recordId, type KeptRecords } from './kept-records.js';

/** The store collection of the failure counts. */
export const LOGIN_FAILURES = 'loginFailures';

/** config auth.loginThrottle. */
export interface LoginThrottleSettings {
  readonly addressFailures: number;
  readonly accountFailures: number;
  readonly firstDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly forgetAfterSeconds: number;
}

export interface LoginThrottleOptions {
  readonly records: KeptRecords;
  readonly settings: LoginThrottleSettings;
  /** Epoch ms (default Date.now). */
  readonly now?: () => number;
  /** Where failures are reported (gateway/log's Logger fits). */
  readonly log?: { warn(msg: string, fields?: Record<string, unknown>): void };
}

export interface LoginThrottle {
  /** Rejects with 429 while the address or the account is held; else the account's failures so far. */
  assertFree(address: string, account: string): Promise<number>;
  /** One failed login of `account` from `address` (`where`: the route kind, for the log). */
  failed(address: string, account: string, where: string): Promise<void>;
  /** A correct password: the account's failures are forgotten. */
  succeeded(account: string): Promise<void>;
}

export function createLoginThrottle(o: LoginThrottleOptions): LoginThrottle {
  const now = o.now ?? Date.now;
  const backoff = (freeFailures: number): BackoffSettings => ({
    freeFailures,
    firstDelayMs: o.settings.firstDelaySeconds * 1000,
    maxDelayMs: Math.max(o.settings.firstDelaySeconds, o.settings.maxDelaySeconds) * 1000,
    forgetAfterMs: o.settings.forgetAfterSeconds * 1000,
  });
  const kinds = [
    { kind: 'a', settings: backoff(o.settings.addressFailures) },
    { kind: 'u', settings: backoff(o.settings.accountFailures) },
  ] as const;
  const idOf = (kind: 'a' | 'u', address: string, account: string) => recordId(kind, kind === 'a' ? address : account.toLowerCase());
  const on = (s: BackoffSettings) => s.freeFailures > 0;

  const readKind = async (k: (typeof kinds)[number], address: string, account: string) =>
    on(k.settings) ? failureRecord(await o.records.get(idOf(k.kind, address, account))) : undefined;

  const count = async (kind: 'a' | 'u', id: string, s: BackoffSettings, at: number) => {
    const stored = await o.records.update(id, (old) => afterFailure(failureRecord(old), at, s), { ttlMs: keepMs(s) });
    return { kind, failures: failureRecord(stored)?.failures ?? 0 };
  };

  return {
    async assertFree(address, account) {
      // on every authenticated request (a cached credential too): no closures or arrays per call
      const at = now();
      const [byAddress, byAccount] = await Promise.all([readKind(kinds[0], address, account), readKind(kinds[1], address, account)]);
      const wait = Math.max(heldSeconds(byAddress, at), heldSeconds(byAccount, at));
      if (wait > 0) {
        throw new GatewayError('too-many-requests', 'Too many failed logins: retry later', { resource: 'login', retryAfterSeconds: wait });
      }
      return byAccount?.failures ?? 0;
    },

    async failed(address, account, where) {
      const at = now();
      const counted = await Promise.all(kinds.filter(({ settings }) => on(settings)).map(({ kind, settings }) => count(kind, idOf(kind, address, account), settings, at)));
      const failures = Object.fromEntries(counted.map((c) => [c.kind === 'a' ? 'addressFailures' : 'accountFailures', c.failures]));
      o.log?.warn('auth: failed login', { user: account, address, where, ...failures });
    },

    async succeeded(account) {
      if (on(kinds[1].settings)) await o.records.delete(idOf('u', '', account));
    },
  };
}
