/**
 * The message-relay benchmark over its three paths. Each path is opened once; its throughput
 * is measured first on the harness's ejabberd config (mod_mam archiving on Mnesia), then the
 * config is switched to the main one (no mod_mam; mod_ofgate kept) for throughput and the paced
 * latency runs. The direct path is also measured with neither module ("ejabberd itself").
 * ofgate's shared mode (labels ofgate-shared: one instance; ofgate-cross: two instances, each
 * message crossing from one to the other) is measured on the main config only.
 */
import type { BenchMode } from './bench-modes.js';
import { applyVariant, type Variant } from './ejabberd-variant.js';
import type { Outcome } from './outcome.js';
import { attempt } from './outcome.js';
import { leastDisturbed } from './quiet.js';
import type { EjabberdTarget } from './relay-direct.js';
import { measurePaced, measureThroughput, type LoopDelay, type Meter, type RelayPath, type ThroughputResult } from './relay-driver.js';
import type { RelayFigures } from './results.js';

export const HARNESS: Variant = { mam: true, shim: true };
export const MAIN: Variant = { mam: false, shim: true };
export const PLAIN: Variant = { mam: false, shim: false };

export interface RelaySuiteContext {
  readonly mode: BenchMode;
  readonly ej: EjabberdTarget & { readonly dir: string };
  readonly meter: Meter;
  /** Waits for the box to go quiet before the named phase (and records its speed). */
  readonly quiet: (phase: string) => Promise<void>;
  readonly log: (s: string) => void;
  /** Wraps ofgate's throughput run (CPU profile). */
  readonly profiled: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  /** Measures ofgate's event-loop delay around a run (undefined when ofgate is not running). */
  readonly loopDelay?: <T extends object>(run: () => Promise<T>) => Promise<T & { ofgateLoopDelayMs?: LoopDelay }>;
}

export interface PathRun {
  readonly figures: Outcome<RelayFigures>;
  readonly harnessThroughput: Outcome<ThroughputResult>;
  readonly plainThroughput?: Outcome<ThroughputResult>;
}

export type RelayLabel = 'direct' | 'http-api' | 'ofgate' | 'ofgate-shared' | 'ofgate-cross';

export async function runRelayPath(ctx: RelaySuiteContext, label: RelayLabel, open: () => Promise<RelayPath>, inFlightPerLane: number): Promise<PathRun> {
  const { mode, ej, meter, log } = ctx;
  const isOfgate = label.startsWith('ofgate');
  const profileName = `relay-${label}`;
  const variant = (v: Variant) => applyVariant(ej.agent, ej.apiUrl, ej.dir, v);
  const retry = (what: string) => (others: number) => log(`${label} ${what}: other processes used ${Math.round(others)}% of a core meanwhile; measuring again`);
  const watched = <T extends object>(run: () => Promise<T>): Promise<T> => (isOfgate && ctx.loopDelay ? ctx.loopDelay(run) : run());
  const throughput = async (name: string, path: RelayPath): Promise<ThroughputResult> => {
    const measure = async () => {
      await ctx.quiet(`${label} throughput (${name} config)`);
      return watched(() => measureThroughput(path, { inFlightPerLane, ...mode.throughput, meter }));
    };
    const r = await leastDisturbed(mode.attempts, () => (isOfgate && name === 'main' ? ctx.profiled(profileName, measure) : measure()), (x) => x.cpu.others, retry(`throughput (${name})`));
    log(`${label} (${name} config): ${Math.round(r.msgsPerSec)} msgs/s, ${r.lost} lost (${r.boundBy})`);
    return r;
  };
  const opened = await attempt(`${label} relay`, open);
  if (!opened.ok) return { figures: opened, harnessThroughput: opened };
  const path = opened.value;
  try {
    const harnessThroughput: Outcome<ThroughputResult> = label.startsWith('ofgate-')
      ? { ok: false, reason: 'not measured in the shared mode' }
      : await variant(HARNESS).then(() => attempt(`${label} relay (harness config)`, () => throughput('harness', path)));
    await variant(MAIN);
    const figures = await attempt(`${label} relay`, async () => {
      const main = await throughput('main', path);
      const paced = [];
      for (const rate of mode.paced.rates) {
        const p = await leastDisturbed(mode.attempts, async () => {
          await ctx.quiet(`${label} at ${rate}/s`);
          const run = () => watched(() => measurePaced(path, { rate, warmupMs: mode.paced.warmupMs, durationMs: mode.paced.durationMs, meter }));
          return isOfgate ? ctx.profiled(`${profileName}-at-${rate}`, run) : run();
        }, (x) => x.cpu.others, retry(`at ${rate}/s`));
        const waited = p.cpuWaitMsPerSec ? `; waited for a CPU, ms per s: ${Object.entries(p.cpuWaitMsPerSec).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
        const loop = (p.ofgateLoopDelayMs ? ` (ofgate event-loop delay p99 ${p.ofgateLoopDelayMs.p99} ms, max ${p.ofgateLoopDelayMs.max} ms)` : '') + waited;
        log(`${label} at ${rate}/s: p50 ${p.latency.p50.toFixed(2)} ms, p99 ${p.latency.p99.toFixed(2)} ms, ${p.lost} lost${loop}`);
        paced.push(p);
      }
      return { throughput: main, paced };
    });
    if (label !== 'direct') return { figures, harnessThroughput };
    await variant(PLAIN);
    const plainThroughput = await attempt('direct relay (plain ejabberd)', () => throughput('plain', path));
    return { figures, harnessThroughput, plainThroughput };
  } finally {
    await variant(MAIN).catch(() => {});
    await path.close();
  }
}
