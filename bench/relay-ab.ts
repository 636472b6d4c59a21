/**
 * `node dist/bench/relay-ab.js --build=NAME:DIST[:KEY=VAL,…] … [--rounds=N] [--seconds=S] [--paced=RATE] [--profile=NAME]`:
 * two (or more) ofgate builds, or one build under two configurations, on the same relay path (a)
 * against one ejabberd (main config: no mod_mam, mod_ofgate loaded), in alternating rounds: each
 * round starts every build's ofgate process in turn (the order flips every round), measures
 * closed-loop throughput (10 pairs × 20 in flight) and, with --paced, the open-loop latency at
 * that rate, then stops it. The direct path (b) is measured once per round beside them. Prints
 * medians per build (ofgate and ejabberd CPU µs per message, msgs/s, p50/p99) and every round.
 *
 * Rules: this machine is shared and its speed drifts, so only medians of alternating rounds are
 * compared; a build is a copied dist/ (with node_modules and web/ linked beside it, see
 * BENCHMARKS.md "Relay (issue 20)"); `KEY=VAL` are OFGATE_* settings for that build's process.
 * `--profile=NAME` writes a CPU profile of that build's last throughput round to bench/profiles/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { installCrashGuard } from './crash-guard.js';
import { applyVariant } from './ejabberd-variant.js';
import { keepAliveAgent } from './http-client.js';
import { startOfgateProcess } from './ofgate-process.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import { measurePaced, measureThroughput, type Meter } from './relay-driver.js';
import { openOfgatePath } from './relay-ofgate.js';
import { MAIN } from './relay-suite.js';

interface Build {
  readonly name: string;
  readonly dist: string;
  readonly env: Record<string, string>;
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
  readonly others: number;
}

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const builds: Build[] = args.filter((a) => a.startsWith('--build=')).map((a) => {
  const [name, dist, envList] = a.slice(8).split(':');
  const env: Record<string, string> = {};
  for (const kv of (envList ?? '').split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { name: name as string, dist: dist as string, env };
});
if (builds.length === 0) builds.push({ name: 'this', dist: join(projectRoot, 'dist'), env: {} });
const rounds = Number(value('rounds') ?? 5);
const seconds = Number(value('seconds') ?? 4);
const pacedRate = value('paced') ? Number(value('paced')) : undefined;
const profileBuild = value('profile');
const log = (s: string): void => void process.stderr.write(`relay-ab: ${s}\n`);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

installCrashGuard();
const stack = await startStack({ logLevel: 'warning' });
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(64) };
await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, MAIN);
const og = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
const rows: Row[] = [];
const throughputOpts = { inFlightPerLane: 20, warmupMs: 1500, durationMs: seconds * 1000 };

const direct = await openDirectPath(ej, 10, 'abd');
let userRound = 0;
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  {
    const meter: Meter = { pids: { ejabberd: stack.ej.pid, generator: process.pid }, threads: { single: ['generator'], multi: ['ejabberd'] } };
    const t = await measureThroughput(direct, { ...throughputOpts, meter });
    rows.push({ name: 'direct', round, msgsPerSec: t.msgsPerSec, ofgateUs: 0, ejabberdUs: t.cpuMicrosPerMsg.ejabberd ?? NaN, generatorUs: t.cpuMicrosPerMsg.generator ?? NaN, p50: t.latency.p50, p99: t.latency.p99, others: t.cpu.others });
  }
  for (const b of order) {
    const og1 = await startOfgateProcess(stack, [], b.env, b.dist);
    try {
      const path = await openOfgatePath(og, ej, 10, `ab${userRound++}`, keepAliveAgent(200));
      const meter: Meter = { pids: { ofgate: og1.pid, ejabberd: stack.ej.pid, generator: process.pid }, threads: { single: ['ofgate', 'generator'], multi: ['ejabberd'] } };
      const profiling = profileBuild === b.name && round === rounds - 1;
      const dir = join(projectRoot, 'bench', 'profiles');
      if (profiling) {
        mkdirSync(dir, { recursive: true });
        await og1.probe('profile-start');
      }
      const t = await measureThroughput(path, { ...throughputOpts, meter });
      if (profiling) await og1.probe('profile-stop', join(dir, `relay-ab-${b.name}.cpuprofile`));
      const p = pacedRate ? await measurePaced(path, { rate: pacedRate, warmupMs: 500, durationMs: seconds * 1000, meter }) : undefined;
      await path.close();
      const row: Row = {
        name: b.name, round, msgsPerSec: t.msgsPerSec, ofgateUs: t.cpuMicrosPerMsg.ofgate ?? NaN, ejabberdUs: t.cpuMicrosPerMsg.ejabberd ?? NaN,
        generatorUs: t.cpuMicrosPerMsg.generator ?? NaN, p50: t.latency.p50, p99: t.latency.p99, others: t.cpu.others,
        ...(p ? { pacedP50: p.latency.p50, pacedP99: p.latency.p99 } : {}),
      };
      rows.push(row);
      log(`round ${round + 1}/${rounds} ${b.name}: ${Math.round(row.msgsPerSec)}/s, ofgate ${r1(row.ofgateUs)} µs/msg, ejabberd ${r1(row.ejabberdUs)} µs/msg, others ${Math.round(row.others)}%` +
        (p ? `, at ${pacedRate}/s p50 ${r1(p.latency.p50)} p99 ${r1(p.latency.p99)} ms` : ''));
    } finally {
      await og1.stop();
    }
  }
}
await direct.close();

const names = ['direct', ...builds.map((b) => b.name)];
const lines = [
  `rounds ${rounds} × ${seconds} s, medians (alternating order)`,
  '| build | msgs/s | ofgate µs/msg | ejabberd µs/msg | generator µs/msg | p50 ms | p99 ms |' + (pacedRate ? ` p50 at ${pacedRate}/s | p99 at ${pacedRate}/s |` : ''),
  '|---|---|---|---|---|---|---|' + (pacedRate ? '---|---|' : ''),
];
for (const n of names) {
  const rs = rows.filter((r) => r.name === n);
  const m = (f: (r: Row) => number | undefined): number => r1(median(rs.map(f).filter((x): x is number => x !== undefined)));
  lines.push(`| ${n} | ${Math.round(m((r) => r.msgsPerSec))} | ${m((r) => r.ofgateUs)} | ${m((r) => r.ejabberdUs)} | ${m((r) => r.generatorUs)} | ${m((r) => r.p50)} | ${m((r) => r.p99)} |` +
    (pacedRate && n !== 'direct' ? ` ${m((r) => r.pacedP50)} | ${m((r) => r.pacedP99)} |` : pacedRate ? ' – | – |' : ''));
}
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(JSON.stringify(rows) + '\n');
await stack.stop();
process.exit(0);
