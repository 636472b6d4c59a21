/** gateway/redis's connection policy, against a real redis-server: fail fast while down, come back by itself. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { closeRedis, connectRedis } from '../../../gateway/redis/index.js';
import { createRedisStore, StorePersistError } from '../../../gateway/store/index.js';
import { freePort } from '../../harness/free-port.js';
import { startRedis } from '../../harness/redis-instance.js';

describe('redis connection', () => {
  it('when nothing listens at the URL, then connectRedis rejects within its ready timeout', async () => {
    const port = await freePort();
    const t0 = Date.now();
    await assert.rejects(connectRedis({ url: `redis://127.0.0.1:${port}`, readyTimeoutMs: 300 }), /not reachable within 300 ms/);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('when Redis stops, then writes fail at once with StorePersistError; when it is back, the same connection works again', async function () {
    this.timeout(20_000);
    const first = await startRedis();
    const redis = await connectRedis({ url: first.url });
    try {
      const rooms = createRedisStore({ redis, keyPrefix: 'c:' }).collection<string>('rooms');
      await rooms.put('r', 'before');
      await first.stop();
      const t0 = Date.now();
      await assert.rejects(rooms.put('r', 'during'), StorePersistError);
      assert.ok(Date.now() - t0 < 1000, 'no offline queue: the write fails at once');
      const second = await startRedis({ port: first.port });
      try {
        if (redis.status !== 'ready') await once(redis, 'ready');
        await rooms.put('r', 'after');
        assert.equal(await rooms.get('r'), 'after');
      } finally {
        await second.stop();
      }
    } finally {
      await closeRedis(redis);
    }
  });
});
