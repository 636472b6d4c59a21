/**
 * `make bench [QUICK=1]`: a throwaway ejabberd at loglevel warning and ofgate (the tests'
 * startStack, then ofgate moved into its own process), the three message-relay paths and the
 * concurrent-streams run, then ofgate's shared mode (store.backend redis, a throwaway Redis)
 * through the same relay and streams runs, all in one go. Prints each figure beside its
 * baselines with the ratio, the shared mode beside the embedded one, and writes bench/results.json. `--profile` also writes CPU profiles and a heap snapshot of
 * ofgate to bench/profiles/. The benchmark is not part of `make test`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../test/harness/ejabberd-instance.js';
import { startStack } from '../test/harness/start-stack.js';
import { fullMode, quickMode } from './bench-modes.js';
import { cpuSpeed } from './cpu-speed.js';
import { installCrashGuard } from './crash-guard.js';
import { measureDirectLogins } from './direct-logins.js';
import { keepAliveAgent } from './http-client.js';
import { machineInfo } from './machine-info.js';
import { boundTable, cpuTable, relayTable, streamsTables } from './markdown-tables.js';
import { attempt } from './outcome.js';
import { measureOfgateLogins } from './ofgate-logins.js';
import { startOfgateProcess } from './ofgate-process.js';
import { watchOfgate } from './ofgate-watch.js';
import { openFileLimit, maxStreams } from './open-file-limit.js';
import { leastDisturbed, waitForQuiet } from './quiet.js';
import { openDirectPath, type EjabberdTarget } from './relay-direct.js';
import type { Meter } from './relay-driver.js';
import { openHttpApiPath } from './relay-http-api.js';
import { openOfgatePath } from './relay-ofgate.js';
import { buildRows, type RawRun } from './results.js';
import { runRelayPath, type RelaySuiteContext } from './relay-suite.js';
import { runSharedMode, type SharedModeRun } from './shared-mode.js';
import { cpuGoal, sharedModeRows } from './shared-mode-rows.js';
import { sharedModeTables } from './shared-mode-table.js';
import { summarizeRounds } from './mode-rounds.js';
import { runStreams } from './streams.js';

const args = process.argv.slice(2);
const numberArg = (name: string): number | undefined => {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
};
/** --quiet-wait=S and --attempts=N: on a box that stays busy, wait at most S seconds for quiet and measure N times. */
const quietWaitS = numberArg('quiet-wait');
const attemptsN = numberArg('attempts');
const baseMode = args.includes('--quick') ? quickMode : fullMode;
const mode = {
  ...baseMode,
  ...(quietWaitS !== undefined ? { quietWaitMs: quietWaitS * 1000 } : {}),
  ...(attemptsN !== undefined ? { attempts: Math.max(1, Math.floor(attemptsN)) } : {}),
};
const profileDir = args.includes('--profile') ? join(projectRoot, 'bench', 'profiles') : undefined;
/** --only=direct,http-api,ofgate,logins,streams,shared-relay,shared-streams,shared-cross,shared-rounds (shared = the four): run just those parts. */
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const runs = (part: string): boolean => !only || only.includes(part) || (part.startsWith('shared-') && only.includes('shared'));
/** --redis-fsync=everysec: the shared mode's Redis with appendfsync everysec (default always, every write on disk). */
const redisFsync = args.includes('--redis-fsync=everysec') ? 'everysec' : 'always';
/** --results=FILE: write the JSON there instead of bench/results.json (partial or trial runs). */
const resultsFile = args.find((a) => a.startsWith('--results='))?.slice(10) ?? join(projectRoot, 'bench', 'results.json');
const skipped = { ok: false, reason: 'skipped (--only)' } as const;
/** --ofgate-flags="--max-semi-space-size=32 …": Node/V8 flags for the ofgate process. */
const ofgateFlags = args.find((a) => a.startsWith('--ofgate-flags='))?.slice(15).split(' ').filter(Boolean) ?? [];
const log = (s: string): void => void process.stderr.write(`bench: ${s}\n`);

