/**
 * `node dist/bench/relay-timeline.js [--build=NAME:DIST[:KEY=VAL,…] …] [--floor] [--floor-lean]
 *   [--rates=1000,2500] [--seconds=10] [--warmup-seconds=2] [--lanes=10] [--preload-seconds=0] [--node-flags=F,…] [--no-http-proxy] [--profile] [--json=FILE]`
 * Where a relayed message's latency goes, message by message (issue 20: the p99 tails at 1,000
 * and 2,500 msgs/s). Relay path (a) (relay-ofgate.ts: REST in, SSE out) runs paced through two
 * stamping proxies in a process of their own (timeline-proxy.ts): one in front of the server's
 * HTTP port, one in front of ejabberd's c2s port, which the server's streams use. Each message's
 * body "m<seq>" is stamped on the system's monotonic clock when it crosses each proxy, and by
 * the generator when sent and delivered, so its latency is cut into segments (timeline-stats.ts):
 * generator lag, to the server, server inbound, ejabberd, server outbound, to the client. The
 * server's pauses (GCs and event-loop stalls, ofgate-probe.ts) are laid over its segments.
 * Prints, per server and rate: each segment's p50/p90/p99/max, and for the slowest 1% where they
 * lost their time and how many overlap which pause.
 * The rates run one after the other on one server process and one set of streams, as in the
 * full `make bench`; `--preload-seconds=12` first relays closed-loop (20 in flight per lane) for
 * that long, as the full run's throughput phase does before its paced ones.
 * `--no-http-proxy` keeps only ejabberd's proxy (half the stamping load, for high rates): the way to
 * and from the server then counts in "server inbound" and "server outbound".
 * `--node-flags` are V8/Node flags for every ofgate build's process (e.g. --max-semi-space-size=32).
 * `--profile` writes a CPU profile of each measured phase to bench/profiles/timeline-NAME-RATE.cpuprofile
 * (read it with `profile-summary.js FILE --busy-over=3`: what the long busy spells were made of).
 * Rules: each proxy adds a loopback hop each way and its own process's CPU, so absolute figures
 * sit above relay-ab.ts's; the segments are what to compare. Every server runs alone while
 * measured, on ejabberd's main bench config (relay-suite.ts MAIN). The box is shared: run it quiet.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { stopChild } from '../test/harness/stop-child.js';
import { buildArgs } from './build-args.js';
import { installCrashGuard } from './crash-guard.js';
import { applyVariant } from './ejabberd-variant.js';
import { keepAliveAgent } from './http-client.js';
import type { Pause } from './ofgate-probe.js';
import { startOfgateProcess, type ProbeOp } from './ofgate-process.js';
import { runPaced } from './pacing.js';
import type { EjabberdTarget } from './relay-direct.js';
import { startFloorProcess } from './relay-floor-process.js';
import type { RelayPath } from './relay-driver.js';
import { openOfgatePath } from './relay-ofgate.js';
import { MAIN } from './relay-suite.js';
import { startMainThreadMeter, type MainThreadDelta } from './proc-schedstat.js';
import { round } from './stats.js';
import { analyseTimeline, pauseTotals, SEGMENTS, type MessageTimes, type TimelineReport } from './timeline-stats.js';
import type { Stamps } from './timeline-proxy.js';

interface Served {
  readonly pid: number;
  readonly url: string;
  probe<T = unknown>(op: ProbeOp, file?: string): Promise<T>;
  stop(): Promise<void>;
}

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rates = (value('rates') ?? '1000,2500').split(',').map(Number);
const seconds = Number(value('seconds') ?? 10);
const warmupSeconds = Number(value('warmup-seconds') ?? 2);
const lanes = Number(value('lanes') ?? 10);
const profile = args.includes('--profile');
if (profile) mkdirSync(join(projectRoot, 'bench', 'profiles'), { recursive: true });
const preloadSeconds = Number(value('preload-seconds') ?? 0);
const nodeFlags = (value('node-flags') ?? '').split(',').filter(Boolean);
const httpProxy = !args.includes('--no-http-proxy');
const log = (s: string): void => void process.stderr.write(`relay-timeline: ${s}\n`);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
/** performance.now() (the pacer's clock) → the monotonic clock the proxies stamp with. */
const monotonicOffset = now() - performance.now();

installCrashGuard();
const stack = await startStack({ logLevel: 'warning' });
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(64) };
await applyVariant(ej.agent, ej.apiUrl, stack.ej.dir, MAIN);

