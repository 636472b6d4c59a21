/**
 * A fixed CPU workload timed before each measured phase: the box is a VM whose speed drifts
 * (a busy neighbour on the host slows every process alike, with no steal time shown), so a
 * phase measured while the host was slow can be told apart from a slow ofgate. cpuTimeSpeed
 * divides by the CPU time the work took instead of the wall time: other processes sharing the
 * core do not move it, a slow host (whose stolen time the guest counts as its own) does — the
 * factor that inflates every process's CPU per message alike.
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

/** SHA-256 of 4 KiB blocks per millisecond of this process's CPU time, best of three 60 ms runs. */
export function cpuTimeSpeed(): number {
  const once = (): number => {
    const c0 = process.cpuUsage();
    const n = hashesPerMs(60) * 60;
    const c = process.cpuUsage(c0);
    return n / ((c.user + c.system) / 1000);
  };
  return Math.max(once(), once(), once());
}
