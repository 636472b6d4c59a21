/**
 * Heap (and RSS) per chat stream by object kind. Starts a throwaway ejabberd and ofgate in its
 * own process (as `make bench` does), opens chat streams (password login, then the user's SSE
 * stream, 50 in flight) up to each of two counts, and at each: a full GC, process.memoryUsage and
 * V8's heap spaces, VmRSS, and a heap snapshot. Then the snapshots are compared kind by kind
 * (heap-snapshot-diff.ts) and printed per added stream, largest first.
 *
 *   npm run -s build && node dist/bench/heap-per-stream.js [--sizes=1000,2000] [--top=40]
 *     [--dist=/tmp/ab/before/dist] [--ofgate-flags="--max-semi-space-size=1"] [--env=OFGATE_X=y ...]
 *     [--memory-only] [--keep=DIR] [--path-depth=4] [--json=FILE] [--detail=KIND ...]
 *   node dist/bench/heap-per-stream.js --snapshots=A.heapsnapshot,B.heapsnapshot --streams=1000
 *
 * --memory-only skips the snapshots (a snapshot's own allocation raises the RSS read after it:
 * compare RSS, and node flags, in memory-only runs). --snapshots compares two existing files.
 * --detail=KIND (a kind as the table names it, e.g. "(string)" or "Object{jid,resource}") lists
 * that kind's new objects by retainer path (8 steps) and by name or string value.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../test/harness/start-stack.js';
import { registerUsers } from './ejabberd-api.js';
import { detailKind, diffHeaps, type HeapDiff } from './heap-snapshot-diff.js';
import { parseHeapSnapshot } from './heap-snapshot-graph.js';
import { keepAliveAgent } from './http-client.js';
import { loginWithPassword, openChatEvents, type OfgateTarget } from './ofgate-chat.js';
import { startOfgateProcess, type OfgateProcess } from './ofgate-process.js';
import { runPool } from './pool.js';
import { vmRssKiB } from './proc-memory.js';
import type { SseConnection } from './sse-client.js';
import type { ProbeAnswer } from './ofgate-probe.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const many = (name: string): string[] => args.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const top = Number(arg('top') ?? 40);
const pathDepth = Number(arg('path-depth') ?? 4);
const log = (s: string): void => void process.stderr.write(`heap-per-stream: ${s}\n`);

export interface MemoryAt {
  readonly streams: number;
  readonly rssKiB: number;
  readonly heapUsedKiB: number;
  readonly heapTotalKiB: number;
  readonly externalKiB: number;
  readonly arrayBuffersKiB: number;
  /** V8 space → used / committed KiB. */
  readonly spaces: Record<string, { usedKiB: number; committedKiB: number }>;
}

const kib = (b: number): number => Math.round(b / 1024);

async function memoryAt(ofgate: OfgateProcess, streams: number): Promise<MemoryAt> {
  const m = await ofgate.probe<ProbeAnswer['gc']>('gc');
  const spaces: MemoryAt['spaces'] = {};
  for (const s of m.spaces ?? []) spaces[s.space_name] = { usedKiB: kib(s.space_used_size), committedKiB: kib(s.space_size) };
  return { streams, rssKiB: vmRssKiB(ofgate.pid), heapUsedKiB: kib(m.heapUsed), heapTotalKiB: kib(m.heapTotal), externalKiB: kib(m.external), arrayBuffersKiB: kib(m.arrayBuffers), spaces };
}

