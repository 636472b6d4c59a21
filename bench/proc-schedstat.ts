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

/** The schedstat of a process's main thread (/proc/<pid>/task/<pid>); undefined when gone. */
export function threadSched(pid: number): ThreadSched | undefined {
  try {
    const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { runNs: run ?? 0, waitNs: wait ?? 0, slices: slices ?? 0 };
  } catch {
    return undefined;
  }
}

/** What the main threads of `pids` (name → pid) did from the start to `stop()`: ms run and waited for a CPU, times switched in, and the process's system calls. */
export interface MainThreadDelta {
  readonly seconds: number;
  readonly runMs: number;
  readonly waitMs: number;
  readonly slices: number;
  readonly io?: IoCalls;
}

export function startMainThreadMeter(pids: Readonly<Record<string, number>>): { stop(): Record<string, MainThreadDelta> } {
  const t0 = performance.now();
  const read = () => Object.entries(pids).map(([k, pid]) => ({ k, sched: threadSched(pid), io: ioCalls(pid) }));
  const before = read();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const out: Record<string, MainThreadDelta> = {};
      read().forEach(({ k, sched: a, io: ia }, i) => {
        const { sched: b, io: ib } = before[i] as (typeof before)[number];
        if (!a || !b) return;
        const io = ia && ib ? { readCalls: ia.readCalls - ib.readCalls, writeCalls: ia.writeCalls - ib.writeCalls, readBytes: ia.readBytes - ib.readBytes, writeBytes: ia.writeBytes - ib.writeBytes } : undefined;
        out[k] = { seconds, runMs: (a.runNs - b.runNs) / 1e6, waitMs: (a.waitNs - b.waitNs) / 1e6, slices: a.slices - b.slices, ...(io ? { io } : {}) };
      });
      return out;
    },
  };
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
