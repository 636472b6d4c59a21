/**
 * `node dist/bench/c2s-trace.js [--messages=1000] [--warmup=200] [--rate=1000 | --in-flight=K] [--direct-rate=R]
 *   [--lanes=10] [--rounds=1] [--quiet-ms=600] [--build=NAME:DIST[:KEY=VAL,…] …] [--json]`
 * What crosses ejabberd's c2s sockets per relayed message, on the direct path (b: a bare
 * @xmpp/client pair, relay-direct.ts) beside ofgate's path (a: REST in, SSE out, relay-ofgate.ts),
 * one build or several (issue 20: ejabberd's CPU per message on ofgate's path against direct).
 * Three counting proxies (trace-proxy.ts) sit in front of what ejabberd serves and is served:
 * - its c2s port, for both paths: each connection labelled by the user it bound (path and role:
 *   sender, receiver, or another stream of ofgate's); elements by kind, bytes and reads each way;
 * - its HTTP API port, for ofgate: the API calls ofgate makes per message;
 * - ofgate's port as mod_ofgate posts to it: the hook posts per message (and the shim's own
 *   counters, `ofgate_shim_stats`, for events forwarded).
 * Each path sends `--warmup` messages, then `--messages` measured ones, paced at `--rate` per
 * second over `--lanes` sender → receiver pairs (or closed-loop with `--in-flight` per lane;
 * `--direct-rate` paces the direct path alone, e.g. at the rate ofgate reached closed-loop, since
 * ejabberd's CPU per message falls as its batches grow with the rate);
 * after the last delivery the wires must be quiet for `--quiet-ms` (the XEP-0198 acks a phase
 * causes come after its last message: @xmpp/client asks 250 ms after a write) before the tallies
 * and ejabberd's CPU (proc-schedstat.ts, ns) are taken. Per-message averages print side by side.
 * Rules it keeps: ejabberd runs the bench's main config (no mod_mam, mod_ofgate loaded, as in
 * relay-ab.ts); every build's ofgate runs alone while measured, the direct path with it running
 * (so the shim's interest is the same on both); `--rounds` alternate the paths' order; the box is
 * shared, so CPU figures are medians of rounds, and the wire counts are what to trust.
 * `KEY=VAL` are OFGATE_* settings for that build's process; a build is a dist/ (relay-ab.ts).
 */
import { freePort } from '../test/harness/free-port.js';
import { startStack } from '../test/harness/start-stack.js';
import { buildArgs } from './build-args.js';
import { installCrashGuard } from './crash-guard.js';
import { ejabberdCall } from './ejabberd-api.js';
import { applyVariant } from './ejabberd-variant.js';
import { keepAliveAgent } from './http-client.js';
import { startOfgateProcess } from './ofgate-process.js';
import { runPaced } from './pacing.js';
import { processCpuNs } from './proc-schedstat.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import type { RelayPath } from './relay-driver.js';
import { openOfgatePath } from './relay-ofgate.js';
import { MAIN } from './relay-suite.js';
import { median, summarize, type LatencySummary } from './stats.js';
import { startTraceProxy, subtractTallies, type ConnectionTally, type FlowTally, type TraceProxy } from './trace-proxy.js';
import { httpInspector, xmppInspector } from './wire-inspectors.js';

const args = process.argv.slice(2);
const value = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const builds = buildArgs(args, 'ofgate');
const messages = Number(value('messages') ?? 1000);
const warmup = Number(value('warmup') ?? 200);
const inFlight = value('in-flight') ? Number(value('in-flight')) : undefined;
const rate = Number(value('rate') ?? 1000);
const directRate = value('direct-rate') ? Number(value('direct-rate')) : undefined;
const lanes = Number(value('lanes') ?? 10);
const rounds = Number(value('rounds') ?? 1);
const quietMs = Number(value('quiet-ms') ?? 600);
const log = (s: string): void => void process.stderr.write(`c2s-trace: ${s}\n`);

/** One path's measured phase. */
interface Phase {
  readonly path: string;
  readonly round: number;
  readonly delivered: number;
  readonly seconds: number;
  /** From each send to its delivery (ms). */
  readonly latency: LatencySummary;
  /** CPU µs per message. */
  readonly ejabberdUs: number;
  readonly ofgateUs: number | undefined;
  readonly c2s: Record<string, ConnectionTally>;
  readonly api: Record<string, ConnectionTally>;
  readonly hooks: Record<string, ConnectionTally>;
  readonly shimEvents: number;
  readonly shimPosts: number;
}

