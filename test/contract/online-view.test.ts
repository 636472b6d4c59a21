/**
 * The online view over each storage: a Map (one instance), the Store on its memory backend, and
 * the Store on Redis (a real redis-server). Two views over one storage stand for two instances:
 * they apply events concurrently and must agree, losing none.
 */
import assert from 'node:assert/strict';
import { createMemoryPresenceStorage, createPresenceView, createStorePresenceStorage, type PresenceStorage, type PresenceView } from '../../gateway/presence/index.js';
import { connectRedis, type Redis } from '../../gateway/redis/index.js';
import { createMemoryStore, createRedisStore } from '../../gateway/store/index.js';
import type { HookEvent, PresenceShow } from '../../hooks/index.js';
import { redisAvailable, startRedis, type RedisInstance } from '../harness/redis-instance.js';
import { unique } from '../kit/unique.js';

let n = 0;
const env = () => ({ v: 1 as const, id: `h-b-${++n}`, host: 'localhost', ts: n });
const set = (jid: string, resource: string, show: PresenceShow, priority: number): HookEvent => ({ ...env(), event: 'presence_set', jid, resource, show, status: '', priority });
const unset = (jid: string, resource: string): HookEvent => ({ ...env(), event: 'presence_unset', jid, resource, status: '' });

/** The storages of two instances over one shared state (the same object when it is a Map in one process). */
type Storages = () => Promise<[PresenceStorage, PresenceStorage]>;

function contract(label: string, makeStorages: Storages): void {
  describe(`online view contract: ${label}`, () => {
    let a: PresenceView;
    let b: PresenceView;
    let jid: string;
    beforeEach(async () => {
      const [first, second] = await makeStorages();
      a = createPresenceView({ storage: first });
      b = createPresenceView({ storage: second });
      jid = `${unique('agent')}@localhost`;
    });

    it('when one view applies presence, then the other answers the same', async () => {
      await a.apply(set(jid, 'desk', 'dnd', 5));
      await a.apply(set(jid, 'phone', 'away', 1));
      assert.equal(await b.isOnline(jid), true);
      assert.deepEqual(await b.get(jid), await a.get(jid));
      assert.equal((await b.get(jid))?.show, 'dnd');
      assert.ok((await b.online()).includes(jid));
      await b.apply(unset(jid, 'desk'));
      assert.equal((await a.get(jid))?.show, 'away');
      await a.apply(unset(jid, 'phone'));
      assert.equal(await b.isOnline(jid), false);
      assert.ok(!(await b.online()).includes(jid));
    });

    it('when two views apply events of one JID concurrently, then none is lost and both agree', async () => {
      const resources = Array.from({ length: 12 }, (_, i) => `r${i}`);
      await Promise.all(resources.map((r, i) => (i % 2 ? a : b).apply(set(jid, r, 'chat', i))));
      const seen = await a.get(jid);
      assert.deepEqual(seen?.resources.map((r) => r.resource).sort(), [...resources].sort());
      assert.equal(seen?.resource, 'r11', 'the highest priority');
      assert.deepEqual(await b.get(jid), seen);
      await Promise.all(resources.map((r, i) => (i % 2 ? b : a).apply(unset(jid, r))));
      assert.equal(await a.isOnline(jid), false);
      assert.equal(await b.isOnline(jid), false);
    });

    it('when priorities tie, then both views rank the most recently set resource first', async () => {
      await a.apply(set(jid, 'one', 'dnd', 0));
      await b.apply(set(jid, 'two', 'xa', 0));
      assert.equal((await a.get(jid))?.show, 'xa');
      await b.apply(set(jid, 'one', 'away', 0));
      assert.equal((await a.get(jid))?.show, 'away');
      assert.deepEqual(await a.get(jid), await b.get(jid));
    });

    it('when a view applies a change, then its own listeners hear it, the other view\'s do not (each event is consumed once)', async () => {
      const heard: string[] = [];
      a.onChange((who, now) => who === jid && heard.push(`a:${now?.show ?? 'offline'}`));
      b.onChange((who, now) => who === jid && heard.push(`b:${now?.show ?? 'offline'}`));
      await a.apply(set(jid, 'desk', 'chat', 0));
      await b.apply(unset(jid, 'desk'));
      assert.deepEqual(heard, ['a:chat', 'b:offline']);
    });

    it('when a second instance seeds from a snapshot, then it adds only what the view lacks', async () => {
      await a.apply(set(jid, 'desk', 'dnd', 3));
      assert.equal(await b.seedResource(`${jid}/desk`, { resource: 'desk', show: 'available', status: 'old snapshot', priority: 0 }), false);
      assert.equal((await a.get(jid))?.show, 'dnd');
    });
  });
}

contract('memory map', async () => {
  const storage = createMemoryPresenceStorage();
  return [storage, storage];
});
contract('Store (memory backend)', async () => {
  const store = createMemoryStore();
  return [createStorePresenceStorage(store), createStorePresenceStorage(store)];
});

describe('online view on the Redis Store', function () {
  let redis: RedisInstance | undefined;
  const clients: Redis[] = [];
  before(async function () {
    if (!redisAvailable()) this.skip();
    this.timeout(20000);
    redis = await startRedis();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });
  contract('Store (Redis backend, one connection per instance)', async () => {
    const keyPrefix = `${unique('t')}:`;
    const connect = async (): Promise<Redis> => {
      const c = await connectRedis({ url: redis?.url ?? '' });
      clients.push(c);
      return c;
    };
    // two stores over one Redis, each on its own connection: two instances
    return [createStorePresenceStorage(createRedisStore({ redis: await connect(), keyPrefix })), createStorePresenceStorage(createRedisStore({ redis: await connect(), keyPrefix }))];
  });
});