/** The stamping proxies' process; `ask` sends a request and waits for the next answer. */
function startProxies(targets: readonly string[]): { child: ChildProcess; listening: Promise<{ ports: Record<string, number> }>; ask<T>(msg: unknown): Promise<T> } {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const entry = import.meta.url.endsWith('.ts') ? join(here, 'timeline-proxy.ts') : join(here, 'timeline-proxy.js');
  const child = fork(entry, targets.map((t) => `--target=${t}`), { execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const exited = (code: number | null): void => reject(new Error(`timeline proxy exited (${code})`));
      child.once('exit', exited);
      child.once('message', (m) => {
        child.off('exit', exited);
        resolve(m as T);
      });
    });
  const listening = next<{ ports: Record<string, number> }>();
  return {
    child,
    listening,
    ask: <T>(msg: unknown) => {
      const answer = next<T>();
      child.send(msg as never);
      return answer;
    },
  };
}

const subjects: Array<{ name: string; start(service: string): Promise<Served> }> = buildArgs(args, 'ofgate').map((b) => ({
  name: b.name,
  start: (service) => startOfgateProcess(stack, nodeFlags, { ...b.env, OFGATE_XMPP_SERVICE: service }, b.dist),
}));
const floorOpts = { domain: stack.domain, secret: stack.secret };
if (args.includes('--floor')) subjects.push({ name: 'floor', start: (service) => startFloorProcess({ ...floorOpts, service }) });
if (args.includes('--floor-lean')) subjects.push({ name: 'floor-lean', start: (service) => startFloorProcess({ ...floorOpts, service, lean: true }) });

let nextSeq = 1;