installCrashGuard();
const stack = await startStack({ logLevel: 'warning' });
const apiAgent = keepAliveAgent(64);
await applyVariant(apiAgent, stack.ej.apiUrl, stack.ej.dir, MAIN);

/** Prefix of a path's users → the path's name (labels: "<path> sender" / "<path> receiver"). */
const prefixes = new Map<string, string>();
const labelOf = (user: string): string => {
  for (const [prefix, path] of prefixes) {
    if (!user.startsWith(prefix)) continue;
    const role = user.slice(prefix.length)[0];
    if (role === 's') return `${path} sender`;
    if (role === 'r') return `${path} receiver`;
  }
  return 'other streams';
};
const c2sPort = Number(new URL(stack.ej.xmppService.replace(/^xmpp:/, 'http:')).port);
const apiUrl = new URL(stack.ej.apiUrl);
const c2s = await startTraceProxy({ target: { port: c2sPort }, inspect: xmppInspector(labelOf) });
const api = await startTraceProxy({ target: { port: Number(apiUrl.port) }, inspect: (ctx, dir) => httpInspector(dir)(ctx) });
const ofgatePort = await freePort();
const proxiedService = `xmpp://127.0.0.1:${c2s.port}`;
const ofgateEnv = {
  OFGATE_PORT: String(ofgatePort),
  OFGATE_XMPP_SERVICE: proxiedService,
  OFGATE_EJABBERD_API_URL: `http://127.0.0.1:${api.port}${apiUrl.pathname}`,
};
let hooks: TraceProxy | undefined;
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: proxiedService, domain: stack.domain, agent: apiAgent };

type ShimStats = { queued: number; enqueued: number; sent: number; dropped: number; retries: number; posts: number };
const shimStats = (): Promise<ShimStats | undefined> =>
  stack.shimLoaded ? ejabberdCall<ShimStats>(apiAgent, stack.ej.apiUrl, 'ofgate_shim_stats', { host: stack.domain }).catch(() => undefined) : Promise.resolve(undefined);

const lastActivity = (): number => Math.max(c2s.lastActivity(), api.lastActivity(), hooks?.lastActivity() ?? 0);
/** Resolves once no proxy forwarded a byte for `quietMs` (bounded: 10 s). */
async function wiresQuiet(): Promise<void> {
  const until = performance.now() + 10_000;
  while (performance.now() - lastActivity() < quietMs && performance.now() < until) {
    await new Promise((r) => setTimeout(r, Math.max(10, quietMs - (performance.now() - lastActivity()))));
  }
}

let nextSeq = 1;
/** Sends `n` messages (paced, or closed-loop with --in-flight) and resolves once all are delivered (bounded). */
async function relay(path: RelayPath, n: number, pace: { readonly rate: number; readonly inFlight: number | undefined }): Promise<{ delivered: number; latency: LatencySummary }> {
  const { rate, inFlight } = pace;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const first = nextSeq;
  nextSeq += n;
  const outstanding = new Set<number>(Array.from({ length: n }, (_, i) => first + i));
  let failed = 0;
  let launched = 0;
  let allIn!: () => void;
  const done = new Promise<void>((resolve) => (allIn = resolve));
  const settle = (): void => {
    if (outstanding.size === 0) allIn();
  };
  const launch = (i: number): void => {
    launched += 1;
    sentAt.set(first + i, performance.now());
    path.send(i % path.lanes, first + i).catch(() => {
      failed += 1;
      outstanding.delete(first + i);
      settle();
    });
  };
  path.onDelivered((seq) => {
    if (!outstanding.delete(seq)) return;
    latencies.push(performance.now() - (sentAt.get(seq) ?? Number.NaN));
    settle();
    if (inFlight !== undefined && launched < n) launch(launched);
  });
  if (inFlight !== undefined) {
    for (let i = 0; i < Math.min(n, inFlight * path.lanes); i++) launch(i);
  } else {
    await runPaced(rate, n, (i) => launch(i));
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, 30_000)))]);
  clearTimeout(timer);
  if (failed > 0 || outstanding.size > 0) log(`${path.name}: ${failed} sends failed, ${outstanding.size} not delivered`);
  return { delivered: n - failed - outstanding.size, latency: summarize(latencies) };
}

const snapshot = () => ({
  c2s: c2s.totals(),
  api: api.totals(),
  hooks: hooks?.totals() ?? {},
});

