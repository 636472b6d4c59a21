/**
 * bench/results.json: one object per benchmark with ofgate's figure, each baseline's figure,
 * the ratio ofgate ÷ baseline, the goal and whether it was met, and what bounded each figure.
 */
import type { LoginRateResult } from './login-rate.js';
import type { Outcome } from './outcome.js';
import type { PacedResult, ThroughputResult } from './relay-driver.js';
import type { PathRun } from './relay-suite.js';
import { round } from './stats.js';
import type { OfgateLoginRates } from './ofgate-logins.js';
import type { StreamsResult } from './streams.js';

export interface RelayFigures {
  readonly throughput: ThroughputResult;
  readonly paced: readonly PacedResult[];
}

export interface RawRun {
  readonly relay: { readonly ofgate: PathRun; readonly direct: PathRun; readonly httpApi: PathRun };
  readonly directLogins: Outcome<LoginRateResult>;
  readonly ofgateLogins: Outcome<OfgateLoginRates>;
  readonly streams: Outcome<StreamsResult>;
  readonly rates: readonly number[];
}

export interface BenchmarkRow {
  readonly name: string;
  readonly unit: string;
  readonly ofgate: number | null;
  readonly unavailable?: string;
  readonly baselines: Record<string, number | null>;
  /** ofgate ÷ baseline. */
  readonly ratio: Record<string, number | null>;
  readonly goal: string;
  /** null when a figure is missing. */
  readonly met: boolean | null;
  readonly boundBy: Record<string, string>;
}

const val = <T, R>(o: Outcome<T>, f: (v: T) => R): R | null => (o.ok ? f(o.value) : null);
const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b !== 0 ? round(a / b) : null);
const why = (o: Outcome<unknown>): string | undefined => (o.ok ? undefined : o.reason);

function row(name: string, unit: string, og: Outcome<unknown>, ofgate: number | null, baselines: Record<string, number | null>, goal: string, met: (a: number, b: Record<string, number | null>) => boolean | null, boundBy: Record<string, string | null>): BenchmarkRow {
  const r = why(og);
  return {
    name,
    unit,
    ofgate: ofgate === null ? null : round(ofgate),
    ...(r ? { unavailable: r } : {}),
    baselines: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, v === null ? null : round(v)])),
    ratio: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, ratio(ofgate, v)])),
    goal,
    met: ofgate === null ? null : met(ofgate, baselines),
    boundBy: Object.fromEntries(Object.entries(boundBy).filter((e): e is [string, string] => e[1] !== null)),
  };
}

