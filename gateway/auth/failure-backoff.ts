/**
 * The arithmetic of failed-login back-off, pure: one record per throttled key (a client address
 * or an account) counts its failures and says until when it must wait.
 *
 * Rules it keeps:
 * - The first `freeFailures - 1` failures cost nothing; the `freeFailures`-th makes the key wait
 *   `firstDelayMs`, and each further one doubles the wait, up to `maxDelayMs` (exponential
 *   back-off). `freeFailures` 0 means the key is never held.
 * - While held, an attempt is refused without being checked, so it is not a failure and does not
 *   lengthen the wait; a correct password is refused too (else the hold would be no hold).
 * - Every write keeps the record `keepMs` = maxDelayMs + forgetAfterMs: at least `forgetAfterMs`
 *   after its hold ends, so the store forgets a quiet key by itself (its count starts again).
 * - Time is an argument (epoch ms); nothing here reads a clock.
 */

export interface BackoffSettings {
  /** Failures before the key must wait (0: never held). */
  readonly freeFailures: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures are forgotten this long after the last one's hold ends. */
  readonly forgetAfterMs: number;
}

/** What the store keeps per key. */
export interface FailureRecord {
  /** Failures since the key was last forgotten. */
  readonly failures: number;
  /** Epoch ms until which attempts are refused (0: not held). */
  readonly heldUntil: number;
}

/** The stored value as a record, or undefined when absent or not one (read as no failures). */
export function failureRecord(value: unknown): FailureRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { failures, heldUntil } = value as Partial<FailureRecord>;
  if (!Number.isSafeInteger(failures) || !Number.isSafeInteger(heldUntil) || (failures as number) < 0) return undefined;
  return { failures: failures as number, heldUntil: heldUntil as number };
}

/** Whole seconds the key must still wait at `now` (0: not held). */
export function heldSeconds(record: FailureRecord | undefined, now: number): number {
  if (!record || record.heldUntil <= now) return 0;
  return Math.ceil((record.heldUntil - now) / 1000);
}

/** The wait the `failures`-th failure imposes (0 below the free ones). */
export function delayAfter(failures: number, s: BackoffSettings): number {
  if (s.freeFailures === 0 || failures < s.freeFailures) return 0;
  const doublings = failures - s.freeFailures;
  // 2^31 ms is 24 days: past any sane maximum, and keeps the product a safe integer
  return doublings >= 31 ? s.maxDelayMs : Math.min(s.maxDelayMs, s.firstDelayMs * 2 ** doublings);
}

/** The record after one more failure at `now`. */
export function afterFailure(record: FailureRecord | undefined, now: number, s: BackoffSettings): FailureRecord {
  const failures = (record?.failures ?? 0) + 1;
  const delay = delayAfter(failures, s);
  return { failures, heldUntil: delay > 0 ? now + delay : 0 };
}

/** How long every write keeps a record (see the rules above). */
export function keepMs(s: BackoffSettings): number {
  return s.maxDelayMs + s.forgetAfterMs;
}
