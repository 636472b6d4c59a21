/**
 * Drives one measured phase of the Fastpath benchmark, for ofgate and for the direct baseline
 * alike: `n` requests either paced open-loop at a fixed rate (request i due at i·1000/rate ms,
 * measured from that due time, so a slow server cannot hide its own latency) or closed-loop with
 * a fixed number in flight (the sustained rate). The CPU of the given processes is metered from
 * the first request to the last one's end.
 */
import { boundBy } from './bound-by.js';
import { runPaced } from './pacing.js';
import { runPool } from './pool.js';
import { cpuMicrosPer, startCpuMeter, type CpuReport } from './proc-cpu.js';

export type Load = { readonly kind: 'paced'; readonly rate: number } | { readonly kind: 'closed'; readonly inFlight: number };

export interface PhaseRun {
  readonly requests: number;
  /** First request to the last one in its room. */
  readonly seconds: number;
  /** The CPU window: up to the last chat ended (when the phase ends its chats). */
  readonly cpuSeconds: number;
  /** Requests done (in their room) per second of the phase. */
  readonly perSec: number;
  readonly failures: number;
  readonly firstFailures: readonly string[];
  readonly cpu: CpuReport;
  /** CPU µs per request for each metered process. */
  readonly cpuMicrosPerRequest: Readonly<Record<string, number>>;
  readonly boundBy: string;
}

/** CPU (% of one core) of each process over `ms` with no request coming in. */
export async function idleCpu(pids: Readonly<Record<string, number>>, ms: number): Promise<Record<string, number>> {
  const m = startCpuMeter(pids);
  await new Promise((r) => setTimeout(r, ms));
  return { ...m.stop().perProcess };
}

export function describeLoad(l: Load): string {
  return l.kind === 'paced' ? `paced at ${l.rate}/s` : `${l.inFlight} in flight`;
}

/**
 * `one(i, startedAt)` serves request i and resolves with undefined, or with what went wrong;
 * `settle` waits for the work the phase's requests still owe (their chats' ends), inside the CPU
 * window, so CPU per request covers a request's whole life.
 */
export async function drivePhase(n: number, load: Load, pids: Readonly<Record<string, number>>, one: (i: number, startedAt: number) => Promise<string | undefined>, settle?: () => Promise<void>): Promise<PhaseRun> {
  const failures: string[] = [];
  const note = (r: string | undefined): void => void (r !== undefined && failures.push(r));
  const meter = startCpuMeter(pids);
  const t0 = performance.now();
  if (load.kind === 'paced') {
    const pending: Array<Promise<void>> = [];
    await runPaced(load.rate, n, (i, at) => void pending.push(one(i, at).then(note, (e: unknown) => note((e as Error).message))));
    await Promise.all(pending);
  } else {
    await runPool(load.inFlight, n, async (i) => note(await one(i, performance.now()).catch((e: unknown) => (e as Error).message)));
  }
  const seconds = (performance.now() - t0) / 1000;
  await settle?.();
  const cpu = meter.stop();
  const done = n - failures.length;
  return {
    requests: n,
    seconds,
    cpuSeconds: cpu.seconds,
    perSec: done / seconds,
    failures: failures.length,
    firstFailures: [...new Set(failures)].slice(0, 3),
    cpu,
    cpuMicrosPerRequest: cpuMicrosPer(cpu, done),
    boundBy: boundBy(cpu, { single: ['ofgate', 'generator'], multi: ['ejabberd'] }, load.kind === 'paced' ? 'paced' : 'closed'),
  };
}
