/**
 * `node dist/bench/allocation-summary.js <alloc-…-<messages>.heapprofile> [top]`: the bytes a relayed
 * message allocates (allocation-sampler.ts's window divided by its message count), by allocating
 * function, and by the nearest ofgate function on the stack (what in ofgate caused it).
 */
import { readFileSync } from 'node:fs';

interface Node {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly Node[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: allocation-summary <file.heapprofile> [top]');
const messages = Number(/-(\d+)\.heapprofile$/.exec(file)?.[1] ?? 1);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
const bySite = new Map<string, number>();
const byOfgate = new Map<string, number>();
let total = 0;
const name = (n: Node): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\/dist\//, '').replace('file://', '')}:${n.callFrame.lineNumber + 1}`;
const walk = (n: Node, ofgate: string | undefined): void => {
  const here = name(n);
  const owner = n.callFrame.url.includes('/dist/gateway/') ? here.replace(/:\d+$/, '') : ofgate;
  if (n.selfSize > 0) {
    total += n.selfSize;
    bySite.set(here, (bySite.get(here) ?? 0) + n.selfSize);
    const k = owner ?? '(no ofgate frame)';
    byOfgate.set(k, (byOfgate.get(k) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, owner);
};
walk(profile.head, undefined);
const perMessage = (b: number): string => `${Math.round(b / messages)} B`.padStart(9);
const print = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(perMessage(v), k);
};
console.log(`${file}: ${messages} messages, ${perMessage(total).trim()} allocated per message`);
print('by allocating function (self)', bySite);
print('by the nearest ofgate function on the stack', byOfgate);
