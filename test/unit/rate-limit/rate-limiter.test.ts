/**
 * The limiter over the memory store with a fake clock: what the behaviour table (the contract in
 * test/contract/rate-limit/) does not cover — records leaving the store, arguments it refuses,
 * values it does not recognise, store failures, and the expired-id sweep's paging.
 */
import assert from 'node:assert/strict';
import { bucketId, createRateLimiter, RATE_LIMIT_COLLECTION, type RateLimit } from '../../../gateway/rate-limit/index.js';
import type { Logger } from '../../../gateway/log/index.js';
import { createMemoryStore, StoreUsageError, type ListOptions, type Store } from '../../../gateway/store/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';

const MINUTE: RateLimit = { limit: 3, windowMs: 60_000 };

/** The store with every `list` of any collection recorded, failing while `failing` is set. */
function listSpy(store: Store): { store: Store; lists: ListOptions[]; failing: { on: boolean } } {
  const lists: ListOptions[] = [];
  const failing = { on: false };
  return {
    lists,
    failing,
    store: {
      ...store,
      collection<T>(name: string) {
        const c = store.collection<T>(name);
        return {
          ...c,
          list(opts?: ListOptions) {
            lists.push(opts ?? {});
            return failing.on ? Promise.reject(new Error('list failed')) : c.list(opts);
          },
        };
      },
      transact: (keys, fn) => store.transact(keys, fn),
      close: () => store.close(),
    },
  };
}

