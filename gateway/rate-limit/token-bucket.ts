/**
 * The rate limit's arithmetic, pure: one token bucket per (key, limit), in GCRA form (the
 * "generic cell rate algorithm": a bucket is one number, the theoretical arrival time TAT).
 *
 * A limit of `limit` requests per `windowMs` is a bucket holding `limit` tokens that refills one
 * token every T = windowMs / limit ms. A request at `now` is allowed when
 * max(TAT, now) + T <= now + windowMs, and then moves TAT to max(TAT, now) + T.
 *
 * Bounds (exact, no approximation error in the arithmetic):
 * - a burst of at most `limit` requests at once (an idle bucket is full);
 * - over any span of d ms at most limit + d * limit / windowMs requests pass, so within one
 *   window length at most 2 * limit - 1 (a full burst at its start, then the refill);
 * - sustained: exactly `limit` per `windowMs` in the long run (never more).
 * Compared with a fixed "N per window" count, the bucket never lets 2 * limit through at a window
 * edge at once, and refills smoothly instead of all at once.
 *
 * Rules it keeps:
 * - Exact integer arithmetic: TAT is kept as `t + f / limit` ms with integers t and
 *   0 <= f < limit (T = windowMs / limit need not be a whole number of ms), so the limit-th
 *   request of a burst is never refused by a rounding error. Requires limit * windowMs to be a
 *   safe integer (checkLimit).
 * - A TAT already past counts as `now` (the bucket is full); a TAT more than one window ahead
 *   (another instance's clock ran ahead) counts as now + windowMs (the bucket is empty, no worse).
 * - A refused request changes no bucket (it counts against nothing).
 * - A record is useless once its TAT has passed, so it expires then: ttl = ceil(TAT - now) <=
 *   windowMs, and the store never keeps a bucket longer than one window.
 */

export interface RateLimit {
  /** Requests allowed per window (>= 1). */
  readonly limit: number;
  /** The window, ms (>= 1). */
  readonly windowMs: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Further requests that would be allowed right now (0 when refused). */
  readonly remaining: number;
  /** Whole seconds until a request would be allowed (>= 1 when refused, 0 when allowed). */
  readonly retryAfterSeconds: number;
}

/** A bucket as stored: its TAT, exactly `t + f / limit` epoch ms (integers, 0 <= f < limit). */
export interface BucketState {
  readonly t: number;
  readonly f: number;
}

/** One bucket's answer to one request at `now`. */
export interface BucketStep {
  readonly allowed: boolean;
  /** When allowed: the bucket after the request. */
  readonly next?: BucketState;
  /** When allowed: how long `next` matters (ceil(TAT - now), >= 1, <= windowMs). */
  readonly ttlMs: number;
  /** When allowed: requests still allowed right now after this one; refused: 0. */
  readonly remaining: number;
  /** When refused: ms (rounded up) until a request would be allowed; allowed: 0. */
  readonly waitMs: number;
}

/** RangeError unless limit and windowMs are positive safe integers whose product is safe too. */
export function checkLimit(rate: RateLimit): void {
  const { limit, windowMs } = rate;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, not ${limit}`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`rate window must be a positive integer of ms, not ${windowMs}`);
  if (!Number.isSafeInteger(limit * windowMs)) throw new RangeError(`rate limit ${limit} per ${windowMs} ms is too large`);
}

/** The stored value as a bucket of `rate`, or undefined when absent or not one (read as full). */
export function bucketState(value: unknown, rate: RateLimit): BucketState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { t, f } = value as Partial<BucketState>;
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(f)) return undefined;
  return (f as number) >= 0 && (f as number) < rate.limit ? { t: t as number, f: f as number } : undefined;
}

/** One request against one bucket at `now` (integer epoch ms). */
export function stepBucket(rate: RateLimit, stored: BucketState | undefined, now: number): BucketStep {
  const { limit, windowMs } = rate;
  const end = now + windowMs; // the latest TAT a request may leave behind
  const base: BucketState =
    stored === undefined || stored.t < now ? { t: now, f: 0 } : stored.t > end || (stored.t === end && stored.f > 0) ? { t: end, f: 0 } : stored;
  const sum = base.f + (windowMs % limit);
  const next: BucketState = { t: base.t + Math.floor(windowMs / limit) + Math.floor(sum / limit), f: sum % limit };
  const roundUp = next.f > 0 ? 1 : 0;
  const lateMs = next.t - end + roundUp; // ceil(TAT' - end): > 0 means TAT' > end
  if (lateMs > 0) return { allowed: false, ttlMs: 0, remaining: 0, waitMs: lateMs };
  return {
    allowed: true,
    next,
    ttlMs: next.t - now + roundUp,
    remaining: Math.floor(((end - next.t) * limit - next.f) / windowMs),
    waitMs: 0,
  };
}

/** What one request against several buckets decides, and the buckets to write (none when refused). */
export interface Outcome {
  readonly decision: RateDecision;
  /** Per bucket, in order, when allowed; empty when refused. */
  readonly writes: ReadonlyArray<{ readonly state: BucketState; readonly ttlMs: number }>;
}

/**
 * One request counted against every bucket, or against none: allowed only when each allows it.
 * Refused: retryAfterSeconds is when the slowest refusing bucket would allow it (the others
 * allow it now and still will then).
 */
export function decide(buckets: ReadonlyArray<{ readonly rate: RateLimit; readonly stored: BucketState | undefined }>, now: number): Outcome {
  if (buckets.length === 0) throw new RangeError('a rate decision needs at least one limit');
  const steps = buckets.map((b) => stepBucket(b.rate, b.stored, now));
  const waitMs = Math.max(...steps.map((s) => s.waitMs));
  if (waitMs > 0) return { decision: { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }, writes: [] };
  return {
    decision: { allowed: true, remaining: Math.min(...steps.map((s) => s.remaining)), retryAfterSeconds: 0 },
    writes: steps.map((s) => ({ state: s.next as BucketState, ttlMs: s.ttlMs })),
  };
}