async function measure(name: string, path: RelayPath, round: number, ofgatePid: number | undefined): Promise<Phase> {
  const pace = name === 'direct' && directRate !== undefined ? { rate: directRate, inFlight: undefined } : { rate, inFlight };
  await relay(path, warmup, pace);
  await wiresQuiet();
  const before = snapshot();
  const shim0 = await shimStats();
  const ej0 = processCpuNs(stack.ej.pid);
  const og0 = ofgatePid === undefined ? 0 : processCpuNs(ofgatePid);
  const t0 = performance.now();
  const { delivered, latency } = await relay(path, messages, pace);
  await wiresQuiet();
  const seconds = (performance.now() - t0) / 1000;
  const ejNs = processCpuNs(stack.ej.pid) - ej0;
  const ogNs = ofgatePid === undefined ? undefined : processCpuNs(ofgatePid) - og0;
  const after = snapshot();
  const shim1 = await shimStats();
  const phase: Phase = {
    path: name, round, delivered, seconds, latency,
    ejabberdUs: ejNs / 1000 / delivered,
    ofgateUs: ogNs === undefined ? undefined : ogNs / 1000 / delivered,
    c2s: subtractTallies(after.c2s, before.c2s),
    api: subtractTallies(after.api, before.api),
    hooks: subtractTallies(after.hooks, before.hooks),
    shimEvents: shim0 && shim1 ? shim1.enqueued - shim0.enqueued : Number.NaN,
    shimPosts: shim0 && shim1 ? shim1.posts - shim0.posts : Number.NaN,
  };
  log(`round ${round + 1}/${rounds} ${name}: ${delivered} delivered in ${phase.seconds.toFixed(2)} s, p50 ${latency.p50.toFixed(1)} p99 ${latency.p99.toFixed(1)} max ${latency.max.toFixed(1)} ms, ejabberd ${phase.ejabberdUs.toFixed(1)} µs/msg` +
    (phase.ofgateUs === undefined ? '' : `, ofgate ${phase.ofgateUs.toFixed(1)} µs/msg`));
  return phase;
}

const phases: Phase[] = [];
prefixes.set('ctd', 'direct');
const direct = await openDirectPath(ej, lanes, 'ctd');
let userRound = 0;
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const [k, b] of order.entries()) {
    const og = await startOfgateProcess(stack, [], { ...b.env, ...ofgateEnv }, b.dist);
    hooks ??= await startTraceProxy({ target: { port: ofgatePort }, port: stack.port, inspect: (ctx, dir) => httpInspector(dir)(ctx) });
    try {
      const prefix = `ct${userRound++}`;
      prefixes.set(prefix, b.name);
      const target = { url: og.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
      const path = await openOfgatePath(target, ej, lanes, prefix, keepAliveAgent(200));
      // the direct path beside the first build of the round, before it on even rounds, after it on odd ones
      if (k === 0 && round % 2 === 0) phases.push(await measure('direct', direct, round, undefined));
      phases.push(await measure(b.name, path, round, og.pid));
      if (k === 0 && round % 2 === 1) phases.push(await measure('direct', direct, round, undefined));
      await path.close();
    } finally {
      await og.stop();
    }
  }
}
await direct.close();

// ---- report: per message, summed over rounds
const names = ['direct', ...builds.map((b) => b.name)];
const per = (name: string) => phases.filter((p) => p.path === name);
const f = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
/** A path's flow of one role and direction, summed over its rounds. */
function flowOf(name: string, pick: (p: Phase) => Record<string, ConnectionTally>, label: (l: string) => boolean, dir: 'up' | 'down'): FlowTally {
  const out: FlowTally = { bytes: 0, reads: 0, kinds: {} };
  for (const p of per(name)) {
    for (const [l, t] of Object.entries(pick(p))) {
      if (!label(l)) continue;
      out.bytes += t[dir].bytes;
      out.reads += t[dir].reads;
      for (const [kind, v] of Object.entries(t[dir].kinds)) {
        const o = (out.kinds[kind] ??= { count: 0, bytes: 0 });
        o.count += v.count;
        o.bytes += v.bytes;
      }
    }
  }
  return out;
}
const deliveredOf = (name: string): number => per(name).reduce((a, p) => a + p.delivered, 0);