/** Closed-loop relay, 20 messages in flight per lane, as the full run's throughput phase before its paced ones: msgs/s. */
async function preload(path: RelayPath, secs: number): Promise<number> {
  let stop = false;
  let delivered = 0;
  const pending = new Map<number, number>();
  const launch = (lane: number): void => {
    const s = nextSeq++;
    pending.set(s, lane);
    path.send(lane, s).catch(() => pending.delete(s));
  };
  path.onDelivered((s) => {
    const lane = pending.get(s);
    if (lane === undefined) return;
    pending.delete(s);
    delivered++;
    if (!stop) launch(lane);
  });
  for (let lane = 0; lane < lanes; lane++) for (let k = 0; k < 20; k++) launch(lane);
  await new Promise((r) => setTimeout(r, secs * 1000));
  stop = true;
  const until = performance.now() + 5000;
  while (pending.size > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  return delivered / secs;
}

/** One paced phase through the proxies: every message's stamps, and the server's pauses meanwhile. */
async function phase(name: string, served: Served, proxies: ReturnType<typeof startProxies>, path: RelayPath, rate: number): Promise<Report> {
  const times = new Map<number, { sched: number; sent: number; delivered?: number; counted: boolean }>();
  let undelivered = 0;
  path.onDelivered((seq) => {
    const t = times.get(seq);
    if (t && t.delivered === undefined) {
      t.delivered = now();
      undelivered -= 1;
    }
  });
  await proxies.ask('dump');
  const warm = Math.round(rate * warmupSeconds);
  const total = warm + Math.round(rate * seconds);
  // single-threaded processes only: ejabberd's main thread is not where its schedulers run
  const pids: Record<string, number> = { [name]: served.pid, generator: process.pid, proxies: proxies.child.pid ?? -1 };
  let meter: ReturnType<typeof startMainThreadMeter> | undefined;
  let seq = nextSeq;
  let failedSends = 0;
  await runPaced(rate, total, (i, sched) => {
    if (i === warm) {
      meter = startMainThreadMeter(pids);
      void served.probe('pause-log-start');
      if (profile) void served.probe('profile-start');
    }
    const s = seq++;
    nextSeq = seq;
    times.set(s, { sched: monotonicOffset + sched, sent: now(), counted: i >= warm });
    undelivered += 1;
    path.send(i % lanes, s).catch(() => {
      if (times.get(s)?.delivered === undefined) undelivered -= 1;
      times.delete(s);
      if (i >= warm) failedSends++;
    });
  });
  const drainUntil = performance.now() + 5000;
  while (undelivered > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const sched = meter?.stop() ?? {};
  const pauses = await served.probe<Pause[]>('pause-log-stop');
  if (profile) {
    await served.probe('profile-stop', join(projectRoot, 'bench', 'profiles', `timeline-${name}-${rate}.cpuprofile`));
  }
  const { stamps } = await proxies.ask<{ stamps: Stamps }>('dump');
  const at = (name: string, dir: 'up' | 'down') => new Map(stamps[name]?.[dir] ?? []);
  const httpUp = at('http', 'up'), httpDown = at('http', 'down'), xmppUp = at('c2s', 'up'), xmppDown = at('c2s', 'down');
  const messages: MessageTimes[] = [];
  let lost = 0;
  for (const [s, t] of times) {
    if (!t.counted) continue;
    if (t.delivered === undefined) {
      lost++;
      continue;
    }
    // without the HTTP proxy the way to and from the server counts in the server's segments
    const [up, down] = httpProxy ? [httpUp.get(s), httpDown.get(s)] : [t.sent, t.delivered];
    messages.push({ seq: s, sched: t.sched, sent: t.sent, httpUp: up, xmppUp: xmppUp.get(s), xmppDown: xmppDown.get(s), httpDown: down, delivered: t.delivered });
  }
  const report = { ...analyseTimeline(messages, pauses), sched };
  log(`${name} at ${rate}/s: ${report.messages} delivered (${report.complete} with every stamp), ${lost} lost, ${failedSends} sends refused; total p50 ${round(report.segments.total.p50)} p99 ${round(report.segments.total.p99)} ms`);
  return report;
}

/** Main threads' scheduler figures during the measured phase (proc-schedstat.ts). */
type Report = TimelineReport & { readonly sched: Record<string, MainThreadDelta> };

function print(name: string, rate: number, r: Report): string {
  const f = (x: number): string => String(round(x));
  const lines = [
    `### ${name} at ${rate}/s: ${r.messages} messages, ${r.complete} with every stamp`,
    '| segment | p50 ms | p90 ms | p99 ms | max ms | mean among the slowest 1% | largest in (of the slowest) |',
    '|---|---|---|---|---|---|---|',
    ...SEGMENTS.map((s) => `| ${s} | ${f(r.segments[s].p50)} | ${f(r.segments[s].p90)} | ${f(r.segments[s].p99)} | ${f(r.segments[s].max)} | ${f(r.slow.mean[s])} | ${s === 'total' ? r.slow.count : (r.slow.largest[s] ?? 0)} |`),
    '',
    `slowest 1% (total ≥ ${f(r.slow.threshold)} ms, ${r.slow.count} messages) overlapping a server pause, by kind: ${Object.entries(r.slow.paused).map(([k, n]) => `${k} ${n}`).join(', ')}; all messages: ${f(100 * r.pausedShare)}% overlap one`,
    `server pauses: ${Object.entries(r.pauses).map(([k, p]) => `${k} ${p.count} (${f(p.totalMs)} ms in all, max ${f(p.maxMs)}${p.ranMs === undefined ? '' : `; ran ${f(p.ranMs)}, waited for a CPU ${f(p.waitedMs ?? NaN)}, slept ${f(p.sleptMs ?? NaN)}`})`).join(', ') || 'none'}`,
    `main threads, ran / waited for a CPU (ms) / times switched in: ${Object.entries(r.sched).map(([k, v]) => `${k} ${f(v.runMs)} / ${f(v.waitMs)} / ${v.slices}`).join(', ')}`,
    `read / write system calls and bytes per message (the whole process): ${Object.entries(r.sched).flatMap(([k, v]) => (v.io ? [`${k} ${f(v.io.readCalls / r.messages)} / ${f(v.io.writeCalls / r.messages)} calls, ${Math.round(v.io.readBytes / r.messages)} / ${Math.round(v.io.writeBytes / r.messages)} B`] : [])).join(', ')}`,
    '',
  ];
  return lines.join('\n');
}

const reports: Array<{ name: string; rate: number; report: Report }> = [];
let n = 0;
for (const s of subjects) {
  const proxies = startProxies([`c2s:${stack.ej.c2sPort}`]);
  const { ports } = await proxies.listening;
  const served = await s.start(`xmpp://127.0.0.1:${ports.c2s}`);
  try {
    const url = httpProxy ? `http://127.0.0.1:${(await proxies.ask<{ ports: Record<string, number> }>({ add: `http:${new URL(served.url).port}` })).ports.http}` : served.url;
    const og = { url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
    const path = await openOfgatePath(og, ej, lanes, `tl${n++}`, keepAliveAgent(200));
    if (preloadSeconds > 0) {
      await served.probe('pause-log-start');
      const rate = await preload(path, preloadSeconds);
      const gcs = pauseTotals((await served.probe<Pause[]>('pause-log-stop')).filter((p) => p.kind !== 'stall'));
      log(`${s.name}: ${Math.round(rate)} msgs/s closed-loop for ${preloadSeconds} s first; GCs meanwhile: ${Object.entries(gcs).map(([k, g]) => `${k} ${g.count} (${round(g.totalMs)} ms, max ${round(g.maxMs)})`).join(', ')}`);
    }
    for (const rate of rates) {
      const report = await phase(s.name, served, proxies, path, rate);
      reports.push({ name: s.name, rate, report });
      process.stdout.write(print(s.name, rate, report) + '\n');
    }
    await path.close();
  } finally {
    await served.stop();
    await stopChild(proxies.child);
  }
}
const json = value('json');
if (json) writeFileSync(json, JSON.stringify(reports, null, 1));
await stack.stop();
process.exit(0);
