import assert from 'node:assert/strict';
import { dueCount, runPaced, scheduleOffsetMs } from '../../../bench/pacing.js';

describe('bench open-loop pacing', () => {
  it('when sends are scheduled, then the i-th is at i·1000/rate ms whatever came before', () => {
    assert.equal(scheduleOffsetMs(0, 2500), 0);
    assert.equal(scheduleOffsetMs(1, 2500), 0.4);
    assert.equal(scheduleOffsetMs(2500, 2500), 1000);
    assert.equal(scheduleOffsetMs(3, 1000), 3);
    assert.throws(() => scheduleOffsetMs(1, 0), RangeError);
  });

  it('when time passes, then the due count includes every send scheduled at or before now, capped at the total', () => {
    assert.equal(dueCount(-1, 1000, 10), 0);
    assert.equal(dueCount(0, 1000, 10), 1);
    assert.equal(dueCount(0.999, 1000, 10), 1);
    assert.equal(dueCount(1, 1000, 10), 2);
    assert.equal(dueCount(2.5, 2500, 100), 7);
    assert.equal(dueCount(1e6, 1000, 10), 10);
  });

  it('when a paced run fires, then every send comes once, in order, never before its scheduled time', async () => {
    const fired: Array<[number, number, number]> = [];
    const t0 = performance.now();
    await runPaced(2000, 40, (i, sched) => fired.push([i, sched, performance.now()]));
    const took = performance.now() - t0;
    assert.deepEqual(fired.map((f) => f[0]), Array.from({ length: 40 }, (_, i) => i));
    for (const [, sched, at] of fired) assert.ok(at >= sched - 0.001, `fired ${sched - at} ms early`);
    const first = fired[0]?.[1] ?? 0;
    fired.forEach(([i, sched]) => assert.ok(Math.abs(sched - first - i * 0.5) < 1e-9));
    assert.ok(took >= 19.5 && took < 1000, `took ${took} ms for 40 sends at 2000/s`);
  });
});
