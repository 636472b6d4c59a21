/**
 * The Fastpath scenario of issue #21 against ofgate in its own process: W workgroups of A agents
 * (logged in through ofgate, SSE open, accepting every offer at once over REST and joining the
 * room on its invitation), and visitors asking with `?wait=false`, in four steps:
 *
 * 1. backlog: B visitors ask while no agent is available (B/W per workgroup), so B wait;
 * 2. pin: the agents go available and reject every offer of a backlog request, until each backlog
 *    request has been rejected by every agent of its workgroup: rejectors are not offered a request
 *    again for the rejection timeout, so the B requests stay queued at their place (the head of
 *    each queue) while the agents are free. Each later step of the machine routes past them;
 * 3. flow (measured, B still queued), phase by phase: visitors one at a time (the floor), paced at a
 *    fixed rate (latency at a load ofgate carries), then with C in flight (the sustained rate);
 *    agents accept at once. A backlog request offered again meanwhile (its rejection ran out early)
 *    is rejected again and counted ("re-pinned");
 * 4. drain: agents accept everything; when the rejection timeouts run out the backlog is offered
 *    and served, so every ask of the run ends in a room.
 *
 * Chats end as they go (by default): `chatSeconds` after both are in the room the agent leaves and
 * the visitor ends its request (its account goes after ofgate's grace period), so the number of
 * chats running stays that of a steady helpdesk (rate × chatSeconds). With `chatSeconds` null every
 * chat is kept (maxChatsPerAgent raised to hold them): how the cost grows with the chats held.
 * Then the ledger's checks: nothing lost, nothing offered twice, no chat or queued request left.
 */
import type { Agent } from 'node:http';
import { countsIn, createWorkgroup, queuedIn, watchQueue, type QueueWatch } from './fastpath-admin.js';
import { startAgentCrew } from './fastpath-agents.js';
import { flowLatencies, Ledger, type FlowLatencies, type LedgerSummary } from './fastpath-ledger.js';
import { describeLoad, drivePhase, idleCpu, type Load, type PhaseRun } from './fastpath-phase.js';
import { endChat, visitorToRoom, type VisitorOutcome } from './fastpath-visitors.js';
import type { OfgateTarget } from './ofgate-chat.js';
import type { LoopDelay } from './relay-driver.js';
import { runPool } from './pool.js';
import { startKernelShare } from './fastpath-kernel-share.js';

export interface FastpathSizes {
  readonly name: 'full' | 'quick';
  readonly workgroups: number;
  readonly agentsPerWorkgroup: number;
  readonly backlog: number;
  /** The measured phases, in order (the direct baseline runs the same). */
  readonly phases: readonly FlowPlan[];
  readonly maxChatsPerAgent: number;
  readonly rejectionSeconds: number;
  /** How long a chat runs once both are in the room; null: chats are kept to the end of the run. */
  readonly chatSeconds: number | null;
}

export interface FlowPlan {
  readonly name: string;
  readonly n: number;
  readonly load: Load;
}

export interface ScenarioContext {
  readonly target: OfgateTarget;
  readonly ejabberd: { readonly agent: Agent; readonly apiUrl: string; readonly domain: string };
  readonly pids: Readonly<Record<string, number>>;
  readonly log: (s: string) => void;
  /** Runs a phase under a CPU profile of ofgate when asked (--profile). */
  readonly profiled: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  readonly loopDelay?: <T extends object>(run: () => Promise<T>) => Promise<T & { ofgateLoopDelayMs?: LoopDelay }>;
  readonly quiet: (phase: string) => Promise<void>;
}

export interface FlowFigures extends PhaseRun, FlowLatencies {
  readonly name: string;
  readonly load: string;
  /** Requests waiting and chats running in the workgroups, sampled every 2 s during the phase. */
  readonly queued: QueueWatch;
  /** Share of ofgate's CPU spent in the kernel (journal writes and fdatasync, sockets), 0..1. */
  readonly ofgateKernelShare: number;
  readonly ofgateLoopDelayMs?: LoopDelay;
}

/** ofgate's CPU (% of one core) over a few seconds with no request coming in. */
export interface IdleCpu {
  readonly when: string;
  readonly ofgatePct: number;
  readonly ejabberdPct: number;
}

