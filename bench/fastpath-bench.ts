/**
 * `make bench-fastpath [QUICK=1]` (issue #21, "Speed"): 1,000 visitors ask across 50 agents in 5
 * workgroups while 200 requests are queued; ask → offerReceived p50/p99, ask → both in the room
 * p50/p99, rooms per second sustained, ofgate CPU per request; nothing lost or offered twice.
 * Goal: ask → offerReceived p99 ≤ 50 ms while 200 are queued.
 *
 * A throwaway ejabberd at loglevel warning (the tests' startStack, mod_ofgate loaded) and ofgate
 * in its own process (built dist, like `make bench`). First the direct-ejabberd baseline (what a
 * request's account, session, room and joins cost ejabberd with no ofgate: fastpath-direct.ts),
 * then the scenario through ofgate (fastpath-scenario.ts), both under the same loads. Prints
 * Markdown on stdout, progress on stderr.
 *
 * Options: --quick (or QUICK=1): small sizes; --rate=N asks/s of the paced phase (default 10);
 * --in-flight=N of the sustained (closed-loop) phase (default 16, quick 8); --chat-seconds=N (how long each chat runs before agent and visitor
 * end it; default 5, quick 2); --keep-chats (no chat ends: every agent keeps all its chats, to see
 * how the cost grows with the chats held); --rejection-s=N (how long the backlog stays pinned; by
 * default from the sizes); --backlog=N (requests kept queued; default 200, quick 20; 0 to
 * compare with an empty queue); --quiet-wait=S (before each measured phase, wait at most S seconds,
 * default 20, for other processes to use < 15% of a core); --no-baseline; --profile: CPU profiles of ofgate per flow phase in
 * bench/profiles/; --results=FILE: the raw figures as JSON. ofgate runs with
 * fastpath.visitorGraceSeconds 0, so a visitor's account goes within the run (its cost counted).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { installCrashGuard } from './crash-guard.js';
import { runDirectBaseline, type BaselineFigures } from './fastpath-baseline.js';
import { describeLoad } from './fastpath-phase.js';
import { runFastpathScenario, type FastpathSizes, type FlowPlan } from './fastpath-scenario.js';
import { checksTable, flowTable, goalMet, GOAL_P99_MS, GOAL_PHASE } from './fastpath-tables.js';
import { keepAliveAgent } from './http-client.js';
import { machineInfo } from './machine-info.js';
import { startOfgateProcess } from './ofgate-process.js';
import { watchOfgate } from './ofgate-watch.js';
import { waitForQuiet } from './quiet.js';
import type { EjabberdTarget } from './relay-direct.js';

const args = process.argv.slice(2);
const num = (name: string): number | undefined => {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
};
const quick = args.includes('--quick') || process.env.QUICK === '1';
const keepChats = args.includes('--keep-chats');
const chatSeconds = keepChats ? null : num('chat-seconds') ?? (quick ? 2 : 5);
/** Kept chats: room for all of them (1,000 over 50 agents); ended chats: rate × chatSeconds spread over the agents, with room to spare. */
const maxChatsPerAgent = keepChats ? 50 : 10;
const rate = num('rate') ?? 10;
const inFlight = num('in-flight') ?? (quick ? 8 : 16);
/** backlog + the phases = 1,000 visitors (120 quick); the paced rate is about half of what ofgate sustains here. */
const phases = (one: number, paced: number, closed: number): FlowPlan[] => [
  { name: 'one at a time', n: one, load: { kind: 'closed', inFlight: 1 } },
  { name: GOAL_PHASE, n: paced, load: { kind: 'paced', rate } },
  { name: 'sustained', n: closed, load: { kind: 'closed', inFlight } },
];
const base: Omit<FastpathSizes, 'rejectionSeconds'> = quick
  ? { name: 'quick', workgroups: 2, agentsPerWorkgroup: 4, backlog: num('backlog') ?? 20, phases: phases(10, 50, 40), maxChatsPerAgent, chatSeconds }
  : { name: 'full', workgroups: 5, agentsPerWorkgroup: 10, backlog: num('backlog') ?? 200, phases: phases(20, 480, 300), maxChatsPerAgent, chatSeconds };
/** Before each measured phase, wait at most this long for the rest of the box to go quiet (< 15% of a core). */
const quietWaitS = num('quiet-wait') ?? 20;
/**
 * The backlog must stay pinned through the flow: pin (~100 rejects/s) + each phase (paced: n/rate;
 * closed: ~10/s) + up to 10 s of quiet wait each + margin. Longer waits on a busy box are covered by
 * re-pinning (counted in the checks); the drain waits for whatever is left of it.
 */
const estimate = Math.ceil(20 + (base.backlog * base.agentsPerWorkgroup) / 100 + base.phases.reduce((a, p) => a + p.n / (p.load.kind === 'paced' ? p.load.rate : 10) + Math.min(quietWaitS, 10), 0) + 10);
const sizes: FastpathSizes = { ...base, rejectionSeconds: num('rejection-s') ?? estimate };
const profileDir = args.includes('--profile') ? join(projectRoot, 'bench', 'profiles') : undefined;
const resultsFile = args.find((a) => a.startsWith('--results='))?.slice(10);
const log = (s: string): void => void process.stderr.write(`bench-fastpath: ${s}\n`);