function printMemory(points: readonly MemoryAt[]): void {
  const [a, b] = [points[points.length - 2], points[points.length - 1]];
  if (!a || !b) return;
  const dn = b.streams - a.streams;
  const per = (x: number, y: number): string => ((y - x) / dn).toFixed(1);
  const lines = [
    `| figure (KiB) | at ${a.streams} | at ${b.streams} | per added stream |`, '|---|---|---|---|',
    `| VmRSS | ${a.rssKiB} | ${b.rssKiB} | ${per(a.rssKiB, b.rssKiB)} |`,
    `| heap used | ${a.heapUsedKiB} | ${b.heapUsedKiB} | ${per(a.heapUsedKiB, b.heapUsedKiB)} |`,
    `| heap committed (heapTotal) | ${a.heapTotalKiB} | ${b.heapTotalKiB} | ${per(a.heapTotalKiB, b.heapTotalKiB)} |`,
    `| external | ${a.externalKiB} | ${b.externalKiB} | ${per(a.externalKiB, b.externalKiB)} |`,
    `| arrayBuffers | ${a.arrayBuffersKiB} | ${b.arrayBuffersKiB} | ${per(a.arrayBuffersKiB, b.arrayBuffersKiB)} |`,
  ];
  for (const name of Object.keys(b.spaces)) {
    const x = a.spaces[name];
    const y = b.spaces[name];
    if (!x || !y) continue;
    lines.push(`| ${name} used / committed | ${x.usedKiB} / ${x.committedKiB} | ${y.usedKiB} / ${y.committedKiB} | ${per(x.usedKiB, y.usedKiB)} / ${per(x.committedKiB, y.committedKiB)} |`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

function printDiff(d: HeapDiff): void {
  const f = (x: number, digits = 1): string => (Math.abs(x) < 0.05 ? '0' : x.toFixed(digits));
  const lines = [
    `Heap per added stream (${d.streams} streams added): ${f(d.totalBytesPerStream / 1024, 2)} KiB live (${f(d.newBytesPerStream / 1024, 2)} KiB in objects new since the first snapshot).`, '',
    '| kind | added objects / stream | bytes / stream | new objects / stream | retained by the new (outermost) / stream | top retainer path of the new (share) |', '|---|---|---|---|---|---|',
  ];
  for (const r of d.rows.slice(0, top)) {
    lines.push(`| \`${r.kind.replace(/\|/g, '\\|')}\` | ${f(r.countPerStream, 2)} | ${f(r.bytesPerStream, 0)} | ${f(r.newPerStream, 2)} | ${f(r.retainedPerStream, 0)} | ${r.path ? `${r.path.replace(/\|/g, '\\|')} (${Math.round(r.pathShare * 100)}%)` : ''} |`);
  }
  lines.push('', 'New objects by owner (the nearest dominator that is a class instance or a named closure; `~ X`: shared, X is the first named object on its shortest retainer path), per added stream:', '',
    '| owner | new owners / stream | bytes owned / stream |', '|---|---|---|');
  for (const o of d.owners.slice(0, top)) lines.push(`| \`${o.owner.replace(/\|/g, '\\|')}\` | ${f(o.ownersPerStream, 2)} | ${f(o.bytesPerStream, 0)} |`);
  process.stdout.write(lines.join('\n') + '\n\n');
}

function compare(a: string, b: string, added: number): HeapDiff {
  log(`reading ${a}`);
  const g1 = parseHeapSnapshot(readFileSync(a, 'utf8'));
  log(`reading ${b}`);
  const g2 = parseHeapSnapshot(readFileSync(b, 'utf8'));
  for (const kind of many('detail')) {
    const d = detailKind(g1, g2, kind, Math.max(pathDepth, 8));
    const lines = [`New \`${kind}\` objects: ${d.total} (${(d.total / added).toFixed(2)} per added stream). Commonest retainer paths:`, ''];
    for (const [p, c] of d.paths) lines.push(`- ${c}× ${p}`);
    lines.push('', 'Commonest names / values:', '');
    for (const [l, c] of d.labels) lines.push(`- ${c}× ${JSON.stringify(l)}`);
    process.stdout.write(lines.join('\n') + '\n\n');
  }
  return diffHeaps(g1, g2, added, pathDepth);
}

async function measure(): Promise<{ points: MemoryAt[]; diff?: HeapDiff }> {
  const sizes = (arg('sizes') ?? '1000,2000').split(',').map(Number).sort((x, y) => x - y);
  const memoryOnly = args.includes('--memory-only');
  const keep = arg('keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'heap-per-stream-'));
  mkdirSync(dir, { recursive: true });
  const env = Object.fromEntries(many('env').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const flags = arg('ofgate-flags')?.split(' ').filter(Boolean) ?? [];
  const inFlight = Number(arg('in-flight') ?? 50);
  const stack = await startStack({ logLevel: 'warning' });
  let ofgate: OfgateProcess | undefined;
  const sse: SseConnection[] = [];
  try {
    ofgate = await startOfgateProcess(stack, flags, env, arg('dist'));
    let og: OfgateTarget = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
    const max = Math.max(...sizes);
    const users = Array.from({ length: max }, (_, i) => `hs${i}`);
    log(`registering ${max} users`);
    await registerUsers(keepAliveAgent(32), stack.ej.apiUrl, stack.domain, users, 'bench-pw');
    const points: MemoryAt[] = [await memoryAt(ofgate, 0)];
    const snapshots: string[] = [];
    for (const n of sizes) {
      const from = sse.length;
      log(`opening streams ${from} → ${n}`);
      // A fresh agent per step: ofgate closed the idle keep-alive sockets while the snapshot was written.
      og.agent.destroy();
      const step: OfgateTarget = { ...og, agent: keepAliveAgent(64) };
      og = step;
      const { errors, firstError } = await runPool(inFlight, n - from, async (k) => {
        const user = users[from + k] as string;
        await loginWithPassword(step, user, 'bench-pw');
        sse.push(await openChatEvents(step, user, 'bench-pw', () => {}));
      });
      if (errors) throw new Error(`${errors} streams failed to open (${firstError})`);
      points.push(await memoryAt(ofgate, n));
      if (!memoryOnly) {
        const file = join(dir, `streams-${n}.heapsnapshot`);
        log(`heap snapshot at ${n} streams`);
        await ofgate.probe('heap-snapshot', file);
        snapshots.push(file);
      }
    }
    const [a, b] = snapshots.slice(-2);
    const added = (sizes[sizes.length - 1] as number) - (sizes[sizes.length - 2] as number);
    const diff = a && b ? compare(a, b, added) : undefined;
    if (!keep) rmSync(dir, { recursive: true, force: true });
    return diff ? { points, diff } : { points };
  } finally {
    for (const s of sse) s.close();
    await ofgate?.stop();
    await stack.stop();
  }
}

const given = arg('snapshots')?.split(',');
if (given) {
  const [a, b] = given;
  if (!a || !b) throw new Error('--snapshots=A,B needs two files');
  printDiff(compare(a, b, Number(arg('streams') ?? 1)));
} else {
  const started = Date.now();
  const { points, diff } = await measure();
  printMemory(points);
  if (diff) printDiff(diff);
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify({ points, diff }, null, 2) + '\n');
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}
process.exit(0);
