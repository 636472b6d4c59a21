/**
 * The box is shared (other test runs, editors), so before each measured phase the benchmark
 * waits until the rest of the machine is nearly idle, and records how busy it still was.
 */
import { startCpuMeter } from './proc-cpu.js';

/** Waits (≤ maxWaitMs) for a 1 s window where other processes use < thresholdPct of one core; returns their last %. */
export async function waitForQuiet(ours: Readonly<Record<string, number>>, maxWaitMs: number, thresholdPct = 15): Promise<number> {
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const m = startCpuMeter(ours);
    await new Promise((r) => setTimeout(r, 1000));
    const r = m.stop();
    if (r.others < thresholdPct || Date.now() >= until) return r.others;
  }
}

/**
 * Runs a measurement up to `attempts` times until other processes stayed under
 * `thresholdPct` of one core during it; keeps the least disturbed result.
 */
export async function leastDisturbed<T>(attempts: number, run: () => Promise<T>, othersOf: (r: T) => number, onRetry?: (others: number) => void, thresholdPct = 25): Promise<T> {
  let best: T | undefined;
  for (let i = 0; i < attempts; i++) {
    const r = await run();
    if (best === undefined || othersOf(r) < othersOf(best)) best = r;
    if (othersOf(r) < thresholdPct) break;
    if (i + 1 < attempts) onRetry?.(othersOf(r));
  }
  return best as T;
}
