/**
 * Open-loop pacing: message i is scheduled at start + i·1000/rate ms whatever happened to the
 * earlier ones, so a slow server cannot slow the generator down and hide its own latency
 * (coordinated omission). Latency is taken from the scheduled time.
 */

/** Offset of the i-th send from the start of the timeline, in ms. */
export function scheduleOffsetMs(i: number, ratePerSec: number): number {
  if (!(ratePerSec > 0)) throw new RangeError(`rate must be > 0, got ${ratePerSec}`);
  return (i * 1000) / ratePerSec;
}

/** How many sends are due (scheduled at or before) `elapsedMs` into the timeline, capped at total. */
export function dueCount(elapsedMs: number, ratePerSec: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSec) / 1000) + 1);
}

/**
 * Fires `total` sends on the timeline. Wakes with 1 ms timers (never spins: the generator
 * shares the CPU with the servers it measures), so sends leave in small bursts up to ~1 ms
 * late; `fire` gets the scheduled time to measure from. Resolves after the last send.
 */
export function runPaced(ratePerSec: number, total: number, fire: (i: number, scheduledAt: number) => void): Promise<void> {
  const start = performance.now() + 2;
  let next = 0;
  return new Promise((resolve) => {
    const tick = (): void => {
      const due = dueCount(performance.now() - start, ratePerSec, total);
      for (; next < due; next++) fire(next, start + scheduleOffsetMs(next, ratePerSec));
      if (next >= total) return resolve();
      const wait = start + scheduleOffsetMs(next, ratePerSec) - performance.now();
      setTimeout(tick, Math.max(1, Math.floor(wait)));
    };
    tick();
  });
}