const guard = installCrashGuard();
const started = Date.now();
log(`${mode.name} run: starting ejabberd (loglevel warning) and ofgate`);
const stack = await startStack({ logLevel: 'warning' });
const ofgate = await attempt('ofgate process', () => startOfgateProcess(stack, ofgateFlags));
const machine = await machineInfo(stack.ej.apiUrl, projectRoot);
const ej: EjabberdTarget = { apiUrl: stack.ej.apiUrl, xmppService: stack.ej.xmppService, domain: stack.domain, agent: keepAliveAgent(64) };
const pids: Record<string, number> = { ejabberd: stack.ej.pid, generator: process.pid, ...(ofgate.ok ? { ofgate: ofgate.value.pid } : {}) };
const meter: Meter = { pids, threads: { single: ['ofgate', 'generator'], multi: ['ejabberd'] } };
const speeds: Array<{ phase: string; background: number; cpuSpeed: number }> = [];
const quietFor = async (measured: Readonly<Record<string, number>>, phase: string): Promise<void> => {
  const background = await waitForQuiet(measured, mode.quietWaitMs);
  if (background >= 15) log(`the box is busy (other processes at ${Math.round(background)}% of a core): figures may be low`);
  speeds.push({ phase, background: Math.round(background), cpuSpeed: Math.round(cpuSpeed() * 10) / 10 });
};
const quiet = (phase: string): Promise<void> => quietFor(pids, phase);
const { profiled, loopDelay } = watchOfgate(ofgate.ok ? ofgate.value : undefined, profileDir);

const [dLanes, dIn] = mode.lanes.direct;
const [hLanes, hIn] = mode.lanes.httpApi;
const [oLanes, oIn] = mode.lanes.ofgate;
const og = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
const suite: RelaySuiteContext = { mode, ej: { ...ej, dir: stack.ej.dir }, meter, quiet, log, profiled, ...(loopDelay ? { loopDelay } : {}) };
const notRun = { figures: skipped, harnessThroughput: skipped };
const direct = runs('direct') ? await runRelayPath(suite, 'direct', () => openDirectPath(ej, dLanes, 'xd'), dIn) : notRun;
const httpApi = runs('http-api') ? await runRelayPath(suite, 'http-api', () => openHttpApiPath(ej, hLanes, 'xh'), hIn) : notRun;
const ofgateRelay = !runs('ofgate') ? notRun : ofgate.ok
  ? await runRelayPath(suite, 'ofgate', () => openOfgatePath(og, ej, oLanes, 'xo', keepAliveAgent(oLanes * oIn)), oIn)
  : { figures: ofgate, harnessThroughput: ofgate };

const directLogins = !runs('logins') ? skipped : await attempt('direct logins', () => leastDisturbed(mode.attempts, async () => {
  await quiet('direct logins');
  log('direct XMPP logins');
  return measureDirectLogins(ej, mode.streams.loginCount, mode.streams.inFlight, meter);
}, (r) => r.cpu.others, (o) => log(`direct logins: other processes used ${Math.round(o)}% of a core meanwhile; measuring again`)));
const ofgateLogins = !runs('logins') ? skipped : ofgate.ok
  ? await attempt('ofgate logins', () => measureOfgateLogins(og, ej, meter, { count: mode.streams.loginCount, inFlight: mode.streams.inFlight, attempts: mode.attempts, quiet, log, profiled }))
  : ofgate;
const limits = { ofgate: ofgate.ok ? openFileLimit(ofgate.value.pid) : openFileLimit('self'), generator: openFileLimit('self'), ejabberd: openFileLimit(stack.ej.pid) };
const maxN = Math.min(maxStreams(limits.ofgate, 2, 300, 9000), maxStreams(limits.generator, 1, 300, 9000), maxStreams(limits.ejabberd, 1, 300, 9000));
const maxNWhy = `open-file limits: ofgate ${limits.ofgate} (2 sockets per stream: its SSE response and the user's c2s stream), ` +
  `load generator ${limits.generator} (1: the SSE client end), ejabberd ${limits.ejabberd} (1: the c2s socket); 300 fds kept spare; capped at 9000`;
