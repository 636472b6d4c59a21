import assert from 'node:assert/strict';
import { createLeases, type Leases } from '../../../gateway/cluster/index.js';
import { createMemoryStore, type Collection, type Store } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const TTL = 3_000;

/** `inner`, counting the writes (put, delete, update, a successful compareAndSet) per collection. */
function countingWrites(inner: Store): { store: Store; writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const count = (name: string): void => void writes.set(name, (writes.get(name) ?? 0) + 1);
  const store: Store = {
    ...inner,
    collection<T>(name: string): Collection<T> {
      const c = inner.collection<T>(name);
      return {
        ...c,
        put: (id, value, opts) => (count(name), c.put(id, value, opts)),
        delete: (id) => (count(name), c.delete(id)),
        update: (id, fn, opts) => (count(name), c.update(id, fn, opts)),
        compareAndSet: async (id, version, value, opts) => {
          const ok = await c.compareAndSet(id, version, value, opts);
          if (ok) count(name);
          return ok;
        },
      };
    },
  };
  return { store, writes };
}

describe('leases', () => {
  let clock: FakeClock;
  let store: Store;
  let lost: Record<string, string[]>;
  let all: Leases[];
  /** `clock`: the process's own clock; a separate fake clock nobody advances is a process that hangs or died. */
  const make = async (instanceId: string, o: { recordTtlMs?: number; clock?: FakeClock } = {}): Promise<Leases> => {
    const l = createLeases({ store, clock, instanceId, ttlMs: TTL, ...o, onLost: (names) => (lost[instanceId] ??= []).push(...names) });
    all.push(l);
    await l.start();
    return l;
  };
  /** Moves time in keeper-sized steps, letting each keeper step finish. */
  const pass = async (ms: number, alive: Leases[]): Promise<void> => {
    for (let left = ms; left > 0; left -= TTL / 3) {
      clock.advance(Math.min(left, TTL / 3));
      await Promise.all(alive.map((l) => l.keep()));
    }
  };

  beforeEach(() => {
    clock = createFakeClock();
    store = createMemoryStore({ clock });
    lost = {};
    all = [];
  });
  afterEach(async () => {
    for (const l of all) await l.stop();
  });

  it('when a free lease is acquired, then the acquirer holds it and another instance is refused', async () => {
    const a = await make('a');
    const b = await make('b');
    assert.equal(await a.acquire('user:alice'), true);
    assert.equal(await b.acquire('user:alice'), false);
    assert.equal(await a.holder('user:alice'), 'a');
    assert.equal(await b.holder('user:alice'), 'a');
    assert.equal(a.holds('user:alice'), true);
    assert.equal(b.holds('user:alice'), false);
  });

  it('when the holder acquires again, then it still holds it (extend, not refuse)', async () => {
    const a = await make('a');
    assert.equal(await a.acquire('bot'), true);
    assert.equal(await a.acquire('bot'), true);
    assert.deepEqual(a.held(), ['bot']);
  });

  it('when the holder keeps beating, then its leases outlive many ttls and renew says so', async () => {
    const a = await make('a');
    const b = await make('b');
    await a.acquire('bot');
    await pass(10 * TTL, [a, b]);
    assert.equal(await a.renew('bot'), true);
    assert.equal(await b.acquire('bot'), false);
    assert.equal(a.holds('bot'), true);
    assert.equal(lost.a, undefined);
  });

  it('when the holder dies (no more beats), then its lease expires after ttl and another instance takes over', async () => {
    const aClock = createFakeClock(clock.now());
    const a = await make('a', { clock: aClock });
    const b = await make('b');
    await a.acquire('bot');
    await pass(TTL - TTL / 3, [b]);
    assert.equal(await b.acquire('bot'), false, 'not before ttl passed since the last beat');
    await pass(TTL / 3 + 1, [b]);
    assert.equal(await b.holder('bot'), undefined);
    assert.equal(await b.acquire('bot'), true);
    assert.equal(await b.holder('bot'), 'b');
    aClock.advance(TTL);
    assert.equal(a.holds('bot'), false, 'the stalled holder stops trusting its lease once ttl passed since its last beat');
  });

  it('when a stalled holder beats again after its lease was taken, then it learns it lost everything and holds nothing', async () => {
    const aClock = createFakeClock(clock.now());
    const a = await make('a', { clock: aClock });
    const b = await make('b');
    await a.acquire('bot');
    await a.acquire('user:x');
    await pass(TTL + 1, [b]);
    assert.equal(await b.acquire('bot'), true);
    aClock.advance(TTL + 1); // it wakes up
    await a.keep();
    assert.deepEqual(lost.a?.sort(), ['bot', 'user:x']);
    assert.deepEqual(a.held(), []);
    assert.equal(await a.renew('bot'), false);
    assert.equal(await a.holder('bot'), 'b');
    assert.equal(await a.acquire('user:x'), true, 'a free lease can be taken again by the new incarnation');
  });

  it('when the store stops answering, then the holder reports its leases lost once ttl passed since its last beat, without waiting for the store', async () => {
    let hang = false;
    const inner = store;
    const never = new Promise<never>(() => {});
    store = {
      ...inner,
      collection<T>(name: string) {
        const c = inner.collection<T>(name);
        const gate = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => (...a: A): Promise<R> => (hang ? never : fn(...a));
        return { ...c, get: gate(c.get), getVersioned: gate(c.getVersioned), put: gate(c.put), compareAndSet: gate(c.compareAndSet), update: gate(c.update), delete: gate(c.delete), list: gate(c.list) };
      },
    };
    const a = await make('a');
    await a.acquire('stream:x');
    hang = true;
    for (let i = 0; i < 4; i++) {
      clock.advance(TTL / 3);
      void a.keep(); // stuck on the store
    }
    assert.deepEqual(lost.a, ['stream:x']);
    assert.deepEqual(a.held(), []);
    assert.equal(a.holds('stream:x'), false);
    hang = false;
    all.splice(all.indexOf(a), 1); // its keeper is stuck on a promise that never settles
  });

  it('when a non-holder releases, then it is refused and the holder keeps the lease', async () => {
    const a = await make('a');
    const b = await make('b');
    await a.acquire('bot');
    assert.equal(await b.release('bot'), false);
    assert.equal(await a.holder('bot'), 'a');
    assert.equal(await a.release('bot'), true);
    assert.equal(await b.holder('bot'), undefined);
    assert.equal(await b.acquire('bot'), true);
  });

  it('when an instance restarts with the same id, then it does not inherit its previous life\'s leases', async () => {
    const a1 = await make('a');
    await a1.acquire('bot');
    const a2 = await make('a'); // the same id, a new process: a new incarnation
    assert.equal(await a2.holder('bot'), undefined);
    assert.equal(await a2.renew('bot'), false);
    assert.equal(await a2.acquire('bot'), true);
  });

  it('when an instance stops, then all its leases are free at once', async () => {
    const a = await make('a');
    const b = await make('b');
    for (let i = 0; i < 50; i++) await a.acquire(`user:${i}`);
    await a.stop();
    assert.equal(await b.holder('user:7'), undefined);
    assert.equal(await b.acquire('user:7'), true);
  });

  it('when two instances race for one free lease, then exactly one gets it', async () => {
    const a = await make('a');
    const b = await make('b');
    const got = await Promise.all([a.acquire('bot'), b.acquire('bot'), a.acquire('bot2'), b.acquire('bot2')]);
    assert.equal(got.slice(0, 2).filter(Boolean).length, 1);
    assert.equal(got.slice(2).filter(Boolean).length, 1);
  });

  it('when many leases are held, then a beat writes one heartbeat and refreshes no lease record', async () => {
    const counted = countingWrites(store); // versions are not write counts (store contract): count the writes themselves
    store = counted.store;
    const a = await make('a', { recordTtlMs: 60 * TTL });
    for (let i = 0; i < 100; i++) await a.acquire(`user:${i}`);
    const leases = store.collection<unknown>('leases');
    const before = await leases.getVersioned('user:0');
    counted.writes.clear();
    await pass(TTL, [a]);
    assert.equal((await leases.getVersioned('user:0'))?.version, before?.version);
    assert.deepEqual([...counted.writes], [['leaseHolders', 3]]);
  });

  it('when half of a lease record\'s own expiry passed, then the keeper re-writes it and the lease outlives that expiry', async () => {
    const a = await make('a', { recordTtlMs: 4 * TTL });
    await a.acquire('bot');
    await pass(12 * TTL, [a]);
    assert.equal(await a.renew('bot'), true);
    assert.equal(await a.holder('bot'), 'a');
  });

  it('when acquire is called before start, then it throws', async () => {
    const l = createLeases({ store, clock, instanceId: 'c', ttlMs: TTL });
    await assert.rejects(l.acquire('bot'), /before start/);
  });
});
