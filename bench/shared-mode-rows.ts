/**
 * The shared mode beside the embedded one (issue 16): one row per figure with both modes' values
 * and shared ÷ embedded, from the raw runs of the same bench. The goal row is the mode's CPU per
 * relayed message: ofgate's plus Redis's (Redis's work is part of what the shared mode costs),
 * at most SHARED_CPU_GOAL × the embedded mode's ofgate CPU. A third column, when measured, is
 * the shared mode with two instances and every message crossing between them (its ofgate CPU is
 * both instances'). When the alternating rounds of mode-rounds.ts were run, the goal is judged
 * on their median ratio (the long phases are minutes apart, and a busy box weighs on them
 * unevenly). A figure that was not measured is null, never made up. Pure.
 */
import { summarizeRounds, type ModeRound } from './mode-rounds.js';
import type { Outcome } from './outcome.js';
import type { PacedResult } from './relay-driver.js';
import type { RelayFigures } from './results.js';
import { marginalKiB } from './results.js';
import { round } from './stats.js';
import type { StreamsResult } from './streams.js';

/** The shared mode may cost at most 25% more CPU per relayed message than the embedded one. */
export const SHARED_CPU_GOAL = 1.25;

export interface ModeFigures {
  readonly relay: Outcome<RelayFigures>;
  readonly streams: Outcome<StreamsResult>;
}

export interface ModeRow {
  readonly name: string;
  readonly unit: string;
  readonly embedded: number | null;
  readonly shared: number | null;
  /** shared ÷ embedded. */
  readonly ratio: number | null;
  /** Two instances, each message crossing between them (relay figures only). */
  readonly cross: number | null;
  /** cross ÷ embedded. */
  readonly crossRatio: number | null;
  readonly goal: string;
  readonly met: boolean | null;
  /** What bounded the shared mode's figure (throughput) or how loaded each process was (paced). */
  readonly boundBy?: string;
}

type Num = number | null;

const finite = (v: number | undefined): Num => (v !== undefined && Number.isFinite(v) ? v : null);
const relayVal = (o: Outcome<RelayFigures>, f: (v: RelayFigures) => number | undefined): Num => (o.ok ? finite(f(o.value)) : null);
const streamsVal = (o: Outcome<StreamsResult>, f: (v: StreamsResult) => number | null | undefined): Num => (o.ok ? finite(f(o.value) ?? undefined) : null);
const sum = (...v: Num[]): Num => (v.every((x) => x === null) ? null : v.reduce<number>((a, b) => a + (b ?? 0), 0));

export function modeRatio(shared: Num, embedded: Num): Num {
  return shared !== null && embedded !== null && embedded !== 0 ? round(shared / embedded) : null;
}

function row(name: string, unit: string, embedded: Num, shared: Num, extra: { goal?: string; met?: boolean | null; boundBy?: string | undefined; cross?: Num; ratio?: Num } = {}): ModeRow {
  const cross = extra.cross ?? null;
  return {
    name,
    unit,
    embedded: embedded === null ? null : round(embedded),
    shared: shared === null ? null : round(shared),
    ratio: extra.ratio !== undefined ? extra.ratio : modeRatio(shared, embedded),
    cross: cross === null ? null : round(cross),
    crossRatio: modeRatio(cross, embedded),
    goal: extra.goal ?? 'reported',
    met: extra.met ?? null,
    ...(extra.boundBy ? { boundBy: extra.boundBy } : {}),
  };
}

/** CPU per relayed message of one process in the throughput run (µs); "ofgate" is both instances' when there are two. */
const perMsg = (o: Outcome<RelayFigures>, proc: string): Num => {
  const one = relayVal(o, (v) => v.throughput.cpuMicrosPerMsg[proc]);
  return proc === 'ofgate' && one !== null ? sum(one, relayVal(o, (v) => v.throughput.cpuMicrosPerMsg.ofgateB)) : one;
};

/** The shared mode's CPU per relayed message (ofgate + Redis) against the embedded mode's (ofgate; it has no Redis). */
export function cpuGoal(embedded: ModeFigures, shared: ModeFigures): { embedded: Num; shared: Num; ratio: Num; met: boolean | null } {
  const e = sum(perMsg(embedded.relay, 'ofgate'), perMsg(embedded.relay, 'redis'));
  const s = sum(perMsg(shared.relay, 'ofgate'), perMsg(shared.relay, 'redis'));
  const ratio = modeRatio(s, e);
  return { embedded: e, shared: s, ratio, met: s === null || e === null ? null : s <= SHARED_CPU_GOAL * e };
}

export const ROUNDS_ROW = 'ofgate + Redis CPU per relayed message, alternating rounds (median)';
export const PHASES_ROW = 'ofgate + Redis CPU per relayed message';

