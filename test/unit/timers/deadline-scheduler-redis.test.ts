/**
 * Two deadline schedulers, each with its own Redis connection (two instances), on a real
 * redis-server: each deadline fires once, and a claimer that dies is fired again by the other.
 * Real time (Redis expires claims by its own clock), short poll and claim times.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../../gateway/clock/index.js';
import { closeRedis, connectRedis, type Redis } from '../../../gateway/redis/index.js';
import { createRedisStore, type Store } from '../../../gateway/store/index.js';
import { createDeadlineScheduler, type DeadlineScheduler } from '../../../gateway/timers/index.js';
import { redisAvailable, startRedis, type RedisInstance } from '../../harness/redis-instance.js';

const POLL = 100;
const CLAIM = 800;

interface Offer {
  state: 'offered' | 'timedOut';
}

/** Resolves when `test()` holds, polling every 20 ms; rejects after `ms`. */
async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 20));
  }
}

(redisAvailable() ? describe : describe.skip)('deadline scheduler on Redis (two instances)', () => {
  let server: RedisInstance;
  const clients: Redis[] = [];
  const schedulers: DeadlineScheduler[] = [];
  let keyPrefix: string;
  const open = async (): Promise<Store> => {
    const r = await connectRedis({ url: server.url, name: 'deadline-test' });
    clients.push(r);
    return createRedisStore({ redis: r, keyPrefix });
  };

  before(async () => {
    server = await startRedis();
  });
  beforeEach(() => {
    keyPrefix = `t${randomBytes(4).toString('hex')}:`;
  });
  afterEach(() => schedulers.splice(0).forEach((s) => s.stop()));
  after(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
    await server?.stop();
  });

  it('when two instances share the store, then each deadline fires once and each offer times out once', async () => {
    const fires: string[] = [];
    let applied = 0;
    const make = async (instanceId: string): Promise<{ s: DeadlineScheduler; store: Store }> => {
      const store = await open();
      const s = createDeadlineScheduler({ store, clock: systemClock, instanceId, pollMs: POLL, claimMs: CLAIM });
      s.on('offer', async (id) => {
        fires.push(`${instanceId}:${id}`);
        const offers = store.collection<Offer>('offers');
        const cur = await offers.getVersioned(id);
        if (cur?.value.state === 'offered' && (await offers.compareAndSet(id, cur.version, { state: 'timedOut' }))) applied++;
      });
      schedulers.push(s);
      await s.start();
      return { s, store };
    };
    const a = await make('a');
    const b = await make('b');
    const n = 12;
    for (let i = 0; i < n; i++) {
      await a.store.collection<Offer>('offers').put(`o${i}`, { state: 'offered' });
      await (i % 2 ? a.s : b.s).schedule('offer', `o${i}`, Date.now() + 150 + (i % 3) * 60);
    }
    await until(() => fires.length >= n, 5_000, `${n} fires`);
    await new Promise<void>((r) => setTimeout(r, 3 * POLL)); // a second fire would come within a poll or two
    await Promise.all([a.s.idle(), b.s.idle()]);
    assert.equal(fires.length, n, fires.join(' '));
    assert.equal(new Set(fires.map((f) => f.split(':')[1])).size, n);
    assert.equal(applied, n);
    assert.deepEqual(await a.store.collection('deadlines').list(), []);
  });

  it('when the claimer dies mid-fire, then the other instance fires it after claimMs and the transition is applied once', async () => {
    const fires: Array<{ by: string; at: number }> = [];
    let applied = 0;
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const storeA = await open();
    const storeB = await open();
    const transition = async (store: Store, by: string, hang: boolean): Promise<void> => {
      fires.push({ by, at: Date.now() });
      const offers = store.collection<Offer>('offers');
      const cur = await offers.getVersioned('o1');
      if (hang) {
        entered();
        await gate;
      }
      if (cur?.value.state === 'offered' && (await offers.compareAndSet('o1', cur.version, { state: 'timedOut' }))) applied++;
    };
    await storeA.collection<Offer>('offers').put('o1', { state: 'offered' });
    const a = createDeadlineScheduler({ store: storeA, clock: systemClock, instanceId: 'a', pollMs: POLL, claimMs: CLAIM });
    a.on('offer', () => transition(storeA, 'a', true));
    schedulers.push(a);
    await a.start();
    await a.schedule('offer', 'o1', Date.now() + 100);
    await inHandler;
    const claimedAt = Date.now();
    a.stop(); // dies holding the claim
    const b = createDeadlineScheduler({ store: storeB, clock: systemClock, instanceId: 'b', pollMs: POLL, claimMs: CLAIM });
    b.on('offer', () => transition(storeB, 'b', false));
    schedulers.push(b);
    await b.start();
    await until(() => fires.length >= 2, 5_000, 'the second fire');
    await b.idle();
    assert.deepEqual(fires.map((f) => f.by), ['a', 'b']);
    assert.ok((fires[1]?.at ?? 0) - claimedAt >= CLAIM - 50, `b fired ${(fires[1]?.at ?? 0) - claimedAt} ms after a claimed`);
    assert.equal(applied, 1);
    release();
    await a.idle();
    assert.equal(applied, 1, 'the stalled claimer\'s late compare-and-set changed nothing');
    assert.deepEqual(await storeB.collection('offers').get('o1'), { state: 'timedOut' });
    assert.deepEqual(await storeB.collection('deadlines').list(), []);
  });
});
