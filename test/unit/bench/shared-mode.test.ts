import assert from 'node:assert/strict';
import { infoField } from '../../../bench/bench-redis.js';
import type { LoginRateResult } from '../../../bench/login-rate.js';
import type { Outcome } from '../../../bench/outcome.js';
import type { CpuReport } from '../../../bench/proc-cpu.js';
import { countingPath, parseCommandStats, perMessage } from '../../../bench/redis-command-stats.js';
import type { PacedResult, RelayPath, ThroughputResult } from '../../../bench/relay-driver.js';
import type { RelayFigures } from '../../../bench/results.js';
import { marginalKiB } from '../../../bench/results.js';
import { speedScaledRatio, summarizeRounds, type ModeHalf, type ModeRound } from '../../../bench/mode-rounds.js';
import { cpuGoal, modeRatio, PHASES_ROW, ROUNDS_ROW, sharedModeRows, type ModeFigures } from '../../../bench/shared-mode-rows.js';
import { cpuGoalLine } from '../../../bench/shared-mode-table.js';
import type { LatencySummary } from '../../../bench/stats.js';
import type { MemoryPoint, StreamsResult } from '../../../bench/streams.js';

const lat = (p50: number, p99: number): LatencySummary => ({ count: 100, mean: p50, p50, p90: p99, p99, max: p99 });
const cpu: CpuReport = { seconds: 10, cores: 2, perProcess: {}, machine: 50, others: 0 };

function throughput(msgsPerSec: number, perMsg: Record<string, number>): ThroughputResult {
  return { msgsPerSec, inFlight: 200, delivered: msgsPerSec * 10, errors: 0, lost: 0, latency: lat(1, 2), cpu, cpuMicrosPerMsg: perMsg, boundBy: 'ofgate CPU' };
}
function paced(rate: number, p50: number, p99: number): PacedResult {
  return { rate, sent: rate, delivered: rate, errors: 0, lost: 0, latency: lat(p50, p99), latencyFromSend: lat(p50, p99), sendLag: lat(0, 0), cpu, boundBy: `at ${rate}` };
}
function calls(perSec: number, perCall: Record<string, number>): LoginRateResult {
  return { logins: 100, inFlight: 50, perSec, errors: 0, latency: lat(1, 2), cpu, cpuMicrosPerCall: perCall, boundBy: 'the machine' };
}
function point(streams: number, ofgateRssKiB: number, redis?: { rss: number; used: number }): MemoryPoint {
  return {
    streams, ofgateRssKiB, ofgateHeapUsedKiB: 0, ofgateHeapTotalKiB: 0, ofgateExternalKiB: 0, ejabberdRssKiB: 1000 + streams * 80, ejabberdSessions: streams,
    ...(redis ? { redisRssKiB: redis.rss, redisUsedKiB: redis.used } : {}),
  };
}
function streams(points: MemoryPoint[], loginPerCall: Record<string, number>, healthy = true): StreamsResult {
  const last = point(0, 0);
  return {
    points,
    growth: { logins: calls(400, loginPerCall), sseOpen: calls(4000, loginPerCall), logoff: calls(300, {}) },
    afterLogoff: { ...last, baselineSessions: 0, backToBaseline: true, healthy, ofgateAlive: true, ofgateUncaught: 0, streamsStillOpen: 0 },
  };
}
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const half = (mode: 'embedded' | 'shared', cpuMicrosPerMsg: number): ModeHalf => ({ mode, msgsPerSec: 1000, cpuMicrosPerMsg, perProcess: { ofgate: cpuMicrosPerMsg }, others: 5, hostSpeed: 300 });
const round = (e: number, s: number): ModeRound => ({ embedded: half('embedded', e), shared: half('shared', s), ratio: s / e, rawRatio: s / e });

const embedded: ModeFigures = {
  relay: ok<RelayFigures>({ throughput: throughput(6000, { ofgate: 150, ejabberd: 60, generator: 70 }), paced: [paced(1000, 1.5, 20), paced(2500, 2.5, 40)] }),
  streams: ok(streams([point(0, 100_000), point(1000, 150_000), point(5000, 330_000)], { ofgate: 1500 })),
};
const shared: ModeFigures = {
  relay: ok<RelayFigures>({ throughput: throughput(4500, { ofgate: 170, redis: 25, ejabberd: 62, generator: 71 }), paced: [paced(1000, 2, 25), paced(2500, 4, 80)] }),
  streams: ok(streams([point(0, 100_000, { rss: 10_000, used: 1000 }), point(1000, 140_000, { rss: 12_000, used: 3000 }), point(5000, 300_000, { rss: 20_000, used: 11_000 })], { ofgate: 1700, redis: 200 })),
};

