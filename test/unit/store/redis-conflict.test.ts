import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createRedisStore, MAX_ATTEMPTS, StoreConflictError } from '../../../gateway/store/index.js';

/** A connection whose record always moved on by the time the write arrives. */
function everMovingRedis(): { redis: Redis; casCalls: () => number } {
  let calls = 0;
  const fake = {
    defineCommand() {},
    async get() {
      return '{"v":1,"d":0}';
    },
    async mget(keys: string[]) {
      return keys.map(() => '{"v":1,"d":0}');
    },
    async ofgateCas() {
      calls++;
      return [0, 2];
    },
    async ofgateTransact() {
      calls++;
      return 0;
    },
  };
  return { redis: fake as unknown as Redis, casCalls: () => calls };
}

describe('store: redis conflict bound', () => {
  it('when every write conflicts, then update gives up with StoreConflictError after MAX_ATTEMPTS tries', async () => {
    const { redis, casCalls } = everMovingRedis();
    const c = createRedisStore({ redis, keyPrefix: 'x:' }).collection<number>('counters');
    let runs = 0;
    await assert.rejects(c.update('n', (v) => { runs++; return (v ?? 0) + 1; }), StoreConflictError);
    assert.equal(runs, MAX_ATTEMPTS);
    assert.equal(casCalls(), MAX_ATTEMPTS);
  });

  it('when every transaction conflicts, then transact gives up with StoreConflictError', async () => {
    const { redis, casCalls } = everMovingRedis();
    const s = createRedisStore({ redis, keyPrefix: 'x:' });
    await assert.rejects(s.transact([{ collection: 'a', id: 'b' }], () => ({ writes: [{ collection: 'a', id: 'b', value: 1 }], result: 0 })), StoreConflictError);
    assert.equal(casCalls(), MAX_ATTEMPTS);
  });
});