export function buildRows(raw: RawRun): BenchmarkRow[] {
  const ofgate = raw.relay.ofgate.figures;
  const direct = raw.relay.direct.figures;
  const httpApi = raw.relay.httpApi.figures;
  const tp = (o: Outcome<RelayFigures>) => val(o, (v) => v.throughput.msgsPerSec);
  const tb = (o: Outcome<RelayFigures>) => val(o, (v) => withLoop(v.throughput));
  const plain = raw.relay.direct.plainThroughput ?? { ok: false, reason: 'not measured' };
  const h = (r: PathRun) => r.harnessThroughput;
  const rows: BenchmarkRow[] = [
    row('relay throughput', 'msgs/s', ofgate, tp(ofgate), { direct: tp(direct), httpApi: tp(httpApi), directPlainEjabberd: val(plain, (v) => v.msgsPerSec) },
      '≥ 80% of direct and ≥ http-api',
      (a, b) => (b.direct == null || b.httpApi == null ? null : a >= 0.8 * b.direct && a >= b.httpApi),
      { ofgate: tb(ofgate), direct: tb(direct), httpApi: tb(httpApi), directPlainEjabberd: val(plain, (v) => v.boundBy) }),
    row('relay throughput, harness config (mod_mam on Mnesia)', 'msgs/s', h(raw.relay.ofgate), val(h(raw.relay.ofgate), (v) => v.msgsPerSec),
      { direct: val(h(raw.relay.direct), (v) => v.msgsPerSec), httpApi: val(h(raw.relay.httpApi), (v) => v.msgsPerSec) }, 'reported', () => null,
      { ofgate: val(h(raw.relay.ofgate), (v) => v.boundBy), direct: val(h(raw.relay.direct), (v) => v.boundBy), httpApi: val(h(raw.relay.httpApi), (v) => v.boundBy) }),
  ];
  raw.rates.forEach((rate, i) => {
    const p = (o: Outcome<RelayFigures>) => (o.ok ? (o.value.paced[i] ?? null) : null);
    for (const [q, limit] of [['p50', 1], ['p99', 5]] as const) {
      const lat = (o: Outcome<RelayFigures>) => p(o)?.latency[q] ?? null;
      rows.push(row(`relay latency ${q} at ${rate} msgs/s`, 'ms', ofgate, lat(ofgate), { direct: lat(direct), httpApi: lat(httpApi) }, `≤ direct + ${limit} ms`,
        (a, b) => (b.direct == null ? null : a <= b.direct + limit),
        { ofgate: withLoop(p(ofgate)), direct: p(direct)?.boundBy ?? null, httpApi: p(httpApi)?.boundBy ?? null }));
    }
  });
  const st = raw.streams;
  const ol = raw.ofgateLogins;
  const dl = val(raw.directLogins, (v) => v.perSec);
  rows.push(row('login rate, password (~50 in flight)', 'logins/s', ol, val(ol, (v) => v.password.perSec), { directPlain: dl }, '≥ 80% of direct PLAIN',
    (a, b) => (b.directPlain == null ? null : a >= 0.8 * b.directPlain), { ofgate: val(ol, (v) => v.password.boundBy), directPlain: val(raw.directLogins, (v) => v.boundBy) }));
  rows.push(row('login rate, no password (secret, X-OAUTH2)', 'logins/s', ol, val(ol, (v) => v.secret.perSec), { directPlain: dl }, 'reported',
    () => null, { ofgate: val(ol, (v) => v.secret.boundBy) }));
  const perStream = val(st, (v) => marginalKiB(v, 'ofgateRssKiB'));
  rows.push(row('ofgate memory per stream (marginal RSS, after GC)', 'KiB', st, perStream, { ejabberdPerSession: val(st, (v) => marginalKiB(v, 'ejabberdRssKiB')) }, '≤ 48 KiB',
    (a) => a <= 48, {}));
  const maxStreams = val(st, (v) => Math.max(...v.points.map((p) => p.streams)));
  rows.push(row('streams held open, then logged off', 'streams', st, maxStreams, {}, 'no crash, healthy, sessions back to baseline',
    () => (st.ok ? st.value.afterLogoff.healthy && st.value.afterLogoff.ofgateAlive && st.value.afterLogoff.backToBaseline && st.value.afterLogoff.ofgateUncaught === 0 : null), {}));
  return rows;
}

function withLoop(r: { boundBy: string; ofgateLoopDelayMs?: { p99: number; max: number } } | null): string | null {
  if (!r) return null;
  const d = r.ofgateLoopDelayMs;
  return d ? `${r.boundBy}; ofgate event-loop delay p99 ${d.p99} ms, max ${d.max} ms` : r.boundBy;
}

/** KiB per stream between the last two measured N (the largest step). */
export function marginalKiB(s: StreamsResult, key: 'ofgateRssKiB' | 'ejabberdRssKiB' | 'redisRssKiB' | 'redisUsedKiB'): number | null {
  const pts = s.points.filter((p) => p.streams > 0);
  const a = pts[pts.length - 2];
  const b = pts[pts.length - 1];
  if (!a || !b || b.streams === a.streams) return null;
  const from = a[key];
  const to = b[key];
  if (from === undefined || to === undefined) return null;
  return (to - from) / (b.streams - a.streams);
}