describe('bench: the shared mode beside the embedded one', () => {
  it('when the shared mode spends ofgate 170 µs + Redis 25 µs per message against 150 µs embedded, then the ratio is 1.3 and the 25% goal is not met', () => {
    assert.deepEqual(cpuGoal(embedded, shared), { embedded: 150, shared: 195, ratio: 1.3, met: false });
  });

  it('when the shared mode costs at most 1.25 × the embedded CPU, then the goal is met (the bound itself included)', () => {
    const at = (redis: number): ModeFigures => ({ ...shared, relay: ok<RelayFigures>({ throughput: throughput(5000, { ofgate: 170, redis }), paced: [] }) });
    assert.equal(cpuGoal(embedded, at(17.5)).met, true);
    assert.equal(cpuGoal(embedded, at(5)).met, true);
    assert.equal(cpuGoal(embedded, at(18)).met, false);
  });

  it('when a mode was not measured, then its figures and the goal are null, never a made-up number', () => {
    const none: ModeFigures = { relay: { ok: false, reason: 'skipped' }, streams: { ok: false, reason: 'skipped' } };
    assert.deepEqual(cpuGoal(embedded, none), { embedded: 150, shared: null, ratio: null, met: null });
    const rows = sharedModeRows(embedded, none, [1000, 2500]);
    assert.ok(rows.every((r) => r.shared === null && r.ratio === null));
    assert.match(cpuGoalLine(rows), /not measured/);
  });

  it('when rows are built, then each has both modes, shared ÷ embedded, and the embedded mode has no Redis figure', () => {
    const rows = sharedModeRows(embedded, shared, [1000, 2500]);
    const by = (name: string) => rows.find((r) => r.name === name);
    assert.deepEqual(by('relay throughput'), { name: 'relay throughput', unit: 'msgs/s', embedded: 6000, shared: 4500, ratio: 0.75, cross: null, crossRatio: null, goal: 'reported', met: null, boundBy: 'ofgate CPU' });
    assert.equal(by('Redis CPU per relayed message')?.embedded, null);
    assert.equal(by('Redis CPU per relayed message')?.shared, 25);
    assert.equal(by('relay latency p99 at 2500 msgs/s')?.ratio, 2);
    assert.equal(by('relay latency p50 at 1000 msgs/s')?.shared, 2);
    // marginal between 1000 and 5000 streams: (330000-150000)/4000 = 45, (300000-140000)/4000 = 40
    assert.equal(by('ofgate memory per stream (marginal RSS, after GC)')?.embedded, 45);
    assert.equal(by('ofgate memory per stream (marginal RSS, after GC)')?.shared, 40);
    assert.equal(by('Redis memory per stream (marginal RSS)')?.shared, 2);
    assert.equal(by('Redis memory per stream (marginal used_memory)')?.shared, 2);
    assert.equal(by('ofgate + Redis memory per stream (RSS)')?.shared, 42);
    assert.equal(by('ofgate + Redis CPU per password login (growing to the most streams)')?.shared, 1900);
    assert.equal(by('streams held open, then logged off')?.met, true);
  });

  it('when two instances were measured, then their relay figures fill the third column, with both instances\' ofgate CPU summed', () => {
    const cross = ok<RelayFigures>({ throughput: throughput(3000, { ofgate: 150, ofgateB: 120, redis: 30, ejabberd: 60 }), paced: [paced(1000, 3, 30)] });
    const rows = sharedModeRows(embedded, shared, [1000], cross);
    const by = (name: string) => rows.find((r) => r.name === name);
    assert.equal(by('relay throughput')?.cross, 3000);
    assert.equal(by('ofgate CPU per relayed message')?.cross, 270);
    assert.equal(by('ofgate + Redis CPU per relayed message')?.cross, 300);
    assert.equal(by('ofgate + Redis CPU per relayed message')?.crossRatio, 2);
    assert.equal(by('relay latency p99 at 1000 msgs/s')?.cross, 30);
    assert.equal(by('ofgate memory per stream (marginal RSS, after GC)')?.cross, null);
  });

  it('when the goal line is printed, then it names the ratio, both figures, ofgate alone and whether it is met', () => {
    const line = cpuGoalLine(sharedModeRows(embedded, shared, [1000]));
    assert.equal(line, 'Shared ÷ embedded CPU per relayed message (ofgate + Redis, the relay phases): **1.3** (195 vs 150 µs; ofgate alone in the relay phases 1.13); goal ≤ 1.25: **not met**.');
  });

  it('when alternating rounds were run, then the goal is judged on their median ratio, not on the phases minutes apart', () => {
    const rows = sharedModeRows(embedded, shared, [1000], undefined, ok([round(100, 120), round(200, 220), round(100, 140)]));
    const goalRow = rows.find((r) => r.name === ROUNDS_ROW);
    assert.deepEqual([goalRow?.embedded, goalRow?.shared, goalRow?.ratio, goalRow?.met], [100, 140, 1.2, true]);
    const phases = rows.find((r) => r.name === PHASES_ROW);
    assert.deepEqual([phases?.ratio, phases?.goal, phases?.met], [1.3, 'reported', null]);
    assert.match(cpuGoalLine(rows), /median of the alternating rounds, at equal host speed\): \*\*1\.2\*\* \(140 vs 100 µs; the relay phases, minutes apart: 1\.3; .*goal ≤ 1\.25: met\.$/);
  });

  it('when a ratio has a zero or missing side, then it is null', () => {
    assert.equal(modeRatio(5, 0), null);
    assert.equal(modeRatio(null, 5), null);
    assert.equal(modeRatio(6, 4), 1.5);
  });

  it('when the streams run has no Redis figures (the embedded mode), then its Redis marginal memory is null', () => {
    assert.equal(embedded.streams.ok && marginalKiB(embedded.streams.value, 'redisRssKiB'), null);
  });

  it('when INFO is answered, then a field is read from its name:value lines (CRLF) and a missing one is undefined', () => {
    const reply = '$120\r\n# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\nrun_id:abc\r\n';
    assert.equal(infoField(reply, 'process_id'), '4242');
    assert.equal(infoField(reply, 'redis_version'), '7.0.15');
    assert.equal(infoField(reply, 'used_memory'), undefined);
  });
});

