/**
 * The direct-ejabberd baseline of the Fastpath benchmark, run with the same loads as ofgate's
 * flow (the same number of requests paced at the same rate, then the same number with the same
 * count in flight): per request what fastpath-direct.ts does (account, session, room,
 * affiliations, invitation, both joining), timed start → agent invited and start → both in the
 * room, with the CPU of ejabberd, the load generator and the (idle) ofgate process metered. Chats
 * end as in ofgate's run: `chatSeconds` after both are in, inside the CPU window (null: kept, and
 * ended after the last phase, unmetered).
 */
import { openDirectDesk } from './fastpath-direct.js';
import { describeLoad, drivePhase, type PhaseRun } from './fastpath-phase.js';
import type { FlowPlan } from './fastpath-scenario.js';
import type { EjabberdTarget } from './relay-direct.js';
import { summarize, type LatencySummary } from './stats.js';

export interface BaselineFigures extends PhaseRun {
  readonly load: string;
  readonly toInvitation: LatencySummary;
  readonly toRoom: LatencySummary;
}

export interface BaselinePlan {
  readonly agents: number;
  readonly chatSeconds: number | null;
  readonly phases: readonly FlowPlan[];
}

export async function runDirectBaseline(ej: EjabberdTarget, plan: BaselinePlan, pids: Readonly<Record<string, number>>, quiet: (phase: string) => Promise<void>, log: (s: string) => void): Promise<BaselineFigures[]> {
  const desk = await openDirectDesk(ej, plan.agents, 'fpd', 30_000);
  const out: BaselineFigures[] = [];
  const kept: Array<() => Promise<void>> = [];
  try {
    for (const [k, ph] of plan.phases.entries()) {
      await quiet(`direct ${ph.name}`);
      const invited: number[] = [];
      const inRoom: number[] = [];
      const ends: Array<Promise<unknown>> = [];
      const endFailures: string[] = [];
      const r = await drivePhase(ph.n, ph.load, pids, async (i, at) => {
        const times = await desk.serve(`${k}x${i}`, at);
        invited.push(times.invited);
        inRoom.push(times.inRoom);
        if (plan.chatSeconds === null) kept.push(times.end);
        else ends.push(new Promise((w) => setTimeout(w, (plan.chatSeconds ?? 0) * 1000)).then(times.end).catch((e: unknown) => endFailures.push((e as Error).message)));
        return undefined;
      }, async () => void (await Promise.all(ends)));
      if (endFailures.length) log(`direct ${ph.name}: ${endFailures.length} chat ends failed (${endFailures[0]})`);
      const f: BaselineFigures = { ...r, load: describeLoad(ph.load), toInvitation: summarize(invited), toRoom: summarize(inRoom) };
      out.push(f);
      log(`direct ${ph.name} (${f.load}): ${f.perSec.toFixed(1)} rooms/s, → both in the room p50 ${f.toRoom.p50.toFixed(0)} / p99 ${f.toRoom.p99.toFixed(0)} ms, ` +
        `ejabberd ${((f.cpuMicrosPerRequest.ejabberd ?? Number.NaN) / 1000).toFixed(2)} ms CPU/request; ${f.failures} failed; ${f.boundBy}`);
    }
  } finally {
    await Promise.all(kept.map((end) => end().catch(() => undefined)));
    await desk.close();
  }
  return out;
}
