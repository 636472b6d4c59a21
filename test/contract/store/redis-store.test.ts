import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { closeRedis, connectRedis, type Redis } from '../../../gateway/redis/index.js';
import { createRedisStore, StorePersistError, type Store } from '../../../gateway/store/index.js';
import { startRedis, type RedisInstance } from '../../harness/redis-instance.js';
import { describeStoreContract } from './store-contract.js';

let server: RedisInstance;
const clients: Redis[] = [];
const prefix = (): string => `t${randomBytes(4).toString('hex')}:`;
const client = async (): Promise<Redis> => {
  const r = await connectRedis({ url: server.url, name: 'store-test' });
  clients.push(r);
  return r;
};

before(async () => {
  server = await startRedis();
});
after(async () => {
  await Promise.all(clients.map((c) => closeRedis(c)));
  await server?.stop();
});

describeStoreContract('redis', () => {
  const keyPrefix = prefix();
  return {
    open: async () => createRedisStore({ redis: await client(), keyPrefix }),
    // long enough that a write and the read right after it never straddle the expiry on a busy machine
    // (the suite runs two mocha processes side by side): 40 ms was once exceeded
    ttlMs: 400,
    pass: (ms) => new Promise((r) => setTimeout(r, ms)), // Redis expires by its own clock: real time must pass
  };
});