const guard = installCrashGuard();
const started = Date.now();
log(`${sizes.name} run: starting ejabberd (loglevel warning) and ofgate`);
const stack = await startStack({ logLevel: 'warning' });
const ofgate = await startOfgateProcess(stack, [], { OFGATE_FASTPATH_VISITOR_GRACE_SECONDS: '0' });
try {
  const machine = await machineInfo(stack.ej.apiUrl, projectRoot);
  const pids = { ofgate: ofgate.pid, ejabberd: stack.ej.pid, generator: process.pid };
  const quiet = async (phase: string): Promise<void> => {
    const others = await waitForQuiet(pids, quietWaitS * 1000);
    if (others >= 15) log(`${phase}: the box is busy (other processes at ${Math.round(others)}% of a core)`);
  };
  const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(64) };
  const total = sizes.workgroups * sizes.agentsPerWorkgroup;
  const baseline: BaselineFigures[] = args.includes('--no-baseline') ? [] : await runDirectBaseline(ej, { agents: total, chatSeconds: sizes.chatSeconds, phases: sizes.phases }, pids, quiet, log);
  const { profiled, loopDelay } = watchOfgate(ofgate, profileDir);
  const target = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(256) };
  const run = await runFastpathScenario({ target, ejabberd: ej, pids, log, profiled, ...(loopDelay ? { loopDelay } : {}), quiet }, sizes);
  const met = goalMet(run);
  const paced = run.flows.find((f) => f.name === GOAL_PHASE);
  const output = [
    `## Fastpath (${sizes.name} run, commit ${machine.commit}, ${machine.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round((Date.now() - started) / 1000)} s)`, '',
    `${run.checks.requests} visitors asked across ${total} agents in ${sizes.workgroups} workgroups: ${sizes.backlog} kept queued (asked while no agent was available, then rejected once by every agent of their workgroup: ` +
      `${run.pinSeconds.toFixed(1)} s for ${sizes.backlog * sizes.agentsPerWorkgroup} rejects; ${run.queuedAfterPin} queued afterwards), then, while they waited, ` +
      `${sizes.phases.map((p) => `${p.n} ${p.load.kind === 'paced' ? describeLoad(p.load) : p.load.inFlight === 1 ? 'one at a time' : `with ${p.load.inFlight} in flight`}`).join(', ')}. Agents accept at once; ` +
      (sizes.chatSeconds === null ? `they keep every chat to the end (maxChatsPerAgent ${sizes.maxChatsPerAgent}). ` : `each chat runs ${sizes.chatSeconds} s, then the agent leaves and the visitor ends it (maxChatsPerAgent ${sizes.maxChatsPerAgent}; visitor accounts removed at once). `) +
      `Latency from the ask's due time (paced) or send time (in flight) to the arrival at the client. The direct baseline has no queue and no offer (ejabberd has no Fastpath): ` +
      `per request a fresh account, the visitor's session, the room with ofgate's options and both members, the invitation, both joining` +
      (sizes.chatSeconds === null ? '.' : `, and ${sizes.chatSeconds} s later the agent leaving, the room destroyed, the visitor's session closed and account removed.`) +
      ` Each pinned request carries ${sizes.agentsPerWorkgroup} rejectors in its workgroup's state (about ${Math.round((370 + 55 * sizes.agentsPerWorkgroup) / 10) * 10} bytes of JSON per queued request instead of about 370).`, '',
    flowTable(run, baseline), '',
    `**Goal** (ask → offerReceived p99 ≤ ${GOAL_P99_MS} ms while ${sizes.backlog} are queued, nothing lost or offered twice): ` +
      `${met === null ? 'not measured' : met ? 'met' : '**not met**'} (p99 ${paced ? paced.askToOffer.p99.toFixed(1) : '–'} ms ${paced?.load ?? ''}).`, '',
    sizes.backlog === 0 ? 'No backlog (--backlog=0): nothing was kept queued.' :
      `Drain: the backlog's rejections ran out ${run.drain.waitedSeconds.toFixed(1)} s after the flow; ${run.drain.served} of ${sizes.backlog} then reached a room within ${run.drain.servedSeconds.toFixed(1)} s.`,
    `ofgate with nothing coming in: ${run.idle.map((x) => `${Math.round(x.ofgatePct)}% of a core ${x.when}`).join('; ')}.`, '',
    checksTable(run, ofgate.uncaught()), '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, ejabberd ${machine.ejabberd}, kernel ${machine.kernel}; load generator XMPP errors ${guard.count()}.`, '',
  ].join('\n');
  process.stdout.write(output + '\n');
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ meta: { machine, sizes, seconds: Math.round((Date.now() - started) / 1000) }, baseline, ofgate: run, goalMet: met }, null, 2) + '\n');
} finally {
  await ofgate.stop();
  await stack.stop();
}
process.exit(0);
