/**
 * ofgate's shared mode (store.backend redis) in the same run as the embedded one: a throwaway
 * Redis (AOF, appendfsync as given), one ofgate process on the same port with the same secrets
 * (mod_ofgate keeps posting its hooks there; in this mode they go through the Redis hook
 * stream), then the relay path (a) on the main ejabberd config and the streams run, as for the
 * embedded mode. Redis's own process (redis-server, not its watchdog shell) is metered beside
 * ofgate, ejabberd and the generator. The caller stops the embedded ofgate first: one ofgate at
 * a time holds the stack's port. Then, apart (runCross), a second instance on another port with
 * the same Redis: both users of a pair log in on the first, the receiver's SSE stream and the
 * sender's calls go to the second, so every message crosses the internal hop and the event
 * log's pub/sub; both instances are metered (ofgate, ofgateB). Last (runRounds), the
 * alternating embedded/shared rounds of mode-rounds.ts against the same Redis. Everything this
 * starts is stopped before it returns.
 */
import type { Stack } from '../test/harness/start-stack.js';
import type { BenchMode } from './bench-modes.js';
import { startBenchRedis, type BenchRedis } from './bench-redis.js';
import { freePort } from '../test/harness/free-port.js';
import { keepAliveAgent } from './http-client.js';
import type { OfgateTarget } from './ofgate-chat.js';
import { startOfgateProcess } from './ofgate-process.js';
import { watchOfgate } from './ofgate-watch.js';
import { attempt, type Outcome } from './outcome.js';
import type { EjabberdTarget } from './relay-direct.js';
import type { Meter } from './relay-driver.js';
import { runModeRounds, type ModeRound } from './mode-rounds.js';
import { countingPath, type PerMessage } from './redis-command-stats.js';
import { openOfgatePath } from './relay-ofgate.js';
import { runRelayPath, type PathRun } from './relay-suite.js';
import { runStreams, type StreamsResult } from './streams.js';

export interface SharedModeContext {
  readonly stack: Stack;
  readonly mode: BenchMode;
  readonly ej: EjabberdTarget & { readonly dir: string };
  /** ejabberd and the generator; ofgate's and Redis's pids are added here. */
  readonly basePids: Readonly<Record<string, number>>;
  /** Waits for the box to go quiet (the given processes excluded) before the named phase. */
  readonly quiet: (pids: Readonly<Record<string, number>>, phase: string) => Promise<void>;
  readonly log: (s: string) => void;
  readonly profileDir: string | undefined;
  readonly ofgateFlags: readonly string[];
  readonly fsync: 'always' | 'everysec';
  readonly streamSizes: readonly number[];
  readonly runRelay: boolean;
  readonly runStreams: boolean;
  readonly runCross: boolean;
  readonly runRounds: boolean;
}

export interface SharedModeRun {
  readonly redisFsync: 'always' | 'everysec';
  readonly relay: PathRun;
  readonly streams: Outcome<StreamsResult>;
  /** Two instances, each message crossing between them (relay only). */
  readonly cross: PathRun;
  /** Redis commands per relayed message over the one-instance relay runs (INFO commandstats). */
  readonly redisPerMessage?: PerMessage;
  /** Alternating embedded/shared throughput rounds (the CPU goal). */
  readonly rounds: Outcome<ModeRound[]>;
}

const skipped = { ok: false, reason: 'skipped (--only)' } as const;

export async function runSharedMode(ctx: SharedModeContext): Promise<SharedModeRun> {
  const { log } = ctx;
  log(`shared mode: starting Redis (appendfsync ${ctx.fsync}) and ofgate with store.backend redis`);
  const redis = await startBenchRedis(ctx.fsync);
  try {
    const main = await oneInstance(ctx, redis);
    const rounds: Outcome<ModeRound[]> = !ctx.runRounds ? skipped : await attempt('alternating rounds', () => {
      log(`shared mode: ${ctx.mode.modeRounds.rounds} alternating embedded/shared throughput rounds`);
      return runModeRounds({
        stack: ctx.stack, ej: ctx.ej, basePids: ctx.basePids, redis, ofgateFlags: ctx.ofgateFlags, log,
        lanes: ctx.mode.lanes.ofgate, ...ctx.mode.modeRounds,
      });
    });
    return { ...main, rounds };
  } finally {
    await redis.stop();
  }
}

