/**
 * The Store contract as tests, run by each backend's test file against a fresh store per test
 * (memory, embedded, Redis). A backend passes a harness: how to open a store, and how to let a
 * time span pass (a fake clock for the local backends, real time for Redis).
 */
import assert from 'node:assert/strict';
import { KEEP, MAX_LIST, StoreUsageError, type Store } from '../../../gateway/store/index.js';

export interface StoreHarness {
  open(): Promise<Store>;
  /** A ttl short enough to wait out, and the wait. */
  readonly ttlMs: number;
  pass(ms: number): Promise<void>;
}

export function describeStoreContract(name: string, harness: () => StoreHarness): void {
  describe(`store contract: ${name}`, () => {
    let h: StoreHarness;
    let s: Store;
    beforeEach(async () => {
      h = harness();
      s = await h.open();
    });
    afterEach(async () => {
      await s.close();
    });

    describe('values', () => {
      it('when a value is put, then get returns an equal copy and neither side aliases the other', async () => {
        const c = s.collection<{ a: number[]; t: string }>('mappings');
        const v = { a: [1], t: 'v <&> ✓ 😀' };
        await c.put('k', v);
        v.a.push(2);
        const read = await c.get('k');
        assert.deepEqual(read, { a: [1], t: 'v <&> ✓ 😀' });
        read?.a.push(3);
        assert.deepEqual(await c.get('k'), { a: [1], t: 'v <&> ✓ 😀' });
      });

      it('when a record was never written, then get, getVersioned and delete see it absent', async () => {
        const c = s.collection<string>('rooms');
        assert.equal(await c.get('nope'), undefined);
        assert.equal(await c.getVersioned('nope'), undefined);
        assert.equal(await c.delete('nope'), false);
      });

      it('when two collections hold the same id, then they are independent', async () => {
        await s.collection<number>('left').put('x', 1);
        await s.collection<number>('right').put('x', 2);
        assert.equal(await s.collection<number>('left').get('x'), 1);
        assert.equal(await s.collection<number>('right').get('x'), 2);
      });

      it('when plain JSON values of every kind are put, then they read back equal', async () => {
        const c = s.collection<unknown>('values');
        const values: unknown[] = [0, -1.5, 1e300, true, false, null, '', 'x', [], {}, [1, 'a', null, { b: [{}] }], { 'k"\n': '\u2028' }];
        await Promise.all(values.map((v, i) => c.put(`v${i}`, v)));
        for (const [i, v] of values.entries()) assert.deepEqual(await c.get(`v${i}`), v);
      });
    });

    describe('versions', () => {
      it('when a record is created, written, updated, deleted and created again, then every write gives a greater version, the re-created one included', async () => {
        const c = s.collection<string>('versions');
        const seen: number[] = [];
        const version = async (): Promise<number> => {
          const v = (await c.getVersioned('r'))?.version;
          assert.ok(v !== undefined && Number.isSafeInteger(v) && v >= 1, `a version: ${v}`);
          return v;
        };
        await c.put('r', 'a');
        seen.push(await version());
        await c.put('r', 'b');
        seen.push(await version());
        assert.equal((await c.getVersioned('r'))?.value, 'b');
        await c.update('r', (old) => `${old}c`);
        seen.push(await version());
        assert.equal(await c.delete('r'), true);
        assert.equal(await c.getVersioned('r'), undefined);
        await c.put('r', 'd');
        seen.push(await version());
        assert.deepEqual(seen, [...seen].sort((x, y) => x - y), `increasing: ${seen.join(', ')}`);
        assert.equal(new Set(seen).size, seen.length, `never reused: ${seen.join(', ')}`);
      });

      it('when compareAndSet is given the current version, then it writes; given another, it writes nothing', async () => {
        const c = s.collection<string>('cas');
        assert.equal(await c.compareAndSet('r', 1, 'x'), false, 'absent record is at version 0');
        assert.equal(await c.compareAndSet('r', 0, 'a'), true);
        assert.equal(await c.compareAndSet('r', 0, 'b'), false);
        const first = (await c.getVersioned('r'))?.version ?? 0;
        assert.equal(await c.compareAndSet('r', first + 1, 'b'), false);
        assert.equal(await c.get('r'), 'a');
        assert.equal(await c.compareAndSet('r', first, 'b'), true);
        const second = await c.getVersioned('r');
        assert.equal(second?.value, 'b');
        assert.ok((second?.version ?? 0) > first, 'the write gave a greater version');
        assert.equal(await c.compareAndSet('r', first, 'c'), false, 'the version before the write no longer matches');
        assert.equal(await c.compareAndSet('r', second?.version ?? 0, undefined), true);
        assert.equal(await c.get('r'), undefined);
      });

      it('when a record is deleted and created again, then a compareAndSet with a version read before the delete fails', async () => {
        const c = s.collection<string>('offers');
        await c.put('o', 'offered');
        await c.put('o', 'offered again');
        const read = await c.getVersioned('o');
        assert.ok(read);
        assert.equal(await c.delete('o'), true);
        await c.put('o', 'first');
        await c.put('o', 'second');
        assert.equal(await c.compareAndSet('o', read.version, 'accepted'), false);
        assert.equal(await c.get('o'), 'second');
        assert.ok(((await c.getVersioned('o'))?.version ?? 0) > read.version);
      });

      it('when a record is deleted through update and compareAndSet and created again, then the old versions never match', async () => {
        const c = s.collection<number>('claims');
        await c.put('k', 1);
        const v1 = (await c.getVersioned('k'))?.version ?? 0;
        await c.update('k', () => undefined);
        await c.update('k', () => 2);
        const v2 = (await c.getVersioned('k'))?.version ?? 0;
        assert.ok(v2 > v1);
        assert.equal(await c.compareAndSet('k', v2, undefined), true);
        assert.equal(await c.compareAndSet('k', 0, 3), true);
        assert.equal(await c.compareAndSet('k', v1, 9), false);
        assert.equal(await c.compareAndSet('k', v2, 9), false);
        assert.equal(await c.get('k'), 3);
      });

      it('when a transaction deletes a record and a later one creates it again, then the version read before is stale', async () => {
        const c = s.collection<string>('offers');
        const key = [{ collection: 'offers', id: 'o' }];
        await s.transact(key, () => ({ writes: [{ collection: 'offers', id: 'o', value: 'offered' }], result: null }));
        const read = await c.getVersioned('o');
        assert.ok(read);
        await s.transact(key, () => ({ writes: [{ collection: 'offers', id: 'o', value: undefined }], result: null }));
        await s.transact(key, () => ({ writes: [{ collection: 'offers', id: 'o', value: 'offered' }], result: null }));
        const again = await c.getVersioned('o');
        assert.ok(again && again.version > read.version, `${again?.version} > ${read.version}`);
        assert.equal(await c.compareAndSet('o', read.version, 'accepted'), false);
      });
    });

    describe('update', () => {
      it('when update returns a value, then it is stored and returned', async () => {
        const c = s.collection<number>('counters');
        assert.equal(await c.update('n', (old) => (old ?? 0) + 1), 1);
        assert.equal(await c.update('n', (old) => (old ?? 0) + 1), 2);
        assert.equal(await c.get('n'), 2);
      });

      it('when update returns KEEP, then nothing is written and the current value is returned', async () => {
        const c = s.collection<number>('counters');
        await c.put('n', 7);
        const before = await c.getVersioned('n');
        assert.equal(await c.update('n', () => KEEP), 7);
        assert.deepEqual(await c.getVersioned('n'), before);
        assert.equal(await c.update('absent', () => KEEP), undefined);
        assert.equal(await c.get('absent'), undefined);
      });

      it('when update returns undefined, then the record is deleted', async () => {
        const c = s.collection<string>('rooms');
        await c.put('r', 'x');
        assert.equal(await c.update('r', () => undefined), undefined);
        assert.equal(await c.get('r'), undefined);
        assert.equal(await c.delete('r'), false);
        assert.equal(await c.update('never', () => undefined), undefined);
      });

      it('when updates run concurrently, then no increment is lost', async () => {
        const c = s.collection<number>('counters');
        await c.put('n', 0);
        const before = (await c.getVersioned('n'))?.version ?? 0;
        await Promise.all(Array.from({ length: 50 }, () => c.update('n', (old) => (old ?? 0) + 1)));
        const after = await c.getVersioned('n');
        assert.equal(after?.value, 50);
        assert.ok((after?.version ?? 0) >= before + 50, `50 writes, each to a greater version: ${before} -> ${after?.version}`);
      });

      it('when fn throws, then nothing is written and the error reaches the caller', async () => {
        const c = s.collection<number>('counters');
        await c.put('n', 1);
        const before = await c.getVersioned('n');
        await assert.rejects(c.update('n', () => { throw new Error('boom'); }), /boom/);
        assert.deepEqual(await c.getVersioned('n'), before);
        assert.equal(before?.value, 1);
      });
    });

    describe('list', () => {
      it('when ids are listed, then they come in code-point order, by prefix, after a cursor, up to a limit', async () => {
        const c = s.collection<number>('listing');
        const ids = ['b', 'a', 'ab', 'a/2', 'a/10', 'a/1', 'c', '\uE000', '😀', 'A'];
        for (const [i, id] of ids.entries()) await c.put(id, i);
        const all = await c.list();
        assert.deepEqual(all.map(([id]) => id), ['A', 'a', 'a/1', 'a/10', 'a/2', 'ab', 'b', 'c', '\uE000', '😀']);
        assert.deepEqual(all.find(([id]) => id === 'c'), ['c', 6]);
        assert.deepEqual((await c.list({ prefix: 'a/' })).map(([id]) => id), ['a/1', 'a/10', 'a/2']);
        assert.deepEqual((await c.list({ prefix: 'a/', after: 'a/1' })).map(([id]) => id), ['a/10', 'a/2']);
        assert.deepEqual((await c.list({ prefix: 'a', after: 'a/2', limit: 1 })).map(([id]) => id), ['ab']);
        assert.deepEqual((await c.list({ after: 'a/', limit: 2 })).map(([id]) => id), ['a/1', 'a/10']);
        assert.deepEqual((await c.list({ after: 'A' })).length, 9);
        assert.deepEqual(await c.list({ prefix: 'zz' }), []);
        assert.deepEqual(await s.collection('empty').list(), []);
      });

      it('when a collection is paged with the last id as cursor, then every record comes exactly once', async () => {
        const c = s.collection<number>('paging');
        await Promise.all(Array.from({ length: 45 }, (_, i) => c.put(`id-${String(i).padStart(3, '0')}`, i)));
        const seen: number[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await c.list({ prefix: 'id-', limit: 10, ...(after === undefined ? {} : { after }) });
          if (page.length === 0) break;
          seen.push(...page.map(([, v]) => v));
          after = page[page.length - 1]?.[0];
        }
        assert.deepEqual(seen, Array.from({ length: 45 }, (_, i) => i));
      });

      it('when entries are read, then every live record appears once', async () => {
        const c = s.collection<string>('systemProperties');
        await c.put('b', '2');
        await c.put('a', '1');
        await c.put('c', '3');
        await c.delete('c');
        assert.deepEqual(await c.entries(), [['a', '1'], ['b', '2']]);
      });

      it('when entries are read with a prefix, then exactly the live records with that prefix come, in id order, past one list page', async () => {
        const c = s.collection<number>('leases');
        const ids = Array.from({ length: 1005 }, (_, i) => `stream:u${String(i).padStart(4, '0')}`);
        await Promise.all(ids.map((id, i) => c.put(id, i)));
        await c.put('bot', -1);
        await c.put('streamz', -2);
        const got = await c.entries('stream:');
        assert.equal(got.length, 1005);
        assert.deepEqual(got.map(([id]) => id), ids);
      });

      it('when the limit is out of range, then list refuses', async () => {
        const c = s.collection<string>('listing');
        await assert.rejects(c.list({ limit: MAX_LIST + 1 }), StoreUsageError);
        await assert.rejects(c.list({ limit: 0 }), StoreUsageError);
      });
    });

    describe('expiry', () => {
      it('when a ttl passes, then the record reads as absent everywhere and is created anew by the next write', async () => {
        const c = s.collection<string>('leases');
        await c.put('r', 'a', { ttlMs: h.ttlMs });
        await c.put('keep', 'k');
        const v = await c.getVersioned('r');
        assert.ok(v);
        assert.equal(v?.value, 'a');
        assert.ok(v?.expiresAt !== undefined && v.expiresAt > Date.now() - 60_000, 'expiresAt is an epoch ms');
        await h.pass(h.ttlMs + 5);
        assert.equal(await c.get('r'), undefined);
        assert.equal(await c.getVersioned('r'), undefined);
        assert.deepEqual(await c.list(), [['keep', 'k']]);
        assert.deepEqual(await c.entries(), [['keep', 'k']]);
        assert.equal(await c.delete('r'), false);
        assert.equal(await c.update('r', (old) => (old === undefined ? 'fresh' : 'stale')), 'fresh');
        assert.ok(((await c.getVersioned('r'))?.version ?? 0) > v.version, 'the re-created record has a greater version');
      });

      it('when an expired record is compared at version 0, then compareAndSet writes', async () => {
        const c = s.collection<string>('leases');
        await c.put('r', 'a', { ttlMs: h.ttlMs });
        const old = (await c.getVersioned('r'))?.version ?? 0;
        await h.pass(h.ttlMs + 5);
        assert.equal(await c.compareAndSet('r', old, 'x'), false, 'an expired record is at version 0');
        assert.equal(await c.compareAndSet('r', 0, 'b', { ttlMs: 600_000 }), true);
        assert.equal(await c.get('r'), 'b');
      });

      it('when a claim expired and was taken again, then a compareAndSet with the version read before the expiry fails', async () => {
        const c = s.collection<string>('claims');
        await c.put('k', 'mine', { ttlMs: h.ttlMs });
        const read = await c.getVersioned('k');
        assert.ok(read);
        await h.pass(h.ttlMs + 5);
        assert.equal(await c.compareAndSet('k', 0, 'theirs', { ttlMs: 600_000 }), true);
        assert.equal(await c.compareAndSet('k', read.version, 'mine again', { ttlMs: 600_000 }), false);
        assert.equal(await c.compareAndSet('k', read.version, undefined), false);
        assert.equal(await c.get('k'), 'theirs');
        assert.ok(((await c.getVersioned('k'))?.version ?? 0) > read.version);
      });

      it('when a record with a ttl is written without one, then it no longer expires', async () => {
        const c = s.collection<string>('leases');
        await c.put('r', 'a', { ttlMs: h.ttlMs });
        await c.update('r', () => 'b');
        assert.equal((await c.getVersioned('r'))?.expiresAt, undefined);
        await h.pass(h.ttlMs + 5);
        assert.equal(await c.get('r'), 'b');
      });

      it('when update renews a ttl, then the record lives on from the renewal', async () => {
        const c = s.collection<number>('leases');
        await c.put('r', 1, { ttlMs: 600_000 });
        await c.update('r', (n) => (n ?? 0) + 1, { ttlMs: 600_000 });
        assert.equal(await c.get('r'), 2);
        assert.ok(((await c.getVersioned('r'))?.expiresAt ?? 0) > Date.now() - 60_000);
      });
    });

    describe('transact', () => {
      it('when a transaction writes several collections, then all writes land and its result is returned', async () => {
        await s.collection<string>('offers').put('o1', 'open');
        await s.collection<string>('offers').put('o2', 'open');
        const keys = [
          { collection: 'offers', id: 'o1' },
          { collection: 'offers', id: 'o2' },
          { collection: 'agentLoad', id: 'alice' },
        ];
        const result = await s.transact(keys, (cur) => {
          assert.deepEqual(cur, ['open', 'open', undefined]);
          return {
            writes: [
              { collection: 'offers', id: 'o1', value: 'accepted' },
              { collection: 'offers', id: 'o2', value: undefined },
              { collection: 'agentLoad', id: 'alice', value: 1 },
            ],
            result: 'won',
          };
        });
        assert.equal(result, 'won');
        assert.equal(await s.collection('offers').get('o1'), 'accepted');
        assert.equal(await s.collection('offers').get('o2'), undefined);
        assert.equal(await s.collection('agentLoad').get('alice'), 1);
      });

      it('when a transaction writes a record it did not list, then it refuses and writes nothing', async () => {
        await s.collection<number>('a').put('x', 1);
        await assert.rejects(
          s.transact([{ collection: 'a', id: 'x' }], () => ({
            writes: [{ collection: 'a', id: 'x', value: 2 }, { collection: 'b', id: 'y', value: 3 }],
            result: undefined,
          })),
          StoreUsageError,
        );
        assert.equal(await s.collection('a').get('x'), 1);
        assert.equal(await s.collection('b').get('y'), undefined);
      });

      it('when transactions run concurrently, then each sees the others and none is lost', async () => {
        const keys = [{ collection: 'queue', id: 'taken' }, { collection: 'agentLoad', id: 'bob' }];
        await Promise.all(Array.from({ length: 30 }, () => s.transact(keys, ([taken, load]) => ({
          writes: [
            { collection: 'queue', id: 'taken', value: ((taken as number | undefined) ?? 0) + 1 },
            { collection: 'agentLoad', id: 'bob', value: ((load as number | undefined) ?? 0) + 2 },
          ],
          result: null,
        }))));
        assert.equal(await s.collection('queue').get('taken'), 30);
        assert.equal(await s.collection('agentLoad').get('bob'), 60);
      });

      it('when a transaction writes with a ttl, then that record expires', async () => {
        await s.transact([{ collection: 'leases', id: 't' }], () => ({ writes: [{ collection: 'leases', id: 't', value: 'x', ttlMs: h.ttlMs }], result: 0 }));
        assert.equal(await s.collection('leases').get('t'), 'x');
        await h.pass(h.ttlMs + 5);
        assert.equal(await s.collection('leases').get('t'), undefined);
      });
    });

    describe('usage errors', () => {
      it('when a name, id, ttl or value is not acceptable, then the call is refused with StoreUsageError', async () => {
        assert.throws(() => s.collection('Bad Name'), StoreUsageError);
        assert.throws(() => s.collection('has:colon'), StoreUsageError);
        const c = s.collection<unknown>('ok');
        await assert.rejects(c.put('', 1), StoreUsageError);
        await assert.rejects(c.put('\uD800x', 1), StoreUsageError);
        await assert.rejects(c.put('x'.repeat(5000), 1), StoreUsageError);
        await assert.rejects(c.put('x', 1, { ttlMs: 0 }), StoreUsageError);
        await assert.rejects(c.put('x', 1, { ttlMs: 1.5 }), StoreUsageError);
        await assert.rejects(c.put('x', undefined), StoreUsageError);
        await assert.rejects(c.put('x', () => 1), StoreUsageError);
        await assert.rejects(c.put('x', 10n), StoreUsageError);
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await assert.rejects(c.put('x', cyclic), StoreUsageError);
        assert.equal(await c.get('x'), undefined);
        await assert.rejects(c.compareAndSet('x', -1, 1), StoreUsageError);
        await assert.rejects(s.transact([{ collection: 'ok', id: 'x' }, { collection: 'ok', id: 'x' }], () => ({ writes: [], result: 0 })), StoreUsageError);
      });
    });
  });
}
