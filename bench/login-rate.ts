/** Login rate: `count` logins with `inFlight` at a time, each timed from its start to its answer. */
import { boundBy } from './bound-by.js';
import { runPool } from './pool.js';
import { cpuMicrosPer, startCpuMeter, type CpuReport } from './proc-cpu.js';
import type { Meter } from './relay-driver.js';
import { summarize, type LatencySummary } from './stats.js';

export interface LoginRateResult {
  readonly logins: number;
  readonly inFlight: number;
  readonly perSec: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly latency: LatencySummary;
  readonly cpu: CpuReport;
  /** CPU µs each process spent per successful call. */
  readonly cpuMicrosPerCall: Record<string, number>;
  readonly boundBy: string;
}

export async function measureLogins(count: number, inFlight: number, login: (i: number) => Promise<void>, meter: Meter): Promise<LoginRateResult> {
  const latencies: number[] = [];
  const cpu = startCpuMeter(meter.pids);
  const t0 = performance.now();
  const { errors, firstError } = await runPool(inFlight, count, async (i) => {
    const t = performance.now();
    await login(i);
    latencies.push(performance.now() - t);
  });
  const seconds = (performance.now() - t0) / 1000;
  const report = cpu.stop();
  return {
    logins: count,
    inFlight,
    perSec: (count - errors) / seconds,
    errors,
    ...(firstError ? { firstError } : {}),
    latency: summarize(latencies),
    cpu: report,
    cpuMicrosPerCall: cpuMicrosPer(report, count - errors),
    boundBy: boundBy(report, meter.threads),
  };
}
