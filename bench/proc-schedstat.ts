/**
 * CPU time a process spent running, in nanoseconds, from /proc/<pid>/task/<tid>/schedstat (the
 * first field of each thread, summed): finer than /proc/<pid>/stat's clock ticks (10 ms), so a
 * phase of a thousand messages (tens of ms of CPU) is measured to the microsecond. Threads that
 * ended during the window are not counted (ejabberd's schedulers and node's threads live as long
 * as the process). proc(5), sched-stats.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function processCpuNs(pid: number): number {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ', 1)[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    return Number.NaN;
  }
  return total;
}
