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

/** One thread's scheduler figures (ns, and the times it was switched in). */
export interface ThreadSched {
  readonly runNs: number;
  /** Time it was runnable but waited for a CPU (other processes had them). */
  readonly waitNs: number;
  readonly slices: number;
}

/** /proc/<pid>/task/<tid>/schedstat of one thread (the main thread: tid = pid); undefined when gone. */
export function threadSched(pid: number, tid = pid): ThreadSched | undefined {
  try {
    const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { runNs: run ?? 0, waitNs: wait ?? 0, slices: slices ?? 0 };
  } catch {
    return undefined;
  }
}

/** A process's read and write system calls and their bytes so far (/proc/<pid>/io syscr, syscw, rchar, wchar: sockets included). */
export interface IoCalls {
  readonly readCalls: number;
  readonly writeCalls: number;
  readonly readBytes: number;
  readonly writeBytes: number;
}

export function ioCalls(pid: number): IoCalls | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { readCalls: field('syscr'), writeCalls: field('syscw'), readBytes: field('rchar'), writeBytes: field('wchar') };
  } catch {
    return undefined;
  }
}