describe('store: redis, several clients', () => {
  it('when two connections update the same record concurrently, then every increment lands (conflicts are retried)', async () => {
    const keyPrefix = prefix();
    const a = createRedisStore({ redis: await client(), keyPrefix });
    const b = createRedisStore({ redis: await client(), keyPrefix });
    const inc = (s: Store) => s.collection<number>('counters').update('n', (n) => (n ?? 0) + 1);
    await Promise.all(Array.from({ length: 40 }, (_, i) => inc(i % 2 ? a : b)));
    const n = await a.collection('counters').getVersioned('n');
    assert.equal(n?.value, 40);
    assert.ok((n?.version ?? 0) >= 40, `40 writes, each to a greater version: ${n?.version}`);
  });

  it('when one connection deletes a record and another creates it again, then a compareAndSet with the version read before fails', async () => {
    const keyPrefix = prefix();
    const a = createRedisStore({ redis: await client(), keyPrefix }).collection<string>('offers');
    const b = createRedisStore({ redis: await client(), keyPrefix }).collection<string>('offers');
    await a.put('o', 'offered');
    await a.put('o', 'offered to bob');
    const stale = await a.getVersioned('o');
    assert.ok(stale);
    assert.equal(await b.delete('o'), true);
    await b.put('o', 'offered anew');
    await b.put('o', 'offered anew to bob');
    assert.equal(await a.compareAndSet('o', stale.version, 'accepted by alice'), false);
    assert.equal(await a.get('o'), 'offered anew to bob');
    assert.ok(((await b.getVersioned('o'))?.version ?? 0) > stale.version);
  });

  it('when two connections write, then every version given is distinct and each connection sees them increase', async () => {
    const keyPrefix = prefix();
    const stores = [createRedisStore({ redis: await client(), keyPrefix }), createRedisStore({ redis: await client(), keyPrefix })];
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      const c = (stores[i % 2] as Store).collection<number>('claims');
      await c.put(`k${i % 3}`, i, i % 4 === 0 ? { ttlMs: 60_000 } : undefined);
      seen.push((await c.getVersioned(`k${i % 3}`))?.version ?? 0);
    }
    assert.deepEqual(seen, [...seen].sort((x, y) => x - y), `increasing: ${seen.join(', ')}`);
    assert.equal(new Set(seen).size, seen.length, `never reused: ${seen.join(', ')}`);
  });

  it('when a record was written before the version counter existed, then the next write still gives it a greater version', async () => {
    const keyPrefix = prefix();
    const r = await client();
    await r.set(`${keyPrefix}s:offers:o`, '{"v":7,"d":"old"}');
    await r.zadd(`${keyPrefix}si:offers`, 0, 'o');
    const c = createRedisStore({ redis: r, keyPrefix }).collection<string>('offers');
    assert.equal(await c.compareAndSet('o', 7, 'new'), true);
    assert.ok(((await c.getVersioned('o'))?.version ?? 0) > 7);
    await c.put('other', 'x');
    assert.ok(((await c.getVersioned('other'))?.version ?? 0) > 8, 'the counter moved past the old record');
    assert.ok(Number(await r.get(`${keyPrefix}v`)) > 8);
  });

  it('when two connections run transactions over the same records, then none is lost and each is all-or-nothing', async () => {
    const keyPrefix = prefix();
    const stores = [createRedisStore({ redis: await client(), keyPrefix }), createRedisStore({ redis: await client(), keyPrefix })];
    const keys = [{ collection: 'offers', id: 'o' }, { collection: 'agentLoad', id: 'x' }];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (stores[i % 2] as Store).transact(keys, ([o, l]) => ({
      writes: [
        { collection: 'offers', id: 'o', value: ((o as number | undefined) ?? 0) + 1 },
        { collection: 'agentLoad', id: 'x', value: ((l as number | undefined) ?? 0) + 1 },
      ],
      result: null,
    }))));
    assert.equal(await stores[0]?.collection('offers').get('o'), 30);
    assert.equal(await stores[1]?.collection('agentLoad').get('x'), 30);
  });

  it('when another OS process increments the same record while this one does, then the total is 2N', async () => {
    const keyPrefix = prefix();
    const n = 150;
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./children/increment-child.ts', import.meta.url)), server.url, keyPrefix, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childDone = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`))));
    });
    const s = createRedisStore({ redis: await client(), keyPrefix });
    const c = s.collection<number>('counters');
    // Start once the child is running its loop, so the two really overlap.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    for (let i = 0; i < n; i++) await c.update('n', (v) => (v ?? 0) + 1);
    assert.match(await childDone, /done/);
    assert.equal(await c.get('n'), 2 * n);
  });

  it('when a record expires, then its id leaves the index the next time a list meets it', async () => {
    const keyPrefix = prefix();
    const r = await client();
    const s = createRedisStore({ redis: r, keyPrefix });
    const c = s.collection<string>('leases');
    await c.put('gone', 'x', { ttlMs: 20 });
    await c.put('stays', 'y');
    assert.equal(await r.zcard(`${keyPrefix}si:leases`), 2);
    await new Promise((res) => setTimeout(res, 40));
    assert.deepEqual(await c.list(), [['stays', 'y']]);
    assert.deepEqual(await r.zrange(`${keyPrefix}si:leases`, 0, -1), ['stays']);
  });

  it('when a page meets many expired ids, then it still fills up to its limit', async () => {
    const keyPrefix = prefix();
    const c = createRedisStore({ redis: await client(), keyPrefix }).collection<number>('leases');
    await Promise.all(Array.from({ length: 300 }, (_, i) => c.put(`a${String(i).padStart(3, '0')}`, i, { ttlMs: 20 })));
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.put(`b${i}`, i)));
    await new Promise((res) => setTimeout(res, 40));
    assert.deepEqual((await c.list({ limit: 3 })).map(([id]) => id), ['b0', 'b1', 'b2']);
  });
});

describe('store: redis failures', () => {
  it('when the connection is closed, then a write rejects with StorePersistError and the old value stays', async () => {
    const keyPrefix = prefix();
    const r = await connectRedis({ url: server.url });
    const s = createRedisStore({ redis: r, keyPrefix });
    await s.collection<string>('rooms').put('r', 'old');
    const before = await s.collection<string>('rooms').getVersioned('r');
    await closeRedis(r);
    await assert.rejects(s.collection<string>('rooms').put('r', 'new'), StorePersistError);
    await assert.rejects(s.collection<string>('rooms').update('r', () => 'new'));
    await assert.rejects(s.transact([{ collection: 'rooms', id: 'r' }], () => ({ writes: [{ collection: 'rooms', id: 'r', value: 'new' }], result: 0 })));
    const fresh = createRedisStore({ redis: await client(), keyPrefix });
    assert.deepEqual(await fresh.collection('rooms').getVersioned('r'), before);
  });

});
