/**
 * `node dist/bench/fastpath-profile.js <file.cpuprofile> [top] [filter]`: inclusive time (a
 * function and everything it called) per function of an ofgate CPU profile, the view the Fastpath
 * findings quote beside profile-summary.ts's self time: which step of a request (the ask, a
 * machine step, a store update, the SSE fan-out) its time goes to. A function counts once per
 * sample however deep it recurses; the bench probe's frames and V8's idle are left out. `filter`
 * (a regular expression on "name path:line", default gateway|hooks) picks the rows.
 * Format: V8 Profiler.Profile (nodes with children, samples, timeDeltas).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export interface InclusiveShare {
  readonly name: string;
  readonly ms: number;
  readonly pct: number;
}

const keyOf = (n: Node): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|gateway|hooks|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;

export function inclusiveTimes(p: Profile, filter: RegExp, top: number): { busyMs: number; rows: InclusiveShare[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    const onStack = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const n = byId.get(x);
      if (!n) break;
      if (n.callFrame.url.includes('ofgate-probe')) return;
      onStack.add(keyOf(n));
    }
    busy += dt;
    for (const k of onStack) total.set(k, (total.get(k) ?? 0) + dt);
  });
  const rows = [...total].filter(([k]) => filter.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / busy) * 1000) / 10 }));
  return { busyMs: Math.round(busy / 1000), rows };
}

if (process.argv[1] && /fastpath-profile\.[jt]s$/.test(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: fastpath-profile <file.cpuprofile> [top] [filter]');
  const r = inclusiveTimes(JSON.parse(readFileSync(file, 'utf8')) as Profile, new RegExp(process.argv[4] ?? 'gateway|hooks'), Number(process.argv[3] ?? 40));
  process.stdout.write(`${file}: ${r.busyMs} ms busy; inclusive time (the function and its callees):\n`);
  for (const x of r.rows) process.stdout.write(`  ${String(x.pct).padStart(5)}%  ${String(x.ms).padStart(7)} ms  ${x.name}\n`);
}
