/**
 * `node dist/bench/relay-ab.js --build=NAME:DIST[:KEY=VAL,…] … [--floor] [--floor-lean] [--floor-express] [--floor-fastify] [--rounds=N] [--seconds=S] [--paced=RATE] [--profile=NAME]`:
 * two (or more) ofgate builds, or one build under two configurations, on the same relay path (a)
 * against one ejabberd (main config: no mod_mam, mod_ofgate loaded), in alternating rounds: each
 * round starts every build's ofgate process in turn (the order flips every round), measures
 * closed-loop throughput (10 pairs × 20 in flight) and, with --paced, the open-loop latency at
 * that rate, then stops it. The direct path (b) is measured once per round beside them (paced too
 * with --paced). Prints medians per build (ofgate, ejabberd and generator CPU µs per message,
 * msgs/s, p50/p99; with --paced the same CPU figures at that rate, where every path batches
 * alike) and every round.
 * `--floor` adds the row "floor": the relay floor server (relay-floor-server.ts: node:http and
 * @xmpp/client doing only the relay's work) measured each round exactly like a build, its
 * process's CPU in the ofgate column; `--floor-lean` adds "floor-lean", the same with ofgate's
 * JID fast path and write coalescing. `--floor-express` and `--floor-fastify` add "floor-express"
 * and "floor-fastify": the floor's same work served through Express 5 as ofgate uses it, and
 * through fastify (relay-floor-server.ts --floor-router), to weigh the HTTP layer beside the
 * plain node:http floor. `--profile=floor` (or any floor row's name) profiles it; `--profile`
 * takes a comma-separated list of names.
 *
 * Rules: this machine is shared and its speed drifts, so only medians of alternating rounds are
 * compared; a build is a copied dist/ (with node_modules and web/ linked beside it, see
 * BENCHMARKS.md "Relay (issue 20)"); `KEY=VAL` are OFGATE_* settings for that build's process.
 * `--profile=NAME` writes a CPU profile of that build's last throughput round to bench/profiles/
 * (relay-ab-NAME.cpuprofile) and, with --paced, of its last paced phase (relay-ab-NAME-paced).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { buildArgs } from './build-args.js';
import { installCrashGuard } from './crash-guard.js';
import { applyVariant } from './ejabberd-variant.js';
import { keepAliveAgent } from './http-client.js';
import { startOfgateProcess, type ProbeOp } from './ofgate-process.js';
import { startFloorProcess } from './relay-floor-process.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import { cpuMicrosPer } from './proc-cpu.js';
import { measurePaced, measureThroughput, type Meter, type PacedResult, type ThroughputResult } from './relay-driver.js';
import { openOfgatePath } from './relay-ofgate.js';
import { MAIN } from './relay-suite.js';
import { median } from './stats.js';

/** A server process on path (a): an ofgate build or the floor. */
interface Served {
  readonly pid: number;
  readonly url: string;
  probe(op: ProbeOp, file?: string): Promise<unknown>;
  stop(): Promise<void>;
}

interface Subject {
  readonly name: string;
  start(): Promise<Served>;
}

interface Row {
  readonly name: string;
  readonly round: number;
  readonly msgsPerSec: number;
  readonly ofgateUs: number;
  readonly ejabberdUs: number;
  readonly generatorUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly pacedP50?: number;
  readonly pacedP99?: number;
  /** CPU µs per message during the paced phase (same rate for every row, so the same batching). */
  readonly pacedOfgateUs?: number;
  readonly pacedEjabberdUs?: number;
  readonly pacedGeneratorUs?: number;
  readonly others: number;
}

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const builds = buildArgs(args, 'this');
const rounds = Number(value('rounds') ?? 5);
const seconds = Number(value('seconds') ?? 4);
const pacedRate = value('paced') ? Number(value('paced')) : undefined;
const profiled = (value('profile') ?? '').split(',').filter(Boolean);
const log = (s: string): void => void process.stderr.write(`relay-ab: ${s}\n`);

const r1 = (x: number): number => Math.round(x * 10) / 10;

installCrashGuard();
const stack = await startStack({ logLevel: 'warning' });
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(64) };
await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, MAIN);
const og = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
const subjects: Subject[] = builds.map((b) => ({ name: b.name, start: () => startOfgateProcess(stack, [], b.env, b.dist) }));
const floorOpts = { service: stack.ej.xmppService, domain: stack.domain, secret: stack.secret };
if (args.includes('--floor')) subjects.push({ name: 'floor', start: () => startFloorProcess(floorOpts) });
if (args.includes('--floor-lean')) subjects.push({ name: 'floor-lean', start: () => startFloorProcess({ ...floorOpts, lean: true }) });
for (const router of ['express', 'fastify'] as const) {
  if (args.includes(`--floor-${router}`)) subjects.push({ name: `floor-${router}`, start: () => startFloorProcess({ ...floorOpts, router }) });
}
const rows: Row[] = [];
const throughputOpts = { inFlightPerLane: 20, warmupMs: 1500, durationMs: seconds * 1000 };

const direct = await openDirectPath(ej, 10, 'abd');
const server = (n: string): string => (n.startsWith('floor') ? 'floor' : 'ofgate');

