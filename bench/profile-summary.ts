/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [top] [--busy-over=MS]`: where a CPU
 * profile of ofgate spent its time, as self time per function and per package / gateway folder
 * (the figures the hot-spot list in BENCHMARKS.md quotes). Format: V8 Profiler.Profile (samples +
 * timeDeltas). With `--busy-over`, only the busy runs longer than MS (consecutive samples with
 * no idle between them: the spells that hold a latency tail back) are summed, and the tasks they
 * were made of (the three frames under the root) listed.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Sample indexes of the busy runs (no "(idle)" sample in between) lasting longer than `overMs`. */
export function busyRuns(p: Profile, overMs: number): { runs: number; ms: number; samples: Set<number> } {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const samples = new Set<number>();
  let runs = 0;
  let ms = 0;
  let start = 0;
  let us = 0;
  const close = (end: number): void => {
    if (us / 1000 > overMs) {
      runs++;
      ms += us / 1000;
      for (let i = start; i < end; i++) samples.add(i);
    }
  };
  p.samples.forEach((id, i) => {
    if (idle.has(id)) {
      close(i);
      start = i + 1;
      us = 0;
    } else us += p.timeDeltas[i] ?? 0;
  });
  close(p.samples.length);
  return { runs, ms, samples };
}

/** What each sample's task was: the (up to) three frames under the root, outermost first. */
export function taskShares(p: Profile, only: Set<number>, top = 15): ProfileShare[] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const label = (id: number): string => {
    const chain: number[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) chain.unshift(at);
    return chain.slice(1, 4).map((c) => {
      const cf = byId.get(c)?.callFrame;
      return cf ? `${cf.functionName || '(anonymous)'}${cf.url ? `@${cf.url.replace(/^.*\//, '')}:${cf.lineNumber + 1}` : ''}` : '?';
    }).join(' > ');
  };
  const us = new Map<string, number>();
  let total = 0;
  for (const i of only) {
    const d = p.timeDeltas[i] ?? 0;
    const k = label(p.samples[i] as number);
    us.set(k, (us.get(k) ?? 0) + d);
    total += d;
  }
  return [...us].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, u]) => ({ name, ms: Math.round(u / 1000), pct: Math.round((u / total) * 1000) / 10 }));
}

export interface ProfileShare {
  readonly name: string;
  readonly ms: number;
  readonly pct: number;
}

/** Groups a frame: node_modules package, gateway/<folder>, node internals, or V8's pseudo-frames. */
export function frameGroup(url: string, functionName: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1] as string;
  const gw = /\/(gateway|hooks|bench)\/(?:([^/]+)\/)?[^/]+$/.exec(url);
  if (gw) return gw[2] && !gw[2].includes('.') ? `${gw[1]}/${gw[2]}` : (gw[1] as string);
  if (url.startsWith('node:')) return 'node internals';
  return url ? url : functionName || '(anonymous native)';
}

/** Node ids at or under a frame of the benchmark's own probe (its inspector calls are not ofgate's work). */
function probeNodes(p: Profile): Set<number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Set<number>();
  const mark = (id: number): void => {
    out.add(id);
    for (const c of byId.get(id)?.children ?? []) mark(c);
  };
  for (const n of p.nodes) if (n.callFrame.url.includes('ofgate-probe') && !out.has(n.id)) mark(n.id);
  return out;
}

/** Shares are of the busy time: V8's "(idle)" pseudo-frame and the probe's own frames are counted apart. */
export function summarizeProfile(p: Profile, top = 25, only?: Set<number>): { totalMs: number; idleMs: number; byFunction: ProfileShare[]; byGroup: ProfileShare[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const probe = probeNodes(p);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => {
    if (!only || only.has(i)) selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const fn = new Map<string, number>();
  const group = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    if (cf.functionName === '(idle)' || probe.has(id)) {
      idle += us;
      continue;
    }
    total += us;
    const where = cf.url ? `${cf.url.replace(/^.*\/(node_modules|gateway|hooks|bench)\//, '$1/')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + us);
    const g = frameGroup(cf.url, cf.functionName);
    group.set(g, (group.get(g) ?? 0) + us);
  }
  const share = (m: Map<string, number>): ProfileShare[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }));
  return { totalMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), byFunction: share(fn), byGroup: share(group) };
}

if (process.argv[1] && /profile-summary\.[jt]s$/.test(process.argv[1])) {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const busyOver = process.argv.find((a) => a.startsWith('--busy-over='))?.slice(12);
  const file = positional[0];
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top] [--busy-over=MS]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const top = Number(positional[1] ?? 25);
  const runs = busyOver === undefined ? undefined : busyRuns(profile, Number(busyOver));
  const s = summarizeProfile(profile, top, runs?.samples);
  process.stdout.write(`${file}: ${s.totalMs} ms busy (+ ${s.idleMs} ms idle or in the bench probe)\n`);
  if (runs) {
    process.stdout.write(`only the ${runs.runs} busy runs over ${busyOver} ms (${Math.round(runs.ms)} ms in all)\n\nby task (the frames under the root):\n`);
    for (const t of taskShares(profile, runs.samples, top)) process.stdout.write(`  ${String(t.pct).padStart(5)}%  ${String(t.ms).padStart(7)} ms  ${t.name}\n`);
  }
  process.stdout.write('\nby package / folder (self time):\n');
  for (const g of s.byGroup) process.stdout.write(`  ${String(g.pct).padStart(5)}%  ${String(g.ms).padStart(7)} ms  ${g.name}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const f of s.byFunction) process.stdout.write(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.name}\n`);
}
