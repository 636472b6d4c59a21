import assert from 'node:assert/strict';
import { backoffDelay, createConcurrencyGate, createReconnectScheduler, pauseFor } from '../../../gateway/xmpp/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

describe('xmpp reconnect scheduler', () => {
  const policy = { baseMs: 1000, maxMs: 30_000 };

  it('when the back-off is computed, then it is full jitter under a doubling ceiling capped at maxMs', () => {
    const table: Array<[attempt: number, random: number, expected: number]> = [
      [1, 0, 0],
      [1, 0.5, 500],
      [1, 0.999, 999],
      [2, 0.5, 1000],
      [3, 0.5, 2000],
      [5, 0.999, 15_984],
      [6, 0.999, 29_970], // 32 s ceiling capped at 30 s
      [40, 0.5, 15_000],
      [10_000, 0.999, 29_970], // no overflow for very long outages
      [0, 0.5, 500], // out-of-range attempts count as the first
    ];
    for (const [attempt, r, expected] of table) assert.equal(backoffDelay(policy, attempt, () => r), expected, `attempt ${attempt}, random ${r}`);
  });

  it('when many streams draw their first delay, then they spread over the whole window', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 2000 }, () => backoffDelay(policy, 1, random));
    const buckets = [0, 0, 0, 0];
    for (const d of delays) buckets[Math.floor(d / 250)]! += 1;
    for (const b of buckets) assert.ok(b > 400 && b < 600, `an even spread, got ${buckets.join('/')}`);
  });

  it('when more callers than slots acquire the gate, then at most `limit` hold it and the others go in arrival order', async () => {
    const gate = createConcurrencyGate(2);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const all = Array.from({ length: 5 }, (_, i) => gate.acquire().then((release) => {
      order.push(i);
      releases.push(release);
    }));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [0, 1]);
    assert.equal(gate.inFlight, 2);
    assert.equal(gate.waiting, 3);
    releases[0]!();
    releases[0]!(); // idempotent: frees one slot only
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [0, 1, 2]);
    assert.equal(gate.inFlight, 2);
    while (releases.length < 5) {
      releases.at(-1)!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(gate.maxInFlight, 2);
  });

  it('when a gate limit is not a positive integer, then it is refused', () => {
    assert.throws(() => createConcurrencyGate(0), RangeError);
    assert.throws(() => createConcurrencyGate(1.5), RangeError);
    assert.throws(() => createReconnectScheduler({ baseMs: 100, maxMs: 10, maxConcurrent: 1, clock: createFakeClock() }), RangeError);
  });

  it('when a pause runs on the clock, then it ends at its delay, leaves no timer, and can be cut short', async () => {
    const clock = createFakeClock();
    let ended = false;
    const p = pauseFor(clock, 300);
    void p.done.then(() => (ended = true));
    clock.advance(299);
    await Promise.resolve();
    assert.equal(ended, false);
    clock.advance(1);
    await p.done;
    assert.equal(clock.timers, 0);

    const cut = pauseFor(clock, 10_000);
    cut.cancel();
    await cut.done;
    assert.equal(clock.timers, 0);
    await pauseFor(clock, 0).done; // no wait at all
  });

  it('when the scheduler pauses for an attempt, then the delay follows the policy on its clock', async () => {
    const clock = createFakeClock();
    const s = createReconnectScheduler({ baseMs: 100, maxMs: 1000, maxConcurrent: 3, clock, random: () => 0.5 });
    let ended = false;
    const p = s.pause(3); // ceiling 400 → 200
    void p.done.then(() => (ended = true));
    clock.advance(199);
    await Promise.resolve();
    assert.equal(ended, false);
    clock.advance(1);
    await p.done;
    assert.equal(s.gate.inFlight, 0);
  });
});
