/**
 * Preloaded into the separately spawned ofgate (`node --expose-gc --import <this>`), it answers
 * the benchmark over the IPC channel: a full GC followed by memory figures (with V8's heap spaces), CPU profiles of one
 * phase (the inspector's Profiler, the data `node --cpu-prof` writes), heap snapshots, the
 * event-loop delay during a phase (perf_hooks.monitorEventLoopDelay), and the pauses during a
 * phase on the shared monotonic clock (every GC, and every stall of a 1 ms timer split by the main
 * thread's schedstat into ran, waited for a CPU and slept: relay-timeline.ts). It adds nothing to
 * ofgate's work while no request comes.
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot, type HeapSpaceInfo } from 'node:v8';
import type { ProbeOp } from './probe-channel.js';

interface Request {
  readonly id: number;
  readonly op: ProbeOp;
  readonly file?: string;
}

/** A pause of the JS thread on the system's monotonic clock (ms, as process.hrtime): comparable across processes. */
export interface Pause {
  readonly at: number;
  readonly ms: number;
  /** GC kind (scavenge, mark-compact, incremental, weak callbacks) or "stall": a 1 ms timer late by `ms`. */
  readonly kind: string;
  /** A stall's split by the thread's schedstat: on a CPU, runnable but waiting for one (the rest it slept: blocked). */
  readonly ranMs?: number;
  readonly waitedMs?: number;
}

/** What some ops answer: `gc` gives process.memoryUsage() after the GC plus V8's heap spaces (used vs committed). */
export interface ProbeAnswer {
  readonly gc: NodeJS.MemoryUsage & { readonly spaces?: HeapSpaceInfo[] };
  /** `pause-log-stop`: every GC, and every stall of a 1 ms timer over STALL_MS, since `pause-log-start`. */
  readonly pauses: Pause[];
}

const GC_KINDS: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
const STALL_MS = 2;
/** performance.now() (this process's origin) → the monotonic clock every process shares. */
const monotonicOffset = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/**
 * The main thread's [ns on a CPU, ns runnable but waiting for one] (proc(5) schedstat), read with
 * one read call on a file kept open (the log's own system calls stay out of the figures it sits
 * beside). The kernel updates a running thread's time at its scheduler ticks, so one stall's split
 * is good to about a tick (4 ms at 250 Hz); sums over many stalls are what to read.
 */
function schedReader(): { read(): [number, number]; close(): void } {
  const fd = openSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'r');
  const buf = Buffer.alloc(128);
  return {
    read() {
      const n = readSync(fd, buf, 0, buf.length, 0);
      const [run, wait] = buf.toString('latin1', 0, n).split(' ');
      return [Number(run), Number(wait)];
    },
    close: () => closeSync(fd),
  };
}

/**
 * Records GCs (PerformanceObserver) and event-loop stalls (a 1 ms timer's lateness) until stopped.
 * A GC long enough also shows as a stall: the kinds overlap.
 */
function pauseLog(): () => Pause[] {
  const pauses: Pause[] = [];
  const record = (entries: readonly PerformanceEntry[]): void => {
    for (const e of entries) {
      const kind = ((e as { detail?: { kind?: number } }).detail)?.kind ?? 0;
      pauses.push({ at: monotonicOffset + e.startTime, ms: e.duration, kind: GC_KINDS[kind] ?? `gc-${kind}` });
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const sched = schedReader();
  let last = performance.now();
  let lastSched = sched.read();
  const timer = setInterval(() => {
    const now = performance.now();
    const at = sched.read();
    if (now - last > 1 + STALL_MS) {
      // What the thread did meanwhile: ran (a long task or a GC), waited for a CPU (another process had it), or neither (slept).
      const ran = (at[0] - lastSched[0]) / 1e6;
      const waited = (at[1] - lastSched[1]) / 1e6;
      // the timer was due 1 ms after the last tick: the stall is its lateness from then
      pauses.push({ at: monotonicOffset + last + 1, ms: now - last - 1, kind: 'stall', ranMs: ran, waitedMs: waited });
    }
    last = now;
    lastSched = at;
  }, 1);
  return () => {
    clearInterval(timer);
    sched.close();
    record(observer.takeRecords());
    observer.disconnect();
    return pauses.sort((a, b) => a.at - b.at);
  };
}
let stopPauseLog: (() => Pause[]) | undefined;

const session = new Session();
let loopDelay: IntervalHistogram | undefined;
const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

async function answer(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'gc': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) for (let i = 0; i < 3; i++) gc();
      await new Promise((r) => setTimeout(r, 200));
      const answer: ProbeAnswer['gc'] = { ...process.memoryUsage(), spaces: getHeapSpaceStatistics() };
      return answer;
    }
    case 'profile-start':
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      return {};
    case 'profile-stop': {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      if (req.file) writeFileSync(req.file, JSON.stringify(profile));
      return { file: req.file };
    }
    case 'heap-snapshot':
      return { file: writeHeapSnapshot(req.file) };
    case 'loop-delay-start':
      loopDelay = monitorEventLoopDelay({ resolution: 1 });
      loopDelay.enable();
      return {};
    case 'loop-delay-stop': {
      const h = loopDelay;
      h?.disable();
      loopDelay = undefined;
      const ms = (ns: number | undefined): number => Math.round(((ns ?? 0) / 1e6) * 100) / 100;
      return h ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) } : {};
    }
    case 'pause-log-start':
      stopPauseLog?.();
      stopPauseLog = pauseLog();
      return {};
    case 'pause-log-stop': {
      const pauses: ProbeAnswer['pauses'] = stopPauseLog?.() ?? [];
      stopPauseLog = undefined;
      return pauses;
    }
  }
}

if (process.send) {
  process.channel?.unref();
  process.on('message', (msg: Request) => {
    answer(msg).then(
      (result) => process.send?.({ id: msg.id, result }),
      (err: Error) => process.send?.({ id: msg.id, error: err.message }),
    );
  });
}
