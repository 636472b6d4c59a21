/**
 * The rate limiter on each store backend: memory (one object shared by both "instances"),
 * embedded (one data directory, one store) and Redis (a real redis-server, two connections: two
 * instances). Then what only Redis needs: the sweep that drops expired buckets' ids from the
 * collection's index.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeRedis, connectRedis, type Redis } from '../../../gateway/redis/index.js';
import { createRateLimiter, RATE_LIMIT_COLLECTION } from '../../../gateway/rate-limit/index.js';
import { createEmbeddedStore, createMemoryStore, createRedisStore } from '../../../gateway/store/index.js';
import { startRedis, type RedisInstance } from '../../harness/redis-instance.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { unique } from '../../kit/unique.js';
import { describeRateLimiterContract } from './rate-limiter-contract.js';

let server: RedisInstance | undefined;
const connections: Redis[] = [];
const connection = async (): Promise<Redis> => {
  if (!server) throw new Error('redis-server was not started');
  const r = await connectRedis({ url: server.url, name: 'rate-limit-test' });
  connections.push(r);
  return r;
};

before(async () => {
  server = await startRedis();
});
after(async () => {
  await Promise.all(connections.map((c) => closeRedis(c)));
  await server?.stop();
});

describeRateLimiterContract('memory', {
  async open(clock) {
    const store = createMemoryStore({ clock });
    return { stores: [store, store], close: () => store.close() };
  },
});

describeRateLimiterContract('embedded', {
  async open(clock) {
    const dir = mkdtempSync(join(tmpdir(), 'ofgate-rate-'));
    const store = await createEmbeddedStore({ dir, clock });
    return {
      stores: [store, store],
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describeRateLimiterContract('redis', {
  async open() {
    const keyPrefix = `${unique('rl')}:`;
    const stores = [createRedisStore({ redis: await connection(), keyPrefix }), createRedisStore({ redis: await connection(), keyPrefix })] as const;
    return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
  },
});

/** Resolves once `check` holds, polling Redis (which expires keys by its own clock); bounded. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('rate limiter: redis, the expired-id sweep', () => {
  it('when many buckets expired, then the next sweeps drop their ids from the index and only live buckets stay', async () => {
    const keyPrefix = `${unique('rl')}:`;
    const redis = await connection();
    const clock = createFakeClock(Date.now());
    const limiter = createRateLimiter({ store: createRedisStore({ redis, keyPrefix }), clock, sweepEvery: 8 });
    const index = `${keyPrefix}si:${RATE_LIMIT_COLLECTION}`;
    const shortLived = { limit: 1, windowMs: 20 };
    for (let i = 0; i < 200; i++) assert.equal((await limiter.take([{ key: `addr:${i}`, limit: shortLived }])).allowed, true);
    await eventually('every short bucket expired', async () => (await redis.keys(`${keyPrefix}s:${RATE_LIMIT_COLLECTION}:*`)).length === 0);

    const longLived = { limit: 10, windowMs: 60_000 };
    for (let i = 0; i < 24; i++) assert.equal((await limiter.take([{ key: `wg:${i}`, limit: longLived }])).allowed, true);
    assert.equal(await redis.zcard(index), 24, 'only the live buckets are left');
  });

  it('when sweeping is off, then expired ids stay in the index (what the sweep is for)', async () => {
    const keyPrefix = `${unique('rl')}:`;
    const redis = await connection();
    const limiter = createRateLimiter({ store: createRedisStore({ redis, keyPrefix }), clock: createFakeClock(Date.now()), sweepEvery: 0 });
    for (let i = 0; i < 40; i++) await limiter.take([{ key: `addr:${i}`, limit: { limit: 1, windowMs: 20 } }]);
    await eventually('every bucket expired', async () => (await redis.keys(`${keyPrefix}s:${RATE_LIMIT_COLLECTION}:*`)).length === 0);
    for (let i = 0; i < 40; i++) await limiter.take([{ key: `wg:${i}`, limit: { limit: 1, windowMs: 60_000 } }]);
    assert.equal(await redis.zcard(`${keyPrefix}si:${RATE_LIMIT_COLLECTION}`), 80);
  });
});