describe('rate limiter on the memory store', () => {
  it('when a window passes after the last take, then the buckets have left the store', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    const limiter = createRateLimiter({ store, clock });
    for (let i = 0; i < 50; i++) await limiter.take([{ key: `addr:${i}`, limit: MINUTE }, { key: 'wg:w', limit: { limit: 100, windowMs: 60_000 } }]);
    const records = store.collection(RATE_LIMIT_COLLECTION);
    assert.equal((await records.list()).length, 51);
    clock.advance(20_000);
    assert.equal((await records.list()).length, 1, 'an address bucket (one token taken) is gone one token interval on; the workgroup one (50 taken) is not');
    clock.advance(10_000);
    assert.deepEqual(await records.list(), []);
  });

  it('when a request is refused, then no bucket is written', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    const limiter = createRateLimiter({ store, clock });
    const take = [{ key: 'a', limit: { limit: 1, windowMs: 60_000 } }, { key: 'w', limit: MINUTE }];
    await limiter.take(take);
    const records = store.collection(RATE_LIMIT_COLLECTION);
    const before = await Promise.all(take.map((k) => records.getVersioned(bucketId(k.key, k.limit))));
    assert.equal((await limiter.take(take)).allowed, false);
    assert.deepEqual(await Promise.all(take.map((k) => records.getVersioned(bucketId(k.key, k.limit)))), before);
  });

  it('when a collection is named, then the buckets live there', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    await createRateLimiter({ store, clock, collection: 'publicAskLimits' }).take([{ key: 'a', limit: MINUTE }]);
    assert.deepEqual((await store.collection('publicAskLimits').list()).map(([id]) => id), [bucketId('a', MINUTE)]);
    assert.deepEqual(await store.collection(RATE_LIMIT_COLLECTION).list(), []);
  });

  it('when the collection name is not one the store takes, then creating the limiter throws StoreUsageError', () => {
    assert.throws(() => createRateLimiter({ store: createMemoryStore(), clock: createFakeClock(), collection: 'rate:limits' }), StoreUsageError);
  });

  const badTakes: Array<[string, Array<{ key: string; limit: RateLimit }>]> = [
    ['no keys', []],
    ['a limit of 0', [{ key: 'a', limit: { limit: 0, windowMs: 1_000 } }]],
    ['a fractional window', [{ key: 'a', limit: { limit: 1, windowMs: 0.5 } }]],
    ['the same key with the same limit twice', [{ key: 'a', limit: MINUTE }, { key: 'a', limit: { ...MINUTE } }]],
  ];
  for (const [what, keys] of badTakes) {
    it(`when take gets ${what}, then it rejects with RangeError and writes nothing`, async () => {
      const clock = createFakeClock();
      const store = createMemoryStore({ clock });
      await assert.rejects(createRateLimiter({ store, clock }).take(keys), RangeError);
      assert.deepEqual(await store.collection(RATE_LIMIT_COLLECTION).list(), []);
    });
  }

  it('when a stored value is not a bucket (an older format, a stray write), then it reads as a full bucket and is replaced', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    await store.collection(RATE_LIMIT_COLLECTION).put(bucketId('a', MINUTE), { count: 99 });
    assert.deepEqual(await createRateLimiter({ store, clock }).take([{ key: 'a', limit: MINUTE }]), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    assert.deepEqual(await store.collection(RATE_LIMIT_COLLECTION).get(bucketId('a', MINUTE)), { t: clock.now() + 20_000, f: 0 });
  });

  it('when the store fails, then take rejects with the store\'s error', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    const limiter = createRateLimiter({ store, clock });
    await store.close();
    await assert.rejects(limiter.take([{ key: 'a', limit: MINUTE }]), StoreUsageError);
  });

  it('when bucket writes add up to sweepEvery, then one sweep page is listed from a cursor that wraps at the end', async () => {
    const clock = createFakeClock();
    const spy = listSpy(createMemoryStore({ clock }));
    const limiter = createRateLimiter({ store: spy.store, clock, sweepEvery: 8 });
    const take = (i: number) => limiter.take([{ key: `a${String(i).padStart(3, '0')}`, limit: MINUTE }, { key: `w${String(i).padStart(3, '0')}`, limit: MINUTE }]);
    for (let i = 0; i < 3; i++) await take(i);
    assert.deepEqual(spy.lists, [], '6 writes: no sweep yet');
    await take(3);
    assert.deepEqual(spy.lists, [{ after: undefined, limit: 16 }], '8 writes: one page of 2 × 8');
    for (let i = 4; i < 8; i++) await take(i);
    assert.deepEqual(spy.lists[1], { after: undefined, limit: 16 }, 'the first page came back short (8 buckets): the cursor stayed at the start');
    for (let i = 8; i < 12; i++) await take(i);
    assert.deepEqual(spy.lists[2], { after: bucketId('w007', MINUTE), limit: 16 }, 'the second page was full (16 buckets): the next goes on after its last id');
    for (let i = 12; i < 16; i++) await take(i);
    assert.deepEqual(spy.lists[3], { after: undefined, limit: 16 }, 'the third page came back short: the cursor wrapped');
    await limiter.take([{ key: 'z', limit: { limit: 1, windowMs: 60_000 } }]);
    for (let i = 0; i < 20; i++) assert.equal((await limiter.take([{ key: 'z', limit: { limit: 1, windowMs: 60_000 } }])).allowed, false);
    assert.equal(spy.lists.length, 4, 'refused takes write nothing, so they do not count toward a sweep');
  });

  it('when a sweep page fails, then the take still resolves and the failure is logged', async () => {
    const clock = createFakeClock();
    const spy = listSpy(createMemoryStore({ clock }));
    const warnings: string[] = [];
    const log: Logger = { debug() {}, info() {}, error() {}, warn: (msg) => void warnings.push(msg) };
    const limiter = createRateLimiter({ store: spy.store, clock, sweepEvery: 1, log });
    spy.failing.on = true;
    assert.deepEqual(await limiter.take([{ key: 'a', limit: MINUTE }]), { allowed: true, remaining: 2, retryAfterSeconds: 0 });
    assert.equal(spy.lists.length, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /sweep/);
  });

  it('when sweepEvery is negative or fractional, then creating the limiter throws RangeError', () => {
    for (const sweepEvery of [-1, 0.5]) {
      assert.throws(() => createRateLimiter({ store: createMemoryStore(), clock: createFakeClock(), sweepEvery }), RangeError);
    }
  });
});
