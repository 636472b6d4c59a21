/**
 * The 25% goal measured so a busy box cannot decide it: short relay-throughput rounds that
 * alternate the embedded and the shared mode (E S, S E, E S, …), each mode in a fresh ofgate
 * process on the stack's port (the shared one against the given Redis), with new sender and
 * receiver sessions per round, on ejabberd's main config (no mod_mam). The two halves of a round are seconds apart, so whatever else
 * the machine runs weighs on both alike; the figure is the median of the rounds' ratios. Each
 * half's CPU is also scaled by the host's speed around it (cpuTimeSpeed before and after: this
 * VM's vCPUs slow down by up to ~2× with no steal time shown, which inflates CPU per message):
 * the ratio compares work, not the host's mood. summarizeRounds is pure.
 */
import type { Stack } from '../test/harness/start-stack.js';
import { applyVariant } from './ejabberd-variant.js';
import { keepAliveAgent } from './http-client.js';
import type { OfgateTarget } from './ofgate-chat.js';
import { startOfgateProcess } from './ofgate-process.js';
import type { EjabberdTarget } from './relay-direct.js';
import { measureThroughput, type Meter } from './relay-driver.js';
import { openOfgatePath } from './relay-ofgate.js';
import { MAIN } from './relay-suite.js';
import { cpuTimeSpeed } from './cpu-speed.js';
import { round } from './stats.js';

export type ModeName = 'embedded' | 'shared';

/** One mode's half of a round: ofgate's (and Redis's) CPU µs per relayed message. */
export interface ModeHalf {
  readonly mode: ModeName;
  readonly msgsPerSec: number;
  /** ofgate + Redis (0 in the embedded mode). */
  readonly cpuMicrosPerMsg: number;
  readonly perProcess: Readonly<Record<string, number>>;
  /** Other processes' CPU meanwhile, % of one core. */
  readonly others: number;
  /** cpuTimeSpeed() around the half (mean of before and after; higher is faster). */
  readonly hostSpeed: number;
}

export interface ModeRound {
  readonly embedded: ModeHalf;
  readonly shared: ModeHalf;
  /** shared ÷ embedded CPU per relayed message, each scaled by its host speed. */
  readonly ratio: number;
  /** The same without the host-speed scaling. */
  readonly rawRatio: number;
}

export interface RoundsSummary {
  readonly rounds: number;
  readonly medianRatio: number | null;
  readonly minRatio: number | null;
  readonly maxRatio: number | null;
  readonly medianEmbedded: number | null;
  readonly medianShared: number | null;
}

function median(values: readonly number[]): number | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/** shared ÷ embedded CPU per message at equal host speed: CPU time × speed is the work done. */
export function speedScaledRatio(e: Pick<ModeHalf, 'cpuMicrosPerMsg' | 'hostSpeed'>, s: Pick<ModeHalf, 'cpuMicrosPerMsg' | 'hostSpeed'>): number {
  return (s.cpuMicrosPerMsg * s.hostSpeed) / (e.cpuMicrosPerMsg * e.hostSpeed);
}

export function summarizeRounds(rounds: readonly ModeRound[]): RoundsSummary {
  const ratios = rounds.map((r) => r.ratio).filter(Number.isFinite);
  const r = (v: number | null): number | null => (v === null ? null : round(v));
  return {
    rounds: rounds.length,
    medianRatio: r(median(ratios)),
    minRatio: ratios.length ? round(Math.min(...ratios)) : null,
    maxRatio: ratios.length ? round(Math.max(...ratios)) : null,
    medianEmbedded: r(median(rounds.map((x) => x.embedded.cpuMicrosPerMsg))),
    medianShared: r(median(rounds.map((x) => x.shared.cpuMicrosPerMsg))),
  };
}

export interface RoundsContext {
  readonly stack: Stack;
  readonly ej: EjabberdTarget & { readonly dir: string };
  /** ejabberd and the generator. */
  readonly basePids: Readonly<Record<string, number>>;
  readonly redis: { readonly url: string; readonly pid: number };
  readonly ofgateFlags: readonly string[];
  readonly rounds: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly lanes: readonly [number, number];
  readonly log: (s: string) => void;
}

export async function runModeRounds(ctx: RoundsContext): Promise<ModeRound[]> {
  const out: ModeRound[] = [];
  await applyVariant(ctx.ej.agent, ctx.ej.apiUrl, ctx.ej.dir, MAIN);
  const og: OfgateTarget = { url: ctx.stack.url, secret: ctx.stack.secret, domain: ctx.stack.domain, agent: keepAliveAgent(64) };
  const half = async (mode: ModeName, k: number): Promise<ModeHalf> => {
    const env: Record<string, string> = mode === 'shared' ? { OFGATE_STORE_BACKEND: 'redis', OFGATE_REDIS_URL: ctx.redis.url } : {};
    const ofgate = await startOfgateProcess(ctx.stack, ctx.ofgateFlags, env);
    try {
      const pids = { ...ctx.basePids, ofgate: ofgate.pid, ...(mode === 'shared' ? { redis: ctx.redis.pid } : {}) };
      const meter: Meter = { pids, threads: { single: ['ofgate', 'generator', 'redis'], multi: ['ejabberd'] } };
      const [lanes, inFlight] = ctx.lanes;
      const path = await openOfgatePath(og, ctx.ej, lanes, `xr${k}${mode[0]}`, keepAliveAgent(lanes * inFlight));
      try {
        const before = cpuTimeSpeed();
        const r = await measureThroughput(path, { inFlightPerLane: inFlight, warmupMs: ctx.warmupMs, durationMs: ctx.durationMs, meter });
        const hostSpeed = (before + cpuTimeSpeed()) / 2;
        const per = r.cpuMicrosPerMsg;
        return { mode, msgsPerSec: r.msgsPerSec, cpuMicrosPerMsg: (per.ofgate ?? Number.NaN) + (per.redis ?? 0), perProcess: per, others: r.cpu.others, hostSpeed };
      } finally {
        await path.close();
      }
    } finally {
      await ofgate.stop();
    }
  };
  for (let k = 0; k < ctx.rounds; k++) {
    const order: ModeName[] = k % 2 === 0 ? ['embedded', 'shared'] : ['shared', 'embedded'];
    const halves: Partial<Record<ModeName, ModeHalf>> = {};
    for (const mode of order) halves[mode] = await half(mode, k);
    const e = halves.embedded as ModeHalf;
    const s = halves.shared as ModeHalf;
    const rawRatio = s.cpuMicrosPerMsg / e.cpuMicrosPerMsg;
    const ratio = speedScaledRatio(e, s);
    ctx.log(`round ${k + 1}/${ctx.rounds}: embedded ${Math.round(e.cpuMicrosPerMsg)} µs/msg (others ${Math.round(e.others)}%, host ${Math.round(e.hostSpeed)}), ` +
      `shared ${Math.round(s.cpuMicrosPerMsg)} µs/msg (others ${Math.round(s.others)}%, host ${Math.round(s.hostSpeed)}): ${rawRatio.toFixed(2)}, at equal host speed ${ratio.toFixed(2)}`);
    out.push({ embedded: e, shared: s, ratio, rawRatio });
  }
  return out;
}
