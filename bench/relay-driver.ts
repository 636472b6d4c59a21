/**
 * Drives one relay path: closed-loop throughput (each lane keeps N messages in flight until
 * they are DELIVERED) and open-loop latency at a paced rate. A message's sequence number
 * travels in its body ("m<seq>"), so the receiving side reports deliveries by number.
 */
import { boundBy, type Threads } from './bound-by.js';
import { runPaced } from './pacing.js';
import { cpuMicrosPer, startCpuMeter, type CpuReport } from './proc-cpu.js';
import { startMainThreadMeter } from './proc-schedstat.js';
import { summarize, type LatencySummary } from './stats.js';

export interface RelayPath {
  readonly name: string;
  readonly lanes: number;
  /** Sends message `seq` from lane's sender to lane's receiver; rejects when the send fails. */
  send(lane: number, seq: number): Promise<void>;
  /** The receiving side calls `cb(seq)` for every message it gets. */
  onDelivered(cb: (seq: number) => void): void;
  close(): Promise<void>;
}

export interface Meter {
  /** Processes whose CPU is measured (name → pid). */
  readonly pids: Readonly<Record<string, number>>;
  /** Which of them are one JS thread, which run a scheduler per core. */
  readonly threads: Threads;
}

/** ofgate's event-loop delay during a run (ms): how long ready work waited for the JS thread. */
export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface ThroughputResult {
  readonly msgsPerSec: number;
  readonly inFlight: number;
  readonly delivered: number;
  readonly errors: number;
  readonly lost: number;
  readonly latency: LatencySummary;
  readonly cpu: CpuReport;
  /** CPU µs each process spent per delivered message. */
  readonly cpuMicrosPerMsg: Record<string, number>;
  readonly boundBy: string;
  readonly ofgateLoopDelayMs?: LoopDelay;
}

export interface PacedResult {
  readonly rate: number;
  readonly sent: number;
  readonly delivered: number;
  readonly errors: number;
  readonly lost: number;
  /** From the scheduled send time (includes generator lag): the figure in the tables. */
  readonly latency: LatencySummary;
  readonly latencyFromSend: LatencySummary;
  readonly sendLag: LatencySummary;
  readonly cpu: CpuReport;
  readonly boundBy: string;
  readonly ofgateLoopDelayMs?: LoopDelay;
  /**
   * Per single-threaded process (ofgate, the generator): ms per second its main thread was runnable but waited for a
   * CPU (schedstat): the share of a latency tail that is the box's other processes, not its own work.
   */
  readonly cpuWaitMsPerSec?: Record<string, number>;
}

let nextSeq = 1;
const DRAIN_MS = 5000;

async function drain(pending: Map<number, unknown>): Promise<void> {
  const until = performance.now() + DRAIN_MS;
  while (pending.size > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

export async function measureThroughput(path: RelayPath, o: { inFlightPerLane: number; warmupMs: number; durationMs: number; meter: Meter }): Promise<ThroughputResult> {
  const pending = new Map<number, { lane: number; t: number }>();
  const latencies: number[] = [];
  let measuring = false;
  let stopped = false;
  let delivered = 0;
  let errors = 0;
  const launch = (lane: number): void => {
    const seq = nextSeq++;
    pending.set(seq, { lane, t: performance.now() });
    path.send(lane, seq).catch(() => {
      errors++;
      pending.delete(seq);
      if (!stopped) setTimeout(() => launch(lane), 10);
    });
  };
  path.onDelivered((seq) => {
    const p = pending.get(seq);
    if (!p) return;
    pending.delete(seq);
    if (measuring) {
      delivered++;
      latencies.push(performance.now() - p.t);
    }
    if (!stopped) launch(p.lane);
  });
  for (let lane = 0; lane < path.lanes; lane++) for (let k = 0; k < o.inFlightPerLane; k++) launch(lane);
  await new Promise((r) => setTimeout(r, o.warmupMs));
  measuring = true;
  const errorsBefore = errors;
  const meter = startCpuMeter(o.meter.pids);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.durationMs));
  const elapsed = performance.now() - t0;
  const cpu = meter.stop();
  measuring = false;
  stopped = true;
  await drain(pending);
  return {
    msgsPerSec: delivered / (elapsed / 1000),
    inFlight: path.lanes * o.inFlightPerLane,
    delivered,
    errors: errors - errorsBefore,
    lost: pending.size,
    latency: summarize(latencies),
    cpu,
    cpuMicrosPerMsg: cpuMicrosPer(cpu, delivered),
    boundBy: boundBy(cpu, o.meter.threads),
  };
}

export async function measurePaced(path: RelayPath, o: { rate: number; warmupMs: number; durationMs: number; meter: Meter }): Promise<PacedResult> {
  const pending = new Map<number, { sched: number; sent: number; counted: boolean }>();
  const fromSched: number[] = [];
  const fromSend: number[] = [];
  const lag: number[] = [];
  let errors = 0;
  let sent = 0;
  path.onDelivered((seq) => {
    const p = pending.get(seq);
    if (!p) return;
    pending.delete(seq);
    if (!p.counted) return;
    const now = performance.now();
    fromSched.push(now - p.sched);
    fromSend.push(now - p.sent);
    lag.push(p.sent - p.sched);
  });
  const warmN = Math.round((o.rate * o.warmupMs) / 1000);
  const total = warmN + Math.round((o.rate * o.durationMs) / 1000);
  let meter: ReturnType<typeof startCpuMeter> | undefined;
  let waits: ReturnType<typeof startWaitMeter> | undefined;
  await runPaced(o.rate, total, (i, sched) => {
    if (i === warmN) {
      meter = startCpuMeter(o.meter.pids);
      waits = startWaitMeter(o.meter);
    }
    const seq = nextSeq++;
    const counted = i >= warmN;
    if (counted) sent++;
    pending.set(seq, { sched, sent: performance.now(), counted });
    path.send(i % path.lanes, seq).catch(() => {
      if (counted) errors++;
      pending.delete(seq);
    });
  });
  const cpu = (meter ?? startCpuMeter(o.meter.pids)).stop();
  const cpuWaitMsPerSec = waits?.stop();
  await drain(pending);
  let lost = 0;
  for (const p of pending.values()) if (p.counted) lost++;
  return {
    rate: o.rate,
    sent,
    delivered: fromSched.length,
    errors,
    lost,
    latency: summarize(fromSched),
    latencyFromSend: summarize(fromSend),
    sendLag: summarize(lag),
    cpu,
    boundBy: boundBy(cpu, o.meter.threads, 'paced'),
    ...(cpuWaitMsPerSec ? { cpuWaitMsPerSec } : {}),
  };
}

/** The single-threaded processes' main-thread waits for a CPU from now until `stop` (ms per second). */
function startWaitMeter(m: Meter): { stop(): Record<string, number> } {
  const pids = Object.fromEntries(m.threads.single.flatMap((k) => (m.pids[k] === undefined ? [] : [[k, m.pids[k] as number]])));
  const meter = startMainThreadMeter(pids);
  return {
    stop: () => Object.fromEntries(Object.entries(meter.stop()).map(([k, d]) => [k, Math.round((d.waitMs / d.seconds) * 10) / 10])),
  };
}
