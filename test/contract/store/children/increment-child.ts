/**
 * Child process of the Redis store contract: `tsx increment-child.ts <redisUrl> <keyPrefix> <n>`
 * increments counters/n n times through its own store, printing "ready" first and "done" last.
 */
import { closeRedis, connectRedis } from '../../../../gateway/redis/index.js';
import { createRedisStore } from '../../../../gateway/store/index.js';

const [url, keyPrefix, n] = process.argv.slice(2) as [string, string, string];
const redis = await connectRedis({ url, name: 'store-test-child' });
const c = createRedisStore({ redis, keyPrefix }).collection<number>('counters');
process.stdout.write('ready\n');
for (let i = 0; i < Number(n); i++) await c.update('n', (v) => (v ?? 0) + 1);
await closeRedis(redis);
process.stdout.write('done\n');