const lines: string[] = [];
const mode = (inFlight !== undefined ? `closed loop, ${inFlight} in flight per lane` : `paced at ${rate}/s`) + (directRate !== undefined ? ` (direct: paced at ${directRate}/s)` : '');
lines.push(`${messages} messages per path and round (after ${warmup} unmeasured), ${lanes} lanes, ${mode}, ${rounds} round(s); per relayed message:`);
lines.push('');
lines.push(`| wire (c2s, per message) | ${names.join(' | ')} |`);
lines.push(`|---|${names.map(() => '---').join('|')}|`);
const roles: Array<[string, (name: string) => (l: string) => boolean]> = [
  ['sender', (n) => (l) => l === `${n} sender`],
  ['receiver', (n) => (l) => l === `${n} receiver`],
  ['other streams', (n) => (l) => n !== 'direct' && l === 'other streams'],
];
for (const [role, match] of roles) {
  for (const [dir, arrow] of [['up', '→ ejabberd'], ['down', '← ejabberd']] as const) {
    const flows = names.map((n) => flowOf(n, (p) => p.c2s, match(n), dir));
    const kinds = [...new Set(flows.flatMap((fl) => Object.keys(fl.kinds)))].sort();
    if (kinds.length === 0 && flows.every((fl) => fl.bytes === 0)) continue;
    const at = (i: number, x: number): string => f(x / (deliveredOf(names[i] as string) || Number.NaN), 3);
    lines.push(`| **${role} ${arrow}: bytes** | ${flows.map((fl, i) => at(i, fl.bytes)).join(' | ')} |`);
    lines.push(`| ${role} ${arrow}: reads (≈ peer writes) | ${flows.map((fl, i) => at(i, fl.reads)).join(' | ')} |`);
    for (const kind of kinds) {
      lines.push(`| ${role} ${arrow}: \`${kind}\` (count / bytes) | ${flows.map((fl, i) => `${at(i, fl.kinds[kind]?.count ?? 0)} / ${at(i, fl.kinds[kind]?.bytes ?? 0)}`).join(' | ')} |`);
    }
  }
}
const httpRows = (what: string, pick: (p: Phase) => Record<string, ConnectionTally>): void => {
  const flows = names.map((n) => ({ up: flowOf(n, pick, () => true, 'up'), down: flowOf(n, pick, () => true, 'down') }));
  const kinds = [...new Set(flows.flatMap((fl) => Object.keys(fl.up.kinds)))].sort();
  const at = (i: number, x: number): string => (names[i] === 'direct' && what.includes('API') ? '–' : f(x / (deliveredOf(names[i] as string) || Number.NaN), 3));
  lines.push(`| ${what}: bytes up / down | ${flows.map((fl, i) => `${at(i, fl.up.bytes)} / ${at(i, fl.down.bytes)}`).join(' | ')} |`);
  for (const kind of kinds) lines.push(`| ${what}: \`${kind}\` | ${flows.map((fl, i) => at(i, fl.up.kinds[kind]?.count ?? 0)).join(' | ')} |`);
};
httpRows('ofgate → ejabberd API', (p) => p.api);
httpRows('mod_ofgate → ofgate hooks', (p) => p.hooks);
lines.push(`| mod_ofgate events queued (ofgate_shim_stats) | ${names.map((n) => f(per(n).reduce((a, p) => a + p.shimEvents, 0) / deliveredOf(n), 3)).join(' | ')} |`);
lines.push(`| **ejabberd CPU µs/msg** (median of rounds, schedstat) | ${names.map((n) => f(median(per(n).map((p) => p.ejabberdUs)), 1)).join(' | ')} |`);
lines.push(`| ofgate CPU µs/msg (median of rounds) | ${names.map((n) => (n === 'direct' ? '–' : f(median(per(n).map((p) => p.ofgateUs ?? Number.NaN)), 1))).join(' | ')} |`);
lines.push(`| latency p50 / p99 ms (median of rounds) | ${names.map((n) => `${f(median(per(n).map((p) => p.latency.p50)), 1)} / ${f(median(per(n).map((p) => p.latency.p99)), 1)}`).join(' | ')} |`);
lines.push(`| phase seconds (median; includes the ${quietMs} ms quiet tail) | ${names.map((n) => f(median(per(n).map((p) => p.seconds)), 2)).join(' | ')} |`);
process.stdout.write(lines.join('\n') + '\n');
if (args.includes('--json')) process.stdout.write(JSON.stringify(phases) + '\n');
if (c2s.inspectorErrors > 0) log(`${c2s.inspectorErrors} c2s reads could not be inspected`);
await Promise.all([c2s.close(), api.close(), hooks?.close()]);
await stack.stop();
process.exit(0);
