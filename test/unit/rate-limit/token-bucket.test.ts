import assert from 'node:assert/strict';
import { bucketState, checkLimit, decide, stepBucket, type BucketState, type RateLimit } from '../../../gateway/rate-limit/token-bucket.js';

const NOW = 1_700_000_000_000;
const THREE_PER_MINUTE: RateLimit = { limit: 3, windowMs: 60_000 };

describe('rate limit: token bucket arithmetic', () => {
  const steps: Array<{ name: string; rate: RateLimit; stored: BucketState | undefined; now: number; want: ReturnType<typeof stepBucket> }> = [
    {
      name: 'when the bucket is absent, then it is full: the request passes, limit - 1 remain, the record matters for one token interval',
      rate: THREE_PER_MINUTE, stored: undefined, now: NOW,
      want: { allowed: true, next: { t: NOW + 20_000, f: 0 }, ttlMs: 20_000, remaining: 2, waitMs: 0 },
    },
    {
      name: 'when the bucket\'s TAT has passed, then it is full as well',
      rate: THREE_PER_MINUTE, stored: { t: NOW - 5, f: 0 }, now: NOW,
      want: { allowed: true, next: { t: NOW + 20_000, f: 0 }, ttlMs: 20_000, remaining: 2, waitMs: 0 },
    },
    {
      name: 'when the last token of a burst is taken, then it passes with 0 remaining and a ttl of one window',
      rate: THREE_PER_MINUTE, stored: { t: NOW + 40_000, f: 0 }, now: NOW,
      want: { allowed: true, next: { t: NOW + 60_000, f: 0 }, ttlMs: 60_000, remaining: 0, waitMs: 0 },
    },
    {
      name: 'when the bucket is empty, then the request is refused with the wait until a token is back',
      rate: THREE_PER_MINUTE, stored: { t: NOW + 60_000, f: 0 }, now: NOW,
      want: { allowed: false, ttlMs: 0, remaining: 0, waitMs: 20_000 },
    },
    {
      name: 'when the TAT is more than a window ahead (a clock ran ahead), then it counts as an empty bucket, no worse',
      rate: THREE_PER_MINUTE, stored: { t: NOW + 10 * 60_000, f: 0 }, now: NOW,
      want: { allowed: false, ttlMs: 0, remaining: 0, waitMs: 20_000 },
    },
    {
      name: 'when the token interval is fractional (1000 ms / 3), then TAT is kept exactly as 333 + 1/3 ms and the ttl rounds up',
      rate: { limit: 3, windowMs: 1_000 }, stored: undefined, now: NOW,
      want: { allowed: true, next: { t: NOW + 333, f: 1 }, ttlMs: 334, remaining: 2, waitMs: 0 },
    },
    {
      name: 'when the wait has a fractional ms, then it rounds up',
      rate: { limit: 3, windowMs: 1_000 }, stored: { t: NOW + 1_000, f: 0 }, now: NOW,
      want: { allowed: false, ttlMs: 0, remaining: 0, waitMs: 334 },
    },
    {
      name: 'when the limit exceeds the window in ms (T < 1 ms), then the ttl is still at least 1 ms',
      rate: { limit: 5_000, windowMs: 1_000 }, stored: undefined, now: NOW,
      want: { allowed: true, next: { t: NOW, f: 1_000 }, ttlMs: 1, remaining: 4_999, waitMs: 0 },
    },
  ];
  for (const c of steps) {
    it(c.name, () => {
      assert.deepEqual(stepBucket(c.rate, c.stored, c.now), c.want);
    });
  }

  it('when a greedy client takes all it can every ms for ten windows, then bursts stay <= limit, any window sees <= 2·limit - 1, and the long run is limit per window', () => {
    for (const rate of [{ limit: 1, windowMs: 1_000 }, { limit: 3, windowMs: 1_000 }, { limit: 7, windowMs: 1_000 }, { limit: 1_500, windowMs: 1_000 }, { limit: 10, windowMs: 60 }]) {
      const times: number[] = [];
      let stored: BucketState | undefined;
      const span = 10 * rate.windowMs;
      for (let now = 0; now < span; now++) {
        for (;;) {
          const s = stepBucket(rate, stored, now);
          assert.ok(s.allowed ? s.ttlMs >= 1 && s.ttlMs <= rate.windowMs : s.waitMs >= 1 && s.waitMs <= rate.windowMs, JSON.stringify(s));
          if (!s.allowed) break;
          stored = s.next;
          times.push(now);
        }
      }
      assert.equal(times.filter((t) => t === 0).length, rate.limit, `${JSON.stringify(rate)}: a full burst at once`);
      let worst = 0;
      for (let from = 0, i = 0, j = 0; from < span; from++) {
        while (i < times.length && (times[i] as number) < from) i++;
        while (j < times.length && (times[j] as number) < from + rate.windowMs) j++;
        worst = Math.max(worst, j - i);
      }
      assert.ok(worst <= 2 * rate.limit - 1, `${JSON.stringify(rate)}: ${worst} in one window`);
      // limit at once, then one every windowMs / limit: limit * (1 + windows after the first).
      assert.ok(times.length <= rate.limit * 11 && times.length >= rate.limit * 10, `${JSON.stringify(rate)}: ${times.length} in ten windows`);
    }
  });

  it('when several buckets all allow, then decide writes each with its ttl and remaining is the smallest', () => {
    const out = decide([{ rate: THREE_PER_MINUTE, stored: undefined }, { rate: { limit: 10, windowMs: 10_000 }, stored: { t: NOW + 8_000, f: 0 } }], NOW);
    assert.deepEqual(out, {
      decision: { allowed: true, remaining: 1, retryAfterSeconds: 0 },
      writes: [{ state: { t: NOW + 20_000, f: 0 }, ttlMs: 20_000 }, { state: { t: NOW + 9_000, f: 0 }, ttlMs: 9_000 }],
    });
  });

  it('when one bucket refuses, then decide writes nothing and waits for the slowest refusal', () => {
    const out = decide([
      { rate: THREE_PER_MINUTE, stored: { t: NOW + 60_000, f: 0 } },
      { rate: { limit: 1, windowMs: 1_000 }, stored: undefined },
      { rate: { limit: 1, windowMs: 90_000 }, stored: { t: NOW + 1_001, f: 0 } },
    ], NOW);
    assert.deepEqual(out, { decision: { allowed: false, remaining: 0, retryAfterSeconds: 20 }, writes: [] });
  });

  it('when decide gets no bucket, then it throws RangeError', () => {
    assert.throws(() => decide([], NOW), RangeError);
  });

  const badLimits: RateLimit[] = [
    { limit: 0, windowMs: 1_000 }, { limit: -1, windowMs: 1_000 }, { limit: 1.5, windowMs: 1_000 }, { limit: NaN, windowMs: 1_000 },
    { limit: 1, windowMs: 0 }, { limit: 1, windowMs: 0.5 }, { limit: 1, windowMs: Infinity }, { limit: 2 ** 30, windowMs: 2 ** 30 },
  ];
  for (const rate of badLimits) {
    it(`when a limit is ${rate.limit} per ${rate.windowMs} ms, then checkLimit throws RangeError`, () => {
      assert.throws(() => checkLimit(rate), RangeError);
    });
  }

  it('when a limit is whole and its product safe, then checkLimit accepts it', () => {
    assert.doesNotThrow(() => checkLimit({ limit: 1_000_000, windowMs: 86_400_000 }));
  });

  const stored: Array<[unknown, BucketState | undefined]> = [
    [{ t: NOW, f: 2 }, { t: NOW, f: 2 }],
    [{ t: NOW, f: 3 }, undefined],
    [{ t: NOW, f: -1 }, undefined],
    [{ t: NOW + 0.5, f: 0 }, undefined],
    [{ t: '1', f: 0 }, undefined],
    [{ t: NOW }, undefined],
    [[NOW, 0], undefined],
    [null, undefined],
    [undefined, undefined],
    [7, undefined],
  ];
  for (const [value, want] of stored) {
    it(`when the stored value is ${JSON.stringify(value)}, then bucketState reads ${want ? 'a bucket' : 'a full bucket (undefined)'}`, () => {
      assert.deepEqual(bucketState(value, THREE_PER_MINUTE), want);
    });
  }
});
