/**
 * A fixed CPU workload timed before each measured phase: the box is a VM whose speed drifts
 * (a busy neighbour on the host slows every process alike, with no steal time shown), so a
 * phase measured while the host was slow can be told apart from a slow ofgate.
 */
import { createHash } from 'node:crypto';

const block = Buffer.alloc(4096, 7);

function hashesPerMs(ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 20; i++) createHash('sha256').update(block).digest();
    n += 20;
    t = performance.now();
  }
  return n / (t - t0);
}

hashesPerMs(50); // warm-up: the first run also pays for compilation

/** SHA-256 of 4 KiB blocks per millisecond, best of three 60 ms runs (higher is faster). */
export function cpuSpeed(): number {
  return Math.max(hashesPerMs(60), hashesPerMs(60), hashesPerMs(60));
}