export function sharedModeRows(embedded: ModeFigures, shared: ModeFigures, rates: readonly number[], cross: Outcome<RelayFigures> = { ok: false, reason: 'not measured' },
  rounds: Outcome<readonly ModeRound[]> = { ok: false, reason: 'not measured' }): ModeRow[] {
  const tpBound = shared.relay.ok ? shared.relay.value.throughput.boundBy : undefined;
  const goal = cpuGoal(embedded, shared);
  const crossGoal = cpuGoal(embedded, { relay: cross, streams: { ok: false, reason: 'not measured' } });
  const cpuRow = (name: string, proc: string): ModeRow => row(name, 'µs', perMsg(embedded.relay, proc), perMsg(shared.relay, proc), { cross: perMsg(cross, proc) });
  const r = rounds.ok && rounds.value.length > 0 ? summarizeRounds(rounds.value) : undefined;
  const goalText = `≤ ${SHARED_CPU_GOAL} × embedded`;
  const rows: ModeRow[] = [
    row('relay throughput', 'msgs/s', relayVal(embedded.relay, (v) => v.throughput.msgsPerSec), relayVal(shared.relay, (v) => v.throughput.msgsPerSec),
      { boundBy: tpBound, cross: relayVal(cross, (v) => v.throughput.msgsPerSec) }),
    ...(r ? [row(ROUNDS_ROW, 'µs', r.medianEmbedded, r.medianShared,
      { goal: goalText, ratio: r.medianRatio, met: r.medianRatio === null ? null : r.medianRatio <= SHARED_CPU_GOAL })] : []),
    row(PHASES_ROW, 'µs', goal.embedded, goal.shared,
      r ? { cross: crossGoal.shared } : { goal: goalText, met: goal.met, cross: crossGoal.shared }),
    cpuRow('ofgate CPU per relayed message', 'ofgate'),
    cpuRow('Redis CPU per relayed message', 'redis'),
    cpuRow('ejabberd CPU per relayed message', 'ejabberd'),
    cpuRow('load generator CPU per relayed message', 'generator'),
  ];
  rates.forEach((rate, i) => {
    const paced = (o: Outcome<RelayFigures>): PacedResult | undefined => (o.ok ? o.value.paced[i] : undefined);
    for (const q of ['p50', 'p99'] as const) {
      rows.push(row(`relay latency ${q} at ${rate} msgs/s`, 'ms', finite(paced(embedded.relay)?.latency[q]), finite(paced(shared.relay)?.latency[q]),
        { boundBy: paced(shared.relay)?.boundBy, cross: finite(paced(cross)?.latency[q]) }));
    }
  });
  const mem = (o: Outcome<StreamsResult>, key: 'ofgateRssKiB' | 'redisRssKiB' | 'redisUsedKiB' | 'ejabberdRssKiB') => streamsVal(o, (v) => marginalKiB(v, key));
  const ofgateMem = [mem(embedded.streams, 'ofgateRssKiB'), mem(shared.streams, 'ofgateRssKiB')] as const;
  const redisMem = [mem(embedded.streams, 'redisRssKiB'), mem(shared.streams, 'redisRssKiB')] as const;
  rows.push(
    row('ofgate memory per stream (marginal RSS, after GC)', 'KiB', ofgateMem[0], ofgateMem[1]),
    row('Redis memory per stream (marginal RSS)', 'KiB', redisMem[0], redisMem[1]),
    row('Redis memory per stream (marginal used_memory)', 'KiB', mem(embedded.streams, 'redisUsedKiB'), mem(shared.streams, 'redisUsedKiB')),
    row('ofgate + Redis memory per stream (RSS)', 'KiB', sum(ofgateMem[0], redisMem[0]), sum(ofgateMem[1], redisMem[1])),
    row('ejabberd memory per session (marginal RSS)', 'KiB', mem(embedded.streams, 'ejabberdRssKiB'), mem(shared.streams, 'ejabberdRssKiB')),
  );
  const open = (o: Outcome<StreamsResult>, proc: string): Num => streamsVal(o, (v) => v.growth.sseOpen.cpuMicrosPerCall[proc]);
  const login = (o: Outcome<StreamsResult>, proc: string): Num => streamsVal(o, (v) => v.growth.logins.cpuMicrosPerCall[proc]);
  rows.push(
    row('ofgate + Redis CPU per SSE stream opened', 'µs', sum(open(embedded.streams, 'ofgate'), open(embedded.streams, 'redis')), sum(open(shared.streams, 'ofgate'), open(shared.streams, 'redis'))),
    row('ofgate + Redis CPU per password login (growing to the most streams)', 'µs', sum(login(embedded.streams, 'ofgate'), login(embedded.streams, 'redis')), sum(login(shared.streams, 'ofgate'), login(shared.streams, 'redis'))),
    row('password logins per second (growing to the most streams)', 'logins/s', streamsVal(embedded.streams, (v) => v.growth.logins.perSec), streamsVal(shared.streams, (v) => v.growth.logins.perSec),
      { boundBy: shared.streams.ok ? shared.streams.value.growth.logins.boundBy : undefined }),
  );
  const healthy = (o: Outcome<StreamsResult>): boolean | null => {
    if (!o.ok) return null;
    const a = o.value.afterLogoff;
    return a.healthy && a.ofgateAlive && a.backToBaseline && a.ofgateUncaught === 0 && a.streamsStillOpen === 0;
  };
  const most = (o: Outcome<StreamsResult>): Num => streamsVal(o, (v) => Math.max(...v.points.map((p) => p.streams)));
  rows.push(row('streams held open, then logged off', 'streams', most(embedded.streams), most(shared.streams),
    { goal: 'no crash, healthy, sessions back to baseline, no stream left open', met: healthy(shared.streams) }));
  return rows;
}
