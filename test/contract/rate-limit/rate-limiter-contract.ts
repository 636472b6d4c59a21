/**
 * The rate limiter's contract as tests, run against each store backend by
 * rate-limiter-backends.test.ts: the scenario table (rate-limit-scenarios.ts) on a fake clock,
 * bucket expiry, and two instances racing over one shared state. A backend passes a harness
 * that opens two handles on one fresh, empty state (the same object for a local store, two
 * connections for Redis).
 */
import assert from 'node:assert/strict';
import type { Clock } from '../../../gateway/clock/index.js';
import { bucketId, createRateLimiter, RATE_LIMIT_COLLECTION, type RateDecision, type RateLimiter } from '../../../gateway/rate-limit/index.js';
import type { Store } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';
import { scenarios, type Take } from './rate-limit-scenarios.js';

export interface SharedState {
  /** Two instances' handles on one state. */
  readonly stores: readonly [Store, Store];
  close(): Promise<void>;
}

export interface RateLimitHarness {
  /** A fresh, empty state; `clock` is the one local stores expire records by. */
  open(clock: Clock): Promise<SharedState>;
}

const allowedCount = (ds: readonly RateDecision[]): number => ds.filter((d) => d.allowed).length;

export function describeRateLimiterContract(name: string, harness: RateLimitHarness): void {
  describe(`rate limiter contract: ${name}`, () => {
    let clock: FakeClock;
    let state: SharedState;
    let limiters: [RateLimiter, RateLimiter];
    beforeEach(async () => {
      clock = createFakeClock(Date.now());
      state = await harness.open(clock);
      limiters = [createRateLimiter({ store: state.stores[0], clock }), createRateLimiter({ store: state.stores[1], clock })];
    });
    afterEach(async () => {
      await state.close();
    });

    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        let at = 0;
        for (const [i, step] of scenario.steps.entries()) {
          clock.advance(step.at - at);
          at = step.at;
          for (const [n, want] of step.expect.entries()) {
            // Alternate the two instances: the answer must not depend on which one asks.
            const got = await limiters[n % 2]?.take(step.take);
            assert.deepEqual(got, want, `step ${i} (at ${step.at} ms), take ${n + 1}: ${JSON.stringify(step.take.map((k) => k.key.slice(0, 20)))}`);
          }
        }
      });
    }

    it('when a request is allowed, then each bucket record expires within one window', async () => {
      const take: Take = [{ key: 'addr:1', limit: { limit: 5, windowMs: 30_000 } }, { key: 'wg:w', limit: { limit: 100, windowMs: 60_000 } }];
      await limiters[0].take(take);
      const records = state.stores[0].collection(RATE_LIMIT_COLLECTION);
      for (const { key, limit } of take) {
        const rec = await records.getVersioned(bucketId(key, limit));
        assert.ok(rec?.expiresAt !== undefined, `${key} has an expiry`);
        assert.ok(rec.expiresAt <= Math.max(clock.now(), Date.now()) + limit.windowMs, `${key} expires within ${limit.windowMs} ms: ${rec.expiresAt - clock.now()}`);
      }
    });

    it('when two instances take concurrently on one key, then exactly `limit` pass in total', async () => {
      const limit = { limit: 5, windowMs: 60_000 };
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]?.take([{ key: 'wg:hot', limit }]) as Promise<RateDecision>));
      assert.equal(allowedCount(decisions), 5);
      assert.deepEqual(decisions.filter((d) => !d.allowed).map((d) => d.retryAfterSeconds), Array.from({ length: 35 }, () => 12));
      assert.equal((await limiters[1].take([{ key: 'wg:hot', limit }])).allowed, false);
    });

    it('when two instances race for the last slot of a shared workgroup key, then exactly one gets it, round after round', async () => {
      const address = { limit: 10, windowMs: 60_000 };
      const workgroup = { limit: 3, windowMs: 60_000 };
      for (let round = 0; round < 10; round++) {
        const wg = `wg:round${round}`;
        for (let i = 0; i < 2; i++) assert.equal((await limiters[0].take([{ key: `addr:early${round}`, limit: address }, { key: wg, limit: workgroup }])).allowed, true);
        const [a, b] = await Promise.all([
          limiters[0].take([{ key: `addr:a${round}`, limit: address }, { key: wg, limit: workgroup }]),
          limiters[1].take([{ key: `addr:b${round}`, limit: address }, { key: wg, limit: workgroup }]),
        ]);
        assert.equal(allowedCount([a, b]), 1, `round ${round}: ${JSON.stringify([a, b])}`);
        // The loser counted against nothing: its address still has its whole limit.
        const loser = a.allowed ? `addr:b${round}` : `addr:a${round}`;
        assert.deepEqual(await limiters[1].take([{ key: loser, limit: address }]), { allowed: true, remaining: 9, retryAfterSeconds: 0 });
      }
    });
  });
}
