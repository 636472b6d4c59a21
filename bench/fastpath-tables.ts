/**
 * The Markdown the Fastpath benchmark prints (BENCHMARKS.md carries it as it is): ofgate's flow
 * beside the direct-ejabberd baseline under the same load, the goal row, and the checks.
 */
import type { BaselineFigures } from './fastpath-baseline.js';
import type { FastpathRun, FlowFigures } from './fastpath-scenario.js';
import type { LatencySummary } from './stats.js';
import { round } from './stats.js';

/** The issue's goal: ask → offerReceived p99 ≤ 50 ms while 200 requests are queued. */
export const GOAL_P99_MS = 50;

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : round(v).toLocaleString('en-US'));
const pair = (s: LatencySummary | undefined): string => (s && s.count ? `${fmt(s.p50)} / ${fmt(s.p99)}` : '–');
const ms = (us: number | undefined): string => (us === undefined || !Number.isFinite(us) ? '–' : fmt(us / 1000));

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The phase the goal is judged on: paced, at a rate ofgate carries. */
export const GOAL_PHASE = 'paced';

/** Did the paced phase meet the goal? null when it could not be measured. */
export function goalMet(run: FastpathRun): boolean | null {
  const paced = run.flows.find((f) => f.name === GOAL_PHASE);
  if (!paced || !paced.askToOffer.count) return null;
  return paced.askToOffer.p99 <= GOAL_P99_MS && run.checks.lost.length === 0 && run.checks.offeredTwice.length === 0;
}

export function flowTable(run: FastpathRun, base: readonly BaselineFigures[]): string {
  const cols = run.flows.flatMap((f, i) => [f, base[i]] as const);
  const head = ['figure', ...run.flows.flatMap((f, i) => [`ofgate, ${f.load}`, base[i] ? `ejabberd directly, ${base[i].load}` : 'ejabberd directly'])];
  const row = (name: string, of: (f: FlowFigures) => string, bf: (b: BaselineFigures) => string): string[] =>
    [name, ...cols.map((x, i) => (x === undefined ? '–' : i % 2 === 0 ? of(x as FlowFigures) : bf(x as BaselineFigures)))];
  const cpu = (k: string) => (x: { cpuMicrosPerRequest: Readonly<Record<string, number>> }): string => ms(x.cpuMicrosPerRequest[k]);
  const sum = (x: { cpuMicrosPerRequest: Readonly<Record<string, number>> }): string =>
    ms(Object.entries(x.cpuMicrosPerRequest).filter(([k, v]) => k !== 'generator' && Number.isFinite(v)).reduce((a, [, v]) => a + v, 0));
  return table(head, [
    row('requests (each ends with agent and visitor in the room)', (f) => `${f.requests} (${f.failures} failed)`, (b) => `${b.requests} (${b.failures} failed)`),
    row('requests queued meanwhile (min–max, sampled every 2 s)', (f) => `${fmt(f.queued.min)}–${fmt(f.queued.max)}`, () => '–'),
    row('chats running (most seen)', (f) => fmt(f.queued.maxChats), () => '–'),
    row('rooms per second', (f) => fmt(f.perSec), (b) => fmt(b.perSec)),
    row('POST ask?wait=false answered, p50 / p99 (ms)', (f) => pair(f.askAnswer), () => '– (no Fastpath)'),
    row(`**ask → agent's offerReceived, p50 / p99 (ms)** (goal p99 ≤ ${GOAL_P99_MS})`, (f) => `**${pair(f.askToOffer)}**`, () => '– (no Fastpath)'),
    row('ask answered → offerReceived, p50 / p99 (ms; < 0: the offer came first)', (f) => pair(f.answerToOffer), () => '–'),
    row('→ agent invited to the room, p50 / p99 (ms)', (f) => pair(f.askToInvitation), (b) => pair(b.toInvitation)),
    row('→ visitor told its room (`offer` event), p50 / p99 (ms)', (f) => pair(f.askToVisitorOffer), () => '–'),
    row('**→ both in the room, p50 / p99 (ms)**', (f) => `**${pair(f.askToRoom)}**`, (b) => `**${pair(b.toRoom)}**`),
    row('ofgate CPU per request (ms)', cpu('ofgate'), cpu('ofgate')),
    row('… of which in the kernel (journal writes, fdatasync, sockets)', (f) => (Number.isFinite(f.ofgateKernelShare) ? `${Math.round(f.ofgateKernelShare * 100)}%` : '–'), () => '–'),
    row('ejabberd CPU per request (ms)', cpu('ejabberd'), cpu('ejabberd')),
    row('ofgate + ejabberd CPU per request (ms)', sum, sum),
    row('load generator CPU per request (ms)', cpu('generator'), cpu('generator')),
    row('ofgate event-loop delay p99 / max (ms)', (f) => (f.ofgateLoopDelayMs ? `${fmt(f.ofgateLoopDelayMs.p99)} / ${fmt(f.ofgateLoopDelayMs.max)}` : '–'), () => '–'),
    row('CPU (% of one core) and what bounded it', (f) => f.boundBy, (b) => b.boundBy),
  ]);
}

export function checksTable(run: FastpathRun, ofgateUncaught: number): string {
  const c = run.checks;
  const list = (xs: ReadonlyArray<{ requestId: string; what: string }>): string =>
    xs.length === 0 ? '**0**' : `**${xs.length}**: ${xs.slice(0, 5).map((x) => `${x.requestId} (${x.what})`).join('; ')}`;
  return table(['check', 'result'], [
    ['asks answered', String(c.requests)],
    ['requests that reached a room (agent and visitor joined)', String(c.inRoom)],
    ['lost (no room)', list(c.lost.map((x) => ({ requestId: x.requestId, what: x.stage })))],
    ['offered twice (a flow request offered more than once, any offer after the accept, two accepts)', list(c.offeredTwice.map((x) => ({ requestId: x.requestId, what: x.why })))],
    ['offers per backlog request (p50 / max; one per agent that rejected it, one more when served)', `${fmt(c.backlogOffersPerRequest.p50)} / ${fmt(c.backlogOffersPerRequest.max)}`],
    ['offers revoked from flow requests', String(c.revokedFlowOffers)],
    ['visitors departed (depart-queue)', String(c.departed)],
    ['backlog offers rejected again during the flow (rejection ran out early)', String(run.repinned)],
    ['chats ended by the run (agent left, visitor ended its request); ends that failed', `${run.ends.done}; ${run.ends.failed ? `**${run.ends.failed}**: ${run.ends.first.join('; ')}` : '0'}`],
    ['left in the workgroups at the end: queued / chats', `${run.leftAtEnd.queued} / ${run.leftAtEnd.chats}`],
    ['agent calls that failed', run.agentErrors.count ? `${run.agentErrors.count}: ${run.agentErrors.first.join('; ')}` : '0'],
    ['ofgate uncaught errors logged', String(ofgateUncaught)],
  ]);
}