export interface FastpathRun {
  readonly sizes: FastpathSizes;
  readonly idle: readonly IdleCpu[];
  readonly backlogSeconds: number;
  readonly pinSeconds: number;
  readonly queuedAfterPin: number;
  readonly flows: readonly FlowFigures[];
  readonly repinned: number;
  readonly drain: { readonly waitedSeconds: number; readonly servedSeconds: number; readonly served: number };
  readonly checks: LedgerSummary;
  /** Chats ended by the run, and the failures of those ends. */
  readonly ends: { readonly done: number; readonly failed: number; readonly first: readonly string[] };
  /** What the workgroups still held at the end (0 and 0 when every chat was ended). */
  readonly leftAtEnd: { readonly queued: number; readonly chats: number };
  readonly agentErrors: { readonly count: number; readonly first: readonly string[] };
}

const until = async (what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> => {
  const end = performance.now() + timeoutMs;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

export async function runFastpathScenario(c: ScenarioContext, z: FastpathSizes): Promise<FastpathRun> {
  const { target: t, log } = c;
  const ledger = new Ledger();
  const wgs = Array.from({ length: z.workgroups }, (_, w) => `fpbench${w}`);
  const members = wgs.flatMap((wg, w) => Array.from({ length: z.agentsPerWorkgroup }, (_, j) => ({ name: `fpa${w}x${j}`, workgroup: wg })));
  const settings = { offerTimeoutMs: 60_000, rejectionTimeoutMs: z.rejectionSeconds * 1000, requestTimeoutMs: 3_600_000, maxChatsPerAgent: z.maxChatsPerAgent, routing: 'openfire' };
  for (const wg of wgs) await createWorkgroup(t, wg, members.filter((m) => m.workgroup === wg).map((m) => m.name), settings);
  const backlogIds = new Set<string>();
  let pinning = true;
  const crew = await startAgentCrew({
    target: t, ejabberd: c.ejabberd, members, ledger,
    decide: (id) => (pinning && backlogIds.has(id) ? 'reject' : 'accept'),
  });
  log(`${wgs.length} workgroups, ${members.length} agents logged in through ofgate with their SSE open`);
  let endsDone = 0;
  const endFailures: string[] = [];
  /** Ends the chat `chatSeconds` after both are in the room (nothing when chats are kept). */
  const later = (userId: string, o: VisitorOutcome): Promise<void> => {
    if (o.error !== undefined || z.chatSeconds === null) return Promise.resolve();
    return new Promise((r) => setTimeout(r, (z.chatSeconds ?? 0) * 1000))
      .then(() => endChat(t, ledger, userId, o, (id) => crew.leave(id)))
      .then((err) => void (err === undefined ? endsDone++ : endFailures.push(err)));
  };

  // 1. backlog: B asks while nobody is available
  const backlogDone: Array<Promise<VisitorOutcome>> = [];
  const backlogEnds: Array<Promise<void>> = [];
  const timeoutMs = (z.rejectionSeconds + 180) * 1000;
  const b0 = performance.now();
  await runPool(8, z.backlog, (i) => new Promise<void>((asked) => {
    const plan = { userId: `fpvb${i}`, workgroup: wgs[i % wgs.length] as string, kind: 'backlog' as const, askAt: performance.now() };
    const p = visitorToRoom(t, ledger, plan, timeoutMs, (id) => {
      backlogIds.add(id);
      asked();
    });
    backlogDone.push(p);
    backlogEnds.push(p.then((o) => later(plan.userId, o)));
    void p.then(() => asked());
  }));
  const backlogSeconds = (performance.now() - b0) / 1000;
  if (backlogIds.size !== z.backlog) throw new Error(`backlog: ${backlogIds.size} of ${z.backlog} asks answered`);
  log(`backlog: ${z.backlog} asked in ${backlogSeconds.toFixed(1)} s, ${await queuedIn(t, wgs)} queued`);

  // 2. pin: every agent rejects every backlog request once
  const p0 = performance.now();
  await crew.goAvailable();
  const rejects = (): number => ledger.all('backlog').reduce((a, e) => a + e.rejects, 0);
  await until('every backlog request rejected by every agent of its workgroup', () => rejects() >= z.backlog * z.agentsPerWorkgroup, 120_000);
  const pinSeconds = (performance.now() - p0) / 1000;
  const queuedAfterPin = await queuedIn(t, wgs);
  log(`pin: ${rejects()} rejects in ${pinSeconds.toFixed(1)} s; ${queuedAfterPin} queued, the agents free`);
  const rejectsAfterPin = rejects();
  const idle: IdleCpu[] = [];
  const idleWindow = async (when: string): Promise<void> => {
    const r = await idleCpu({ ofgate: c.pids.ofgate as number, ejabberd: c.pids.ejabberd as number }, 3000);
    idle.push({ when, ofgatePct: r.ofgate ?? Number.NaN, ejabberdPct: r.ejabberd ?? Number.NaN });
    log(`idle ${when}: ofgate ${Math.round(r.ofgate ?? Number.NaN)}%, ejabberd ${Math.round(r.ejabberd ?? Number.NaN)}% of a core`);
  };
  await idleWindow(`with ${queuedAfterPin} queued, before the flow`);

  // 3. flow, measured while the backlog waits
  const flows: FlowFigures[] = [];
  const flow = async ({ name, n, load }: FlowPlan, phase: number): Promise<void> => {
    await c.quiet(`fastpath ${name}`);
    const ids: string[] = [];
    // every 2 s: each sample is a GET ask/admin/{wg} per workgroup, work for ofgate too
    const q = watchQueue(t, wgs, 2000);
    const kernel = startKernelShare(c.pids.ofgate as number);
    const ends: Array<Promise<void>> = [];
    const one = async (i: number, at: number): Promise<string | undefined> => {
      const userId = `fpv${phase}x${i}`;
      const o = await visitorToRoom(t, ledger, { userId, workgroup: wgs[i % wgs.length] as string, kind: 'flow', askAt: at }, 60_000, (id) => ids.push(id));
      ends.push(later(userId, o));
      return o.error;
    };
    const run = async (): Promise<PhaseRun> => drivePhase(n, load, c.pids, one, async () => void (await Promise.all(ends)));
    const r = await c.profiled(`fastpath-${name.replace(/\W+/g, '-')}`, () => (c.loopDelay ? c.loopDelay(run) : run()));
    const ofgateKernelShare = kernel.stop();
    const queued = await q.stop();
    const f: FlowFigures = {
      ...r,
      ...flowLatencies(ids.map((id) => ledger.entry(id))),
      name,
      load: describeLoad(load),
      queued,
      ofgateKernelShare,
    };
    flows.push(f);
    log(`${name} (${f.load}): ${n} asks, ${f.perSec.toFixed(1)} rooms/s, ask → offer p50 ${f.askToOffer.p50.toFixed(1)} / p99 ${f.askToOffer.p99.toFixed(1)} ms, ` +
      `→ room p50 ${f.askToRoom.p50.toFixed(0)} / p99 ${f.askToRoom.p99.toFixed(0)} ms, ofgate ${((f.cpuMicrosPerRequest.ofgate ?? Number.NaN) / 1000).toFixed(2)} ms CPU/request, ` +
      `queued ${queued.min}–${queued.max}; ${f.failures} failed; ${f.boundBy}`);
  };
  for (const [i, ph] of z.phases.entries()) await flow(ph, i);
  const repinned = rejects() - rejectsAfterPin;
  const held = await countsIn(t, wgs);
  await idleWindow(`with ${held.queued} queued and ${held.chats} chats running, after the flow`);

  // 4. drain: the backlog is served once its rejections run out
  pinning = false;
  const d0 = performance.now();
  const firstServed = (): number => Math.min(...ledger.all('backlog').map((e) => e.accepts[0]?.at ?? Number.POSITIVE_INFINITY));
  if (z.backlog > 0) log(`drain: waiting for the rejection timeouts (${z.rejectionSeconds} s after each reject) to run out`);
  const drained = await Promise.all(backlogDone);
  const served = drained.filter((o) => o.error === undefined).length;
  const end = performance.now();
  await Promise.all(backlogEnds);
  const first = firstServed();
  const drain = { waitedSeconds: (first - d0) / 1000, servedSeconds: (end - first) / 1000, served };
  if (z.backlog > 0) log(`drain: ${served} of ${z.backlog} backlog requests in their room ${drain.servedSeconds.toFixed(1)} s after the first was served`);
  const leftAtEnd = await countsIn(t, wgs);
  crew.close();
  return {
    sizes: z, idle, backlogSeconds, pinSeconds, queuedAfterPin, flows, repinned, drain, checks: ledger.summary(), agentErrors: crew.errors(),
    ends: { done: endsDone, failed: endFailures.length, first: endFailures.slice(0, 3) }, leftAtEnd,
  };
}
