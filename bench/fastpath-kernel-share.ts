/**
 * How much of a process's CPU went to the kernel (stime ÷ (utime + stime) from /proc/<pid>/stat,
 * proc(5)) over a window: for ofgate that is mostly its journal's write + fdatasync and its
 * sockets, so it tells store and network cost from JavaScript. Ticks cancel out, so no CLK_TCK.
 */
import { readFileSync } from 'node:fs';

function userAndSystem(pid: number): [number, number] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(f[11]), Number(f[12])];
  } catch {
    return [Number.NaN, Number.NaN];
  }
}

/** Starts a window; `stop()` gives the kernel's share of the process's CPU in it, 0..1 (NaN when unknown). */
export function startKernelShare(pid: number): { stop(): number } {
  const [u0, s0] = userAndSystem(pid);
  return {
    stop() {
      const [u1, s1] = userAndSystem(pid);
      const total = u1 - u0 + (s1 - s0);
      return total > 0 ? (s1 - s0) / total : Number.NaN;
    },
  };
}
