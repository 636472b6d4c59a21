/**
 * The shared hook intake against a real redis-server: the Lua dedup+append, two intakes and two
 * consumers as two instances over one Redis, a reader that dies with pending entries, Redis down.
 */
import assert from 'node:assert/strict';
import { createRedisHookIntake, startHookStreamConsumer, type HookStreamConsumer, type HookStreamConsumerOptions } from '../../gateway/hook-intake/index.js';
import { silentLogger } from '../../gateway/log/index.js';
import { connectRedis, type Redis } from '../../gateway/redis/index.js';
import { createHookBus, type HookBus, type HookEvent } from '../../hooks/index.js';
import { redisAvailable, startRedis, type RedisInstance } from '../harness/redis-instance.js';
import { unique } from '../kit/unique.js';

const ev = (id: string): HookEvent => ({ v: 1, id, host: 'localhost', ts: 1, event: 'user_registered', jid: 'a@localhost' });
const batch = (prefix: string, from: number, to: number): HookEvent[] => Array.from({ length: to - from + 1 }, (_, i) => ev(`${prefix}-${from + i}`));

/** A bus that records what it was given and lets a test await a count. */
function recordingBus(): { bus: HookBus; got: string[]; waitFor(n: number, ms?: number): Promise<void> } {
  const bus = createHookBus();
  const got: string[] = [];
  let waiters: Array<{ n: number; resolve: () => void }> = [];
  bus.subscribeAll((e) => {
    got.push(e.id);
    waiters = waiters.filter((w) => (got.length >= w.n ? (w.resolve(), false) : true));
  });
  return {
    bus,
    got,
    waitFor(n, ms = 8000) {
      if (got.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n} events: ${got.join(',')}`)), ms);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

describe('hook intake on Redis (contract)', function () {
  let redis: RedisInstance | undefined;
  const clients: Redis[] = [];
  const consumers: HookStreamConsumer[] = [];
  /** What gateway/redis opens for ofgate: no offline queue, fail fast while down. */
  const client = async (url = redis?.url ?? ''): Promise<Redis> => {
    const c = await connectRedis({ url });
    clients.push(c);
    return c;
  };
  const consumer = async (o: Omit<HookStreamConsumerOptions, 'redis' | 'log'> & { redis?: Redis }): Promise<HookStreamConsumer> => {
    const c = startHookStreamConsumer({ log: silentLogger, blockMs: 200, standbyMs: 50, retryMs: 50, ...o, redis: o.redis ?? (await client()) });
    consumers.push(c);
    return c;
  };

  before(async function () {
    if (!redisAvailable()) this.skip();
    this.timeout(20000);
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  it('when a batch is accepted twice, then the second time is all duplicates and the stream holds it once', async () => {
    const keyPrefix = `${unique('t')}:`;
    const r = await client();
    const intake = createRedisHookIntake({ redis: r, keyPrefix });
    const events = [...batch('h-b1', 1, 3), ev('odd-id'), ev('h-b1-x')];
    assert.deepEqual(await intake.accept(events), { accepted: 5, duplicates: 0 });
    assert.deepEqual(await intake.accept(events), { accepted: 0, duplicates: 5 });
    assert.deepEqual(await createRedisHookIntake({ redis: await client(), keyPrefix }).accept(events), { accepted: 0, duplicates: 5 }, 'another instance knows them too');
    assert.equal(await r.xlen(`${keyPrefix}hooks`), 5);
    const { bus, got, waitFor } = recordingBus();
    await consumer({ bus, keyPrefix, consumer: 'a' });
    await waitFor(5);
    assert.deepEqual(got, events.map((e) => e.id));
  });

  it('when a subscriber fails on an event, then it is handled again (not acknowledged); one that keeps failing is skipped after a few tries and the stream goes on', async () => {
    const keyPrefix = `${unique('t')}:`;
    const intake = createRedisHookIntake({ redis: await client(), keyPrefix });
    const bus = createHookBus();
    const seen: string[] = [];
    let flaky = 2;
    bus.subscribeAll(async (e) => {
      seen.push(e.id);
      if (e.id === 'h-b-1' && flaky-- > 0) throw new Error('store blip');
      if (e.id === 'h-b-2') throw new Error('always broken');
    });
    await intake.accept(batch('h-b', 1, 3));
    await consumer({ bus, keyPrefix, consumer: 'a' });
    const deadline = Date.now() + 8000;
    while (!seen.includes('h-b-3')) {
      if (Date.now() > deadline) assert.fail(`the stream did not go on: ${seen.join(',')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(seen.filter((id) => id === 'h-b-1').length, 3, 'two failures, then applied');
    assert.equal(seen.filter((id) => id === 'h-b-2').length, 5, 'skipped after five tries');
    assert.equal(seen.filter((id) => id === 'h-b-3').length, 1);
    assert.deepEqual(seen.filter((id, i) => seen.indexOf(id) === i), ['h-b-1', 'h-b-2', 'h-b-3'], 'in order');
  });

  it('when an event of a lower seq comes a batch after a higher one (the shim queues it late), then it is taken, not called a duplicate', async () => {
    const keyPrefix = `${unique('t')}:`;
    const intake = createRedisHookIntake({ redis: await client(), keyPrefix });
    assert.deepEqual(await intake.accept([ev('h-b-101'), ev('h-b-102')]), { accepted: 2, duplicates: 0 });
    assert.deepEqual(await intake.accept([ev('h-b-100'), ev('h-b-103')]), { accepted: 2, duplicates: 0 });
    assert.deepEqual(await intake.accept([ev('h-b-100'), ev('h-b-103')]), { accepted: 0, duplicates: 2 });
  });

  it('when more seqs than the window were taken, then one below what the window remembers counts as a duplicate', async () => {
    const keyPrefix = `${unique('t')}:`;
    const intake = createRedisHookIntake({ redis: await client(), keyPrefix, seqWindow: 3 });
    await intake.accept(batch('h-b', 1, 5));
    assert.deepEqual(await intake.accept([ev('h-b-1'), ev('h-b-4'), ev('h-b-6')]), { accepted: 1, duplicates: 2 });
  });

  it('when two instances take batches alternately and both consume, then every event is published exactly once in total, in order per prefix', async function () {
    this.timeout(20000);
    const keyPrefix = `${unique('t')}:`;
    const intakes = [createRedisHookIntake({ redis: await client(), keyPrefix }), createRedisHookIntake({ redis: await client(), keyPrefix })];
    const both = recordingBus();
    const a = recordingBus();
    const b = recordingBus();
    for (const one of [a, b]) one.bus.subscribeAll((e) => both.bus.publish(e));
    await consumer({ bus: a.bus, keyPrefix, consumer: 'a' });
    await consumer({ bus: b.bus, keyPrefix, consumer: 'b' });
    const hosts = ['h1-b', 'h2-b'];
    const expected: string[] = [];
    for (let n = 0; n < 20; n++) {
      // two hosts post concurrently, each to the other instance than before; every batch sent twice (a lost answer)
      await Promise.all(
        hosts.map(async (host, h) => {
          const events = batch(host, n * 10 + 1, n * 10 + 10);
          const first = intakes[(n + h) % 2];
          const retry = intakes[(n + h + 1) % 2];
          assert.equal((await first?.accept(events))?.accepted, 10);
          assert.equal((await retry?.accept(events))?.duplicates, 10);
        }),
      );
      for (const host of hosts) expected.push(...batch(host, n * 10 + 1, n * 10 + 10).map((e) => e.id));
    }
    await both.waitFor(400);
    const all = [...a.got, ...b.got];
    assert.equal(all.length, 400);
    assert.deepEqual([...all].sort(), [...expected].sort(), 'each exactly once');
    for (const got of [a.got, b.got]) {
      for (const host of hosts) {
        const seqs = got.filter((id) => id.startsWith(`${host}-`)).map((id) => Number(id.slice(host.length + 1)));
        assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), `${host} in order`);
      }
    }
  });

  it('when the reading instance dies with entries pending, then the other claims them and publishes them', async function () {
    this.timeout(20000);
    const keyPrefix = `${unique('t')}:`;
    const intake = createRedisHookIntake({ redis: await client(), keyPrefix });
    // The first reader hangs in a subscriber on its second event, then its Redis goes away: a crash.
    const dying = createHookBus();
    const dyingGot: string[] = [];
    let hung!: () => void;
    const hanging = new Promise<void>((r) => (hung = r));
    dying.subscribeAll((e) => {
      dyingGot.push(e.id);
      if (dyingGot.length === 2) {
        hung();
        return new Promise<void>(() => {});
      }
      return undefined;
    });
    const dyingRedis = await client();
    // not in `consumers`: it is dead, nobody stops it
    startHookStreamConsumer({ bus: dying, keyPrefix, consumer: 'dies', redis: dyingRedis, leaseMs: 600, blockMs: 200, log: silentLogger });
    await intake.accept(batch('h-b', 1, 5));
    await hanging;
    dyingRedis.disconnect();
    const live = recordingBus();
    await consumer({ bus: live.bus, keyPrefix, consumer: 'lives', leaseMs: 600 });
    await live.waitFor(5);
    assert.deepEqual(live.got, batch('h-b', 1, 5).map((e) => e.id), 'all five, in order (the dead one handled the first two: at least once)');
    await intake.accept([ev('h-b-6')]);
    await live.waitFor(6);
    assert.equal(live.got[5], 'h-b-6');
  });

  it('when the reader stops, then another instance takes over at once and nothing is lost', async function () {
    this.timeout(20000);
    const keyPrefix = `${unique('t')}:`;
    const intake = createRedisHookIntake({ redis: await client(), keyPrefix });
    const a = recordingBus();
    const first = await consumer({ bus: a.bus, keyPrefix, consumer: 'a', leaseMs: 60_000 });
    await intake.accept(batch('h-b', 1, 3));
    await a.waitFor(3);
    const b = recordingBus();
    await consumer({ bus: b.bus, keyPrefix, consumer: 'b', leaseMs: 60_000 });
    const started = Date.now();
    await first.stop();
    await intake.accept(batch('h-b', 4, 6));
    await b.waitFor(3);
    assert.ok(Date.now() - started < 5000, 'well before the minute lease would lapse');
    assert.deepEqual(b.got, ['h-b-4', 'h-b-5', 'h-b-6']);
    assert.equal(a.got.length, 3);
    const members = (await (await client()).xinfo('CONSUMERS', `${keyPrefix}hooks`, 'ofgate')) as Array<[string, string]>;
    assert.deepEqual(members.map((m) => m[1]), ['b'], 'the stopped instance left the group (nothing was pending for it)');
  });

  it('when stopped while blocked on an empty stream, then stop returns promptly', async () => {
    const c = await consumer({ bus: createHookBus(), keyPrefix: `${unique('t')}:`, consumer: 'a', blockMs: 1000 });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await c.stop();
    assert.ok(Date.now() - started < 500, `stopped in ${Date.now() - started} ms`);
  });

  it('when Redis is down, then accept rejects (the receiver answers 503) within its timeout', async function () {
    this.timeout(20000);
    const gone = await startRedis();
    const r = await connectRedis({ url: gone.url });
    try {
      const intake = createRedisHookIntake({ redis: r, keyPrefix: 'down:', timeoutMs: 1000 });
      assert.equal((await intake.accept([ev('h-b-1')])).accepted, 1);
      await gone.stop();
      const started = Date.now();
      await assert.rejects(intake.accept([ev('h-b-2')]));
      assert.ok(Date.now() - started < 3000);
    } finally {
      r.disconnect();
      await gone.stop();
    }
  });
});