log(`streams up to ${maxN} (${maxNWhy})`);
if (runs('streams')) await quiet('streams');
const streams = !runs('streams') ? skipped : ofgate.ok
  ? await attempt('ofgate streams', () => runStreams(og, ej, ofgate.value, meter, {
      sizes: mode.streams.sizes(maxN),
      inFlight: mode.streams.inFlight,
      profiled,
      ...(profileDir ? { atMax: async () => void (await ofgate.value.probe('heap-snapshot', join(profileDir, 'streams-max.heapsnapshot'))) } : {}),
    }))
  : ofgate;

// The shared mode: the embedded ofgate leaves the port to one with store.backend redis.
if (ofgate.ok) await ofgate.value.stop();
const sharedRelay = runs('shared-relay');
const sharedStreams = runs('shared-streams');
const sharedCross = runs('shared-cross');
const sharedRounds = runs('shared-rounds');
const shared: SharedModeRun = sharedRelay || sharedStreams || sharedCross || sharedRounds
  ? await runSharedMode({
      stack, mode, ej: { ...ej, dir: stack.ej.dir }, basePids: { ejabberd: stack.ej.pid, generator: process.pid }, quiet: quietFor, log,
      profileDir, ofgateFlags, fsync: redisFsync, streamSizes: mode.streams.sizes(maxN), runRelay: sharedRelay, runStreams: sharedStreams, runCross: sharedCross, runRounds: sharedRounds,
    })
  : { redisFsync, relay: notRun, streams: skipped, cross: notRun, rounds: skipped };
const embeddedFigures = { relay: ofgateRelay.figures, streams };
const sharedFigures = { relay: shared.relay.figures, streams: shared.streams };
const sharedRows = sharedModeRows(embeddedFigures, sharedFigures, mode.paced.rates, shared.cross.figures, shared.rounds);

const speedValues = speeds.map((x) => x.cpuSpeed);
const drift = speedValues.length ? Math.max(...speedValues) / Math.min(...speedValues) : 1;
if (drift > 1.15) log(`the machine's speed drifted by ${Math.round((drift - 1) * 100)}% between phases (see meta.phases): compare ratios with care`);
const raw: RawRun = { relay: { ofgate: ofgateRelay, direct, httpApi }, directLogins, ofgateLogins, streams, rates: mode.paced.rates };
const rows = buildRows(raw);
const output = [
  `## Message relay (${mode.name} run; latency from the scheduled send time, open loop)`, '', relayTable(rows), '',
  '## Concurrent streams and logins', '', `Largest N: ${maxN} (${maxNWhy}).`, '', streamsTables(raw, rows), '',
  '## CPU per message and per call', '', cpuTable(raw), '',
  `Machine speed before each phase (cpu-speed.ts, SHA-256 of 4 KiB per ms): ${Math.min(...speedValues)}–${Math.max(...speedValues)} (drift ${Math.round((drift - 1) * 100)}%); other processes at most ${Math.max(0, ...speeds.map((x) => x.background))}% of a core before a phase.`, '',
  '## What bounded each figure', '', boundTable(rows), '',
  `## Shared mode (store.backend redis) beside the embedded mode`, '', sharedModeTables(sharedRows, shared), '',
].join('\n');
process.stdout.write(output + '\n');
const results = {
  meta: {
    mode: mode.name, machine, maxStreams: { n: maxN, why: maxNWhy }, generatorXmppErrors: guard.count(), seconds: Math.round((Date.now() - started) / 1000),
    /** Before each phase: other processes' CPU (% of a core) and cpu-speed.ts's score (drift = max/min). */
    phases: speeds, speedDrift: Math.round(drift * 100) / 100,
  },
  benchmarks: rows,
  /** Issue 16: the shared mode (one instance, store.backend redis) beside the embedded one. */
  sharedMode: { redisFsync: shared.redisFsync, cpuGoal: cpuGoal(embeddedFigures, sharedFigures), rounds: shared.rounds.ok ? summarizeRounds(shared.rounds.value) : null, rows: sharedRows },
  details: { ...raw, shared },
};
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
log(`wrote ${resultsFile} in ${results.meta.seconds} s`);
await stack.stop();
process.exit(0);