/** The one-instance relay and streams runs, then the two-instance one, on one shared-mode ofgate. */
async function oneInstance(ctx: SharedModeContext, redis: BenchRedis): Promise<Omit<SharedModeRun, 'rounds'>> {
  const { stack, mode, log } = ctx;
  const started = await attempt('ofgate (shared mode) process', () => startOfgateProcess(stack, ctx.ofgateFlags, sharedEnv(redis.url)));
  if (!started.ok) return { redisFsync: ctx.fsync, relay: { figures: started, harnessThroughput: started }, streams: started, cross: { figures: started, harnessThroughput: started } };
  const ofgate = started.value;
  try {
    const pids = { ...ctx.basePids, ofgate: ofgate.pid, redis: redis.pid };
    const meter: Meter = { pids, threads: { single: ['ofgate', 'generator', 'redis'], multi: ['ejabberd'] } };
    const watch = watchOfgate(ofgate, ctx.profileDir);
    const quiet = (phase: string) => ctx.quiet(pids, phase);
    const og: OfgateTarget = { url: stack.url, secret: stack.secret, domain: stack.domain, agent: keepAliveAgent(64) };
    const [lanes, inFlight] = mode.lanes.ofgate;
    const counted = countingPath(() => openOfgatePath(og, ctx.ej, lanes, 'xs', keepAliveAgent(lanes * inFlight)), () => redis.commandStats());
    const relay: PathRun = ctx.runRelay
      ? await runRelayPath({ mode, ej: ctx.ej, meter, quiet, log, ...watch }, 'ofgate-shared', counted.open, inFlight)
      : { figures: skipped, harnessThroughput: skipped };
    const redisPerMessage = counted.result();
    if (ctx.runStreams) await quiet('shared-mode streams');
    const streams = !ctx.runStreams ? skipped : await attempt('ofgate streams (shared mode)', () => runStreams(og, ctx.ej, ofgate, meter, {
      sizes: ctx.streamSizes,
      inFlight: mode.streams.inFlight,
      profiled: watch.profiled,
      profilePrefix: 'shared-',
      redis,
    }));
    const cross: PathRun = ctx.runCross ? await runCross(ctx, og, redis.url, pids) : { figures: skipped, harnessThroughput: skipped };
    return { redisFsync: ctx.fsync, relay, streams, cross, ...(redisPerMessage ? { redisPerMessage } : {}) };
  } finally {
    await ofgate.stop();
  }
}

const sharedEnv = (redisUrl: string): Record<string, string> => ({ OFGATE_STORE_BACKEND: 'redis', OFGATE_REDIS_URL: redisUrl });

/** The second instance beside the running one (pids.ofgate) on the same Redis, and the path across them. */
async function runCross(ctx: SharedModeContext, home: OfgateTarget, redisUrl: string, pids: Readonly<Record<string, number>>): Promise<PathRun> {
  const { stack, mode, log } = ctx;
  const port = await freePort();
  log(`shared mode, two instances: a second ofgate on port ${port}; messages cross from one to the other`);
  const started = await attempt('second ofgate instance', () => startOfgateProcess(stack, ctx.ofgateFlags, { ...sharedEnv(redisUrl), OFGATE_PORT: String(port) }));
  if (!started.ok) return { figures: started, harnessThroughput: started };
  const b = started.value;
  try {
    const crossPids = { ...pids, ofgateB: b.pid };
    const meter: Meter = { pids: crossPids, threads: { single: ['ofgate', 'ofgateB', 'generator', 'redis'], multi: ['ejabberd'] } };
    const far: OfgateTarget = { ...home, url: b.url, agent: keepAliveAgent(64) };
    const [lanes, inFlight] = mode.lanes.ofgate;
    return await runRelayPath({ mode, ej: ctx.ej, meter, quiet: (phase) => ctx.quiet(crossPids, phase), log, profiled: (_name, run) => run() }, 'ofgate-cross',
      () => openOfgatePath(home, ctx.ej, lanes, 'xc', keepAliveAgent(lanes * inFlight), { sse: far, send: far }), inFlight);
  } finally {
    await b.stop();
  }
}
