/**
 * CPU used per process (utime+stime from /proc/<pid>/stat) and by the whole machine
 * (/proc/stat) over a window, so each figure can say what bounded it. proc(5).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const clockTicks = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU per process in % of ONE core (200 = both cores of a 2-core box); machine in % of all cores. */
export interface CpuReport {
  readonly seconds: number;
  readonly cores: number;
  readonly perProcess: Readonly<Record<string, number>>;
  /** Busy share of the whole machine, 0..100. */
  readonly machine: number;
  /** Everything else on the box (other processes, kernel softirq), in % of one core. */
  readonly others: number;
}

export function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return Number.NaN;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total };
}

export interface CpuMeter {
  stop(): CpuReport;
}

export function startCpuMeter(pids: Readonly<Record<string, number>>): CpuMeter {
  const t0 = performance.now();
  const m0 = machineTicks();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processTicks(pid)]));
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      const cores = cpus().length;
      const perProcess: Record<string, number> = {};
      let ours = 0;
      for (const [k, pid] of Object.entries(pids)) {
        const pct = ((processTicks(pid) - (p0[k] ?? 0)) / clockTicks / seconds) * 100;
        perProcess[k] = pct;
        if (Number.isFinite(pct)) ours += pct;
      }
      const machineShare = m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : 0;
      return { seconds, cores, perProcess, machine: machineShare * 100, others: Math.max(0, machineShare * cores * 100 - ours) };
    },
  };
}

/** CPU time per unit of work (µs per message, per login) for each measured process. */
export function cpuMicrosPer(report: CpuReport, units: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, pct] of Object.entries(report.perProcess)) out[k] = units > 0 ? ((pct / 100) * report.seconds * 1e6) / units : Number.NaN;
  return out;
}