describe('bench: alternating embedded/shared rounds', () => {
  it('when rounds are summarized, then the median (even count: mean of the middle two), min and max of the ratios and the median CPU of each mode are given', () => {
    const s = summarizeRounds([round(100, 130), round(100, 110), round(200, 300), round(100, 120)]);
    assert.deepEqual(s, { rounds: 4, medianRatio: 1.25, minRatio: 1.1, maxRatio: 1.5, medianEmbedded: 100, medianShared: 125 });
  });

  it('when the host ran at half speed during the shared half, then its CPU per message counts half (CPU time × speed is the work)', () => {
    assert.equal(speedScaledRatio({ cpuMicrosPerMsg: 350, hostSpeed: 280 }, { cpuMicrosPerMsg: 700, hostSpeed: 140 }), 1);
    assert.equal(speedScaledRatio({ cpuMicrosPerMsg: 400, hostSpeed: 300 }, { cpuMicrosPerMsg: 500, hostSpeed: 300 }), 1.25);
  });

  it('when no round ran, then every figure is null', () => {
    assert.deepEqual(summarizeRounds([]), { rounds: 0, medianRatio: null, minRatio: null, maxRatio: null, medianEmbedded: null, medianShared: null });
  });
});

describe('bench: Redis commands per relayed message', () => {
  const before = parseCommandStats('# Commandstats\r\ncmdstat_evalsha:calls=10,usec=100,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\ncmdstat_xadd:calls=10,usec=50,usec_per_call=5.00\r\n');
  const after = parseCommandStats('# Commandstats\r\ncmdstat_evalsha:calls=210,usec=2100,usec_per_call=10.00\r\ncmdstat_xadd:calls=210,usec=1050,usec_per_call=5.00\r\n' +
    'cmdstat_publish:calls=200,usec=400,usec_per_call=2.00\r\ncmdstat_ping:calls=3,usec=0\r\n');

  it('when INFO commandstats is parsed, then each cmdstat line gives its calls and µs', () => {
    assert.deepEqual(before, { evalsha: { calls: 10, usec: 100 }, xadd: { calls: 10, usec: 50 } });
  });

  it('when two readings are 100 messages apart, then calls and µs per message are their difference per message, biggest µs first', () => {
    const p = perMessage(before, after, 100);
    assert.equal(p.messages, 100);
    assert.deepEqual(p.commands.map((c) => c.command), ['evalsha', 'xadd', 'publish', 'ping']);
    assert.deepEqual(p.commands[0], { command: 'evalsha', callsPerMsg: 2, usecPerMsg: 20 });
    assert.deepEqual(p.commands[2], { command: 'publish', callsPerMsg: 2, usecPerMsg: 4 });
  });

  it('when a path is wrapped, then the readings bracket its sends (after the logins, before the logoffs) and count them', async () => {
    const readings = [before, after];
    const events: string[] = [];
    const inner: RelayPath = {
      name: 'fake', lanes: 1,
      send: async () => void events.push('send'),
      onDelivered: () => {},
      close: async () => void events.push('close'),
    };
    const counted = countingPath(async () => (events.push('open'), inner), async () => (events.push('stats'), readings.shift() ?? after));
    const path = await counted.open();
    assert.equal(counted.result(), undefined);
    for (let i = 0; i < 100; i++) await path.send(0, i);
    await path.close();
    assert.deepEqual(events.filter((e, i) => e !== 'send' || events[i - 1] !== 'send'), ['open', 'stats', 'send', 'stats', 'close']);
    assert.equal(counted.result()?.messages, 100);
    assert.equal(counted.result()?.commands[0]?.usecPerMsg, 20);
  });
});
