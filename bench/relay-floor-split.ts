/**
 * `node dist/bench/relay-floor-split.js <a.cpuprofile> [<b.cpuprofile> …]`: the self time of
 * relay servers' CPU profiles (relay-ab.ts --profile: the floor server, ofgate) split into the
 * parts issue 20 asks about, side by side, as % of each profile's busy time:
 * socket writes (the native write bindings: the syscall and the loopback delivery it runs),
 * node's HTTP internals, node's streams/net, the rest of node (events, timers, task queues),
 * @xmpp/* with koa-compose (its middleware), @xmpp/jid alone, ltx (XML parse and serialise),
 * GC, the server's own code (bench/ or gateway/), other packages (express, router, …), the rest.
 * Idle and the bench probe's own frames are left out, as profile-summary.ts does.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const WRITES = new Set(['writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String', 'writeBuffer', 'writev']);

export const PARTS = [
  'socket writes (native)', 'node http', 'node streams + net', 'node other', '@xmpp/* + koa-compose', '@xmpp/jid', 'ltx',
  'garbage collector', 'server code (bench/, gateway/)', 'other packages', 'rest (program, microtasks, natives)',
] as const;
export type Part = (typeof PARTS)[number];

export function partOf(url: string, functionName: string): Part {
  if (!url) {
    if (WRITES.has(functionName)) return 'socket writes (native)';
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === 'HTTPParser') return 'node http';
    return 'rest (program, microtasks, natives)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg === '@xmpp/jid') return '@xmpp/jid';
  if (pkg === 'ltx') return 'ltx';
  if (pkg && (pkg.startsWith('@xmpp/') || pkg === 'koa-compose')) return '@xmpp/* + koa-compose';
  if (pkg) return 'other packages';
  if (/^node:(_http|internal\/http)/.test(url)) return 'node http';
  if (/^node:(internal\/streams|net|stream|internal\/stream_base)/.test(url)) return 'node streams + net';
  if (url.startsWith('node:')) return 'node other';
  if (/\/(bench|gateway|hooks)\//.test(url)) return 'server code (bench/, gateway/)';
  return 'rest (program, microtasks, natives)';
}

/** ms of self time per part, and the busy total (idle and the probe left out). */
export function splitProfile(p: Profile): { busyMs: number; ms: Record<Part, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const probe = new Set<number>();
  const mark = (id: number): void => {
    probe.add(id);
    for (const c of byId.get(id)?.children ?? []) mark(c);
  };
  for (const n of p.nodes) if (n.callFrame.url.includes('ofgate-probe') && !probe.has(n.id)) mark(n.id);
  const ms = Object.fromEntries(PARTS.map((k) => [k, 0])) as Record<Part, number>;
  let busy = 0;
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)?.callFrame;
    if (!cf || cf.functionName === '(idle)' || probe.has(id)) return;
    const us = p.timeDeltas[i] ?? 0;
    ms[partOf(cf.url, cf.functionName)] += us / 1000;
    busy += us / 1000;
  });
  return { busyMs: busy, ms };
}

if (process.argv[1] && /relay-floor-split\.[jt]s$/.test(process.argv[1])) {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: relay-floor-split <a.cpuprofile> [<b.cpuprofile> …]');
  const splits = files.map((f) => splitProfile(JSON.parse(readFileSync(f, 'utf8')) as Profile));
  const out = [`| part | ${files.map((f) => basename(f, '.cpuprofile')).join(' | ')} |`, `|---|${files.map(() => '---|').join('')}`];
  for (const part of PARTS) out.push(`| ${part} | ${splits.map((s) => `${((s.ms[part] / s.busyMs) * 100).toFixed(1)}%`).join(' | ')} |`);
  out.push(`| busy ms | ${splits.map((s) => Math.round(s.busyMs)).join(' | ')} |`);
  process.stdout.write(out.join('\n') + '\n');
}