/** One round's figures of one path: throughput, and with --paced the latency and CPU at that rate. */
function rowOf(name: string, round: number, t: ThroughputResult, p: PacedResult | undefined): Row {
  const us = t.cpuMicrosPerMsg;
  const pUs = p ? cpuMicrosPer(p.cpu, p.delivered) : undefined;
  const row: Row = {
    name, round, msgsPerSec: t.msgsPerSec, ofgateUs: us.ofgate ?? 0, ejabberdUs: us.ejabberd ?? NaN, generatorUs: us.generator ?? NaN,
    p50: t.latency.p50, p99: t.latency.p99, others: t.cpu.others,
    ...(p && pUs ? { pacedP50: p.latency.p50, pacedP99: p.latency.p99, pacedOfgateUs: pUs.ofgate ?? 0, pacedEjabberdUs: pUs.ejabberd ?? NaN, pacedGeneratorUs: pUs.generator ?? NaN } : {}),
  };
  log(`round ${round + 1}/${rounds} ${name}: ${Math.round(row.msgsPerSec)}/s, ${name === 'direct' ? '' : `${server(name)} ${r1(row.ofgateUs)} µs/msg, `}ejabberd ${r1(row.ejabberdUs)}, generator ${r1(row.generatorUs)} µs/msg, others ${Math.round(row.others)}%` +
    (p ? `; at ${pacedRate}/s p50 ${r1(p.latency.p50)} p99 ${r1(p.latency.p99)} ms, ${name === 'direct' ? '' : `${server(name)} ${r1(row.pacedOfgateUs ?? NaN)} µs/msg, `}generator ${r1(row.pacedGeneratorUs ?? NaN)} µs/msg` +
      `, waited for a CPU (ms/s) ${Object.entries(p.cpuWaitMsPerSec ?? {}).map(([k, v]) => `${k === 'ofgate' ? server(name) : k} ${v}`).join(', ')}` : ''));
  return row;
}

let userRound = 0;
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? subjects : [...subjects].reverse();
  {
    const meter: Meter = { pids: { ejabberd: stack.ej.pid, generator: process.pid }, threads: { single: ['generator'], multi: ['ejabberd'] } };
    const t = await measureThroughput(direct, { ...throughputOpts, meter });
    const p = pacedRate ? await measurePaced(direct, { rate: pacedRate, warmupMs: 500, durationMs: seconds * 1000, meter }) : undefined;
    rows.push(rowOf('direct', round, t, p));
  }
  for (const b of order) {
    const og1 = await b.start();
    try {
      const path = await openOfgatePath({ ...og, url: og1.url }, ej, 10, `ab${userRound++}`, keepAliveAgent(200));
      const meter: Meter = { pids: { ofgate: og1.pid, ejabberd: stack.ej.pid, generator: process.pid }, threads: { single: ['ofgate', 'generator'], multi: ['ejabberd'] } };
      const profiling = profiled.includes(b.name) && round === rounds - 1;
      const dir = join(projectRoot, 'bench', 'profiles');
      if (profiling) {
        mkdirSync(dir, { recursive: true });
        await og1.probe('profile-start');
      }
      const t = await measureThroughput(path, { ...throughputOpts, meter });
      if (profiling) await og1.probe('profile-stop', join(dir, `relay-ab-${b.name}.cpuprofile`));
      if (profiling && pacedRate) await og1.probe('profile-start');
      const p = pacedRate ? await measurePaced(path, { rate: pacedRate, warmupMs: 500, durationMs: seconds * 1000, meter }) : undefined;
      if (profiling && pacedRate) await og1.probe('profile-stop', join(dir, `relay-ab-${b.name}-paced.cpuprofile`));
      await path.close();
      rows.push(rowOf(b.name, round, t, p));
    } finally {
      await og1.stop();
    }
  }
}
await direct.close();

const names = ['direct', ...subjects.map((b) => b.name)];
const at = `at ${pacedRate}/s`;
const lines = [
  `rounds ${rounds} × ${seconds} s, medians (alternating order); "ofgate" columns: the floor server's process on the floor rows`,
  '| build | msgs/s | ofgate µs/msg | ejabberd µs/msg | generator µs/msg | p50 ms | p99 ms |' +
    (pacedRate ? ` p50 ${at} | p99 ${at} | ofgate µs/msg ${at} | ejabberd µs/msg ${at} | generator µs/msg ${at} |` : ''),
  '|---|---|---|---|---|---|---|' + (pacedRate ? '---|---|---|---|---|' : ''),
];
for (const n of names) {
  const rs = rows.filter((r) => r.name === n);
  const m = (f: (r: Row) => number | undefined): number => r1(median(rs.map(f).filter((x): x is number => x !== undefined)));
  lines.push(`| ${n} | ${Math.round(m((r) => r.msgsPerSec))} | ${m((r) => r.ofgateUs)} | ${m((r) => r.ejabberdUs)} | ${m((r) => r.generatorUs)} | ${m((r) => r.p50)} | ${m((r) => r.p99)} |` +
    (pacedRate ? ` ${m((r) => r.pacedP50)} | ${m((r) => r.pacedP99)} | ${m((r) => r.pacedOfgateUs)} | ${m((r) => r.pacedEjabberdUs)} | ${m((r) => r.pacedGeneratorUs)} |` : ''));
}
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(JSON.stringify(rows) + '\n');
await stack.stop();
process.exit(0);
