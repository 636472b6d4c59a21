/**
 * Names what limited a figure from the CPU each process used while it was measured:
 * a Node process is one JS thread (saturated near 100% of a core); ejabberd's BEAM runs a
 * scheduler per core, so well above one core (≥ 120%) with idle cores left it is held up by
 * something serial inside (a table owner, a single process); the machine is saturated when all cores
 * are busy. For a paced (fixed-rate) run nothing bounds the rate: the same rule tells how close
 * to saturation each process ran.
 */
import type { CpuReport } from './proc-cpu.js';

const SATURATED = 90;

export interface Threads {
  /** One JS thread each (ofgate, the load generator). */
  readonly single: readonly string[];
  /** Schedulers on every core (ejabberd). */
  readonly multi?: readonly string[];
}

export function boundBy(cpu: CpuReport, threads: Threads | readonly string[], kind: 'closed' | 'paced' = 'closed'): string {
  const t: Threads = Array.isArray(threads) ? { single: threads } : (threads as Threads);
  const parts = Object.entries(cpu.perProcess)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k} ${Math.round(v)}%`);
  parts.push(`others ${Math.round(cpu.others)}%`);
  const detail = parts.join(', ');
  const hot = t.single.filter((k) => (cpu.perProcess[k] ?? 0) >= SATURATED);
  const busyMulti = (t.multi ?? []).filter((k) => (cpu.perProcess[k] ?? 0) >= 120);
  if (cpu.machine >= SATURATED) {
    const top = Object.entries(cpu.perProcess).sort((a, b) => b[1] - a[1])[0];
    const thread = hot.length ? `; ${hot.join(' and ')} at a full core` : '';
    return `the machine (${Math.round(cpu.machine)}% of ${cpu.cores} cores busy, most by ${top?.[0] ?? '?'}${thread}): ${detail}`;
  }
  if (hot.length) return `${hot.join(' and ')} CPU (one JS thread saturated): ${detail}`;
  if (busyMulti.length) return `${busyMulti.join(' and ')} (over a core busy with cores left idle: serialized inside): ${detail}`;
  const tail = kind === 'closed' ? ': concurrency/latency-bound' : '';
  return `no CPU saturated (machine ${Math.round(cpu.machine)}% busy)${tail}: ${detail}`;
}
