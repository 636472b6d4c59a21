/** The tables `make bench` prints (Markdown, so BENCHMARKS.md can carry them as they are). */
import type { LoginRateResult } from './login-rate.js';
import type { BenchmarkRow, RawRun } from './results.js';
import { round } from './stats.js';

const fmt = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : String(round(v)));
const met = (m: boolean | null): string => (m === null ? 'n/a' : m ? 'yes' : '**no**');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function relayTable(rows: readonly BenchmarkRow[]): string {
  return table(
    ['figure', 'ofgate (a)', 'direct XMPP (b)', 'mod_http_api (c)', '(a)÷(b)', '(a)÷(c)', 'goal', 'met'],
    rows.filter((r) => r.name.startsWith('relay')).map((r) => [
      `${r.name} (${r.unit})`,
      r.ofgate === null ? `unavailable${r.unavailable ? `: ${r.unavailable}` : ''}` : fmt(r.ofgate),
      fmt(r.baselines.direct) + (r.baselines.directPlainEjabberd != null ? ` (plain ejabberd: ${fmt(r.baselines.directPlainEjabberd)})` : ''),
      fmt(r.baselines.httpApi), fmt(r.ratio.direct), fmt(r.ratio.httpApi), r.goal, met(r.met),
    ]),
  );
}

export function streamsTables(raw: RawRun, rows: readonly BenchmarkRow[]): string {
  const out: string[] = [];
  out.push(table(
    ['figure', 'ofgate', 'baseline', 'ofgate ÷ baseline', 'goal', 'met'],
    rows.filter((r) => !r.name.startsWith('relay')).map((r) => {
      const [bName, bVal] = Object.entries(r.baselines)[0] ?? ['', null];
      return [`${r.name} (${r.unit})`, r.ofgate === null ? `unavailable${r.unavailable ? `: ${r.unavailable}` : ''}` : fmt(r.ofgate),
        bName ? `${fmt(bVal)} (${bName})` : '–', bName ? fmt(r.ratio[bName]) : '–', r.goal, met(r.met)];
    }),
  ));
  if (raw.streams.ok) {
    const s = raw.streams.value;
    let prev: (typeof s.points)[number] | undefined;
    out.push('', table(
      ['streams', 'ofgate RSS (MiB)', 'ofgate heap used / total (MiB)', 'ofgate RSS KiB/stream since previous N', 'ofgate heap-used KiB/stream', 'ejabberd RSS (MiB)', 'ejabberd KiB/session since previous N', 'sessions in ejabberd'],
      s.points.map((p) => {
        const d = prev && p.streams > prev.streams ? p.streams - prev.streams : 0;
        const r = [String(p.streams), fmt(p.ofgateRssKiB / 1024), `${fmt(p.ofgateHeapUsedKiB / 1024)} / ${fmt(p.ofgateHeapTotalKiB / 1024)}`,
          d && prev ? fmt((p.ofgateRssKiB - prev.ofgateRssKiB) / d) : '–', d && prev ? fmt((p.ofgateHeapUsedKiB - prev.ofgateHeapUsedKiB) / d) : '–',
          fmt(p.ejabberdRssKiB / 1024),
          d && prev ? fmt((p.ejabberdRssKiB - prev.ejabberdRssKiB) / d) : '–', String(p.ejabberdSessions)];
        prev = p;
        return r;
      }),
    ));
    const a = s.afterLogoff;
    out.push('', `After logging every stream off: ofgate ${a.ofgateAlive ? 'alive' : '**exited**'}, /healthz ${a.healthy ? 'ok' : '**failing**'}, ` +
      `${a.ofgateUncaught} uncaught errors logged, ${a.streamsStillOpen} SSE streams still open, ejabberd sessions ${a.ejabberdSessions} ` +
      `(baseline ${a.baselineSessions}${a.backToBaseline ? ', back to baseline' : ', **not back to baseline**'}), ofgate RSS ${fmt(a.ofgateRssKiB / 1024)} MiB.`);
  }
  const top = maxStreamsOf(raw);
  const calls: Array<[string, LoginRateResult]> = [];
  if (raw.ofgateLogins.ok) {
    const l = raw.ofgateLogins.value;
    calls.push(['ofgate login, password', l.password], ['ofgate login, secret (no password)', l.secret], ['ofgate logoff', l.logoff]);
  }
  if (raw.directLogins.ok) calls.push(['direct XMPP login (PLAIN)', raw.directLogins.value]);
  if (raw.streams.ok) {
    const g = raw.streams.value.growth;
    calls.push([`ofgate login, password, growing to ${top} streams`, g.logins], [`SSE stream opened, growing to ${top}`, g.sseOpen], [`ofgate logoff of all ${top} streams`, g.logoff]);
  }
  if (calls.length) out.push('', loginTable(calls));
  return out.join('\n');
}

function maxStreamsOf(raw: RawRun): number {
  return raw.streams.ok ? Math.max(...raw.streams.value.points.map((p) => p.streams)) : 0;
}

function loginTable(calls: Array<[string, LoginRateResult]>): string {
  return table(['calls (~50 in flight)', 'per second', 'p50 ms', 'p99 ms', 'errors', 'bounded by'],
    calls.map(([name, x]) => [name, fmt(x.perSec), fmt(x.latency.p50), fmt(x.latency.p99), String(x.errors), x.boundBy]));
}

export function boundTable(rows: readonly BenchmarkRow[]): string {
  return table(['figure', 'path', 'bounded by (throughput) or CPU at that rate (latency); CPU in % of one core'],
    rows.flatMap((r) => Object.entries(r.boundBy).map(([path, b]) => [r.name, path, b])));
}

/** CPU µs per message / per call for each process: steadier than rates on a shared box. */
export function cpuTable(raw: RawRun): string {
  const rows: string[][] = [];
  const add = (what: string, per: Record<string, number> | undefined): void => {
    if (!per) return;
    const sum = Object.values(per).filter(Number.isFinite).reduce((a, b) => a + b, 0);
    rows.push([what, fmt(per.ofgate), fmt(per.ejabberd), fmt(per.generator), fmt(sum)]);
  };
  const paths = [['ofgate (a)', raw.relay.ofgate], ['direct (b)', raw.relay.direct], ['mod_http_api (c)', raw.relay.httpApi]] as const;
  for (const [name, run] of paths) if (run.figures.ok) add(`relay, ${name}`, run.figures.value.throughput.cpuMicrosPerMsg);
  if (raw.relay.direct.plainThroughput?.ok) add('relay, direct on plain ejabberd', raw.relay.direct.plainThroughput.value.cpuMicrosPerMsg);
  for (const [name, run] of paths) if (run.harnessThroughput.ok) add(`relay, ${name}, with mod_mam`, run.harnessThroughput.value.cpuMicrosPerMsg);
  if (raw.ofgateLogins.ok) {
    const l = raw.ofgateLogins.value;
    add('login through ofgate, password', l.password.cpuMicrosPerCall);
    add('login through ofgate, secret', l.secret.cpuMicrosPerCall);
    add('logoff through ofgate', l.logoff.cpuMicrosPerCall);
  }
  if (raw.streams.ok) add('SSE stream opened', raw.streams.value.growth.sseOpen.cpuMicrosPerCall);
  if (raw.directLogins.ok) add('direct XMPP login (PLAIN)', raw.directLogins.value.cpuMicrosPerCall);
  return table(['work (µs of CPU per message or call)', 'ofgate', 'ejabberd', 'load generator', 'sum'], rows);
}
