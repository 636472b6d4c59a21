/**
 * The Markdown `make bench` prints for the shared mode: the embedded-vs-shared table, the CPU
 * goal in one sentence, the shared mode's memory points and what bounded its figures.
 */
import type { ModeRow } from './shared-mode-rows.js';
import { PHASES_ROW, ROUNDS_ROW, SHARED_CPU_GOAL } from './shared-mode-rows.js';
import type { SharedModeRun } from './shared-mode.js';
import { round } from './stats.js';

const fmt = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : String(round(v)));
const met = (m: boolean | null): string => (m === null ? 'n/a' : m ? 'yes' : '**no**');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The goal in one sentence: "shared ÷ embedded CPU per relayed message …: 1.18 …; goal ≤ 1.25: met". */
export function cpuGoalLine(rows: readonly ModeRow[]): string {
  const rounds = rows.find((r) => r.name === ROUNDS_ROW);
  const all = rows.find((r) => r.name === PHASES_ROW);
  const og = rows.find((r) => r.name === 'ofgate CPU per relayed message');
  const goal = rounds ?? all;
  if (!goal || goal.ratio === null) return `Shared ÷ embedded CPU per relayed message: not measured; goal ≤ ${SHARED_CPU_GOAL}.`;
  const how = rounds ? 'median of the alternating rounds, at equal host speed' : 'the relay phases';
  const phases = rounds && all?.ratio != null ? `; the relay phases, minutes apart: ${fmt(all.ratio)}` : '';
  return `Shared ÷ embedded CPU per relayed message (ofgate + Redis, ${how}): **${fmt(goal.ratio)}** (${fmt(goal.shared)} vs ${fmt(goal.embedded)} µs${phases}; ` +
    `ofgate alone in the relay phases ${fmt(og?.ratio)}); goal ≤ ${SHARED_CPU_GOAL}: ${goal.met ? 'met' : '**not met**'}.`;
}

export function sharedModeTables(rows: readonly ModeRow[], run: SharedModeRun): string {
  const cross = run.cross.figures.ok;
  const out: string[] = [
    table(['figure', 'embedded', `shared, one instance (Redis, appendfsync ${run.redisFsync})`, 'shared ÷ embedded', 'goal', 'met',
      ...(cross ? ['shared, two instances, every message crossing', 'crossing ÷ embedded'] : [])],
      rows.map((r) => [`${r.name} (${r.unit})`, fmt(r.embedded), fmt(r.shared), fmt(r.ratio), r.goal, met(r.met), ...(cross ? [fmt(r.cross), fmt(r.crossRatio)] : [])])),
    '',
    cpuGoalLine(rows),
  ];
  if (!run.relay.figures.ok) out.push('', `Shared-mode relay unavailable: ${run.relay.figures.reason}`);
  if (run.cross.figures.ok) {
    const t = run.cross.figures.value.throughput;
    out.push('', `Two instances (ofgate = both; the second, which holds the SSE streams and takes the calls, spent ${fmt(t.cpuMicrosPerMsg.ofgateB)} µs per message): ${t.boundBy}.`);
  } else {
    out.push('', `Two instances: ${run.cross.figures.reason}.`);
  }
  if (run.streams.ok) {
    const s = run.streams.value;
    out.push('', table(['streams (shared mode)', 'ofgate RSS (MiB)', 'ofgate heap used (MiB)', 'Redis RSS (MiB)', 'Redis used_memory (MiB)', 'ejabberd RSS (MiB)', 'sessions in ejabberd'],
      s.points.map((p) => [String(p.streams), fmt(p.ofgateRssKiB / 1024), fmt(p.ofgateHeapUsedKiB / 1024), fmt((p.redisRssKiB ?? Number.NaN) / 1024),
        fmt((p.redisUsedKiB ?? Number.NaN) / 1024), fmt(p.ejabberdRssKiB / 1024), String(p.ejabberdSessions)])));
    const a = s.afterLogoff;
    out.push('', `After logging every stream off (shared mode): ofgate ${a.ofgateAlive ? 'alive' : '**exited**'}, /healthz ${a.healthy ? 'ok' : '**failing**'}, ` +
      `${a.ofgateUncaught} uncaught errors logged, ${a.streamsStillOpen} SSE streams still open, ejabberd sessions ${a.ejabberdSessions} ` +
      `(baseline ${a.baselineSessions}${a.backToBaseline ? ', back to baseline' : ', **not back to baseline**'}).`);
  } else {
    out.push('', `Shared-mode streams unavailable: ${run.streams.reason}`);
  }
  const rpm = run.redisPerMessage;
  if (rpm) {
    out.push('', `Redis commands per relayed message (INFO commandstats over ${rpm.messages} messages of the one-instance relay runs; ` +
      'a script\'s EVALSHA µs include the commands it runs, which are listed too):', '',
      table(['command', 'calls per message', 'Redis µs per message'], rpm.commands.slice(0, 12).map((c) => [c.command, fmt(c.callsPerMsg), fmt(c.usecPerMsg)])));
  }
  if (run.rounds.ok && run.rounds.value.length) {
    out.push('', table(['round', 'embedded: ofgate µs/msg (msgs/s, others %, host speed)', 'shared: ofgate + Redis µs/msg (msgs/s, others %, host speed)', 'shared ÷ embedded', 'at equal host speed'],
      run.rounds.value.map((r, i) => [String(i + 1),
        `${fmt(r.embedded.cpuMicrosPerMsg)} (${fmt(r.embedded.msgsPerSec)}/s, ${fmt(r.embedded.others)}%, ${fmt(r.embedded.hostSpeed)})`,
        `${fmt(r.shared.perProcess.ofgate)} + ${fmt(r.shared.perProcess.redis)} = ${fmt(r.shared.cpuMicrosPerMsg)} (${fmt(r.shared.msgsPerSec)}/s, ${fmt(r.shared.others)}%, ${fmt(r.shared.hostSpeed)})`,
        fmt(r.rawRatio), fmt(r.ratio)])));
  } else if (!run.rounds.ok) {
    out.push('', `Alternating rounds: ${run.rounds.reason}.`);
  }
  const bounds = rows.filter((r) => r.boundBy);
  if (bounds.length) {
    out.push('', table(['figure (shared mode)', 'bounded by (throughput) or CPU at that rate (latency); CPU in % of one core'],
      bounds.map((r) => [r.name, r.boundBy as string])));
  }
  return out.join('\n');
}
