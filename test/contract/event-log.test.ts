/**
 * The event log contract, on both adapters (memory; Redis Streams against a real redis-server),
 * and the SSE hub over two instances sharing one Redis log.
 */
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { compareEventIds, createMemoryEventLog, createRedisEventLog, type EventLog, type LoggedEvent, type LogWatcher, type ReadResult } from '../../gateway/events/index.js';
import { silentLogger } from '../../gateway/log/index.js';
import { createEventHub, type ChatEvent, type EventHub } from '../../gateway/sse/index.js';
import { createMemorySink } from '../kit/memory-sink.js';
import { unique } from '../kit/unique.js';
import { redisAvailable, startRedis, type RedisInstance } from '../harness/redis-instance.js';

interface Limits {
  maxEvents: number;
  maxBytes: number;
}
type Maker = (limits: Limits, instanceId?: string) => EventLog;

const settle = async <T>(v: T | Promise<T>): Promise<T> => v;
const names = (events: readonly LoggedEvent[]): string[] => events.map((e) => e.data);

function collect(): LogWatcher & { got: LoggedEvent[]; drops: number; resyncs: number } {
  const w = {
    got: [] as LoggedEvent[],
    drops: 0,
    resyncs: 0,
    event(e: LoggedEvent) {
      w.got.push(e);
    },
    dropped() {
      w.drops++;
    },
    resync() {
      w.resyncs++;
    },
  };
  return w;
}

async function until(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function contract(label: string, make: () => Maker): void {
  describe(`event log contract: ${label}`, () => {
    const user = (): string => unique('u').toLowerCase();

    it('when events are appended, then ids increase and readAfter(undefined) gives them all, in order', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      const ids = [await settle(log.append(u, 'chatapi.chat', '"a"')), await settle(log.append(u, 'chatapi.chat', '"b"'))];
      assert.ok(compareEventIds(ids[0] as string, ids[1] as string) < 0, `${ids[0]} before ${ids[1]}`);
      const r = await settle(log.readAfter(u, undefined));
      assert.deepEqual(names(r.events), ['"a"', '"b"']);
      assert.deepEqual(r.events.map((e) => e.id), ids);
      assert.equal(r.complete, true);
    });

    it('when read after an id, then exactly the later events come, complete', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      const first = await settle(log.append(u, 'chatapi.chat', '1'));
      await settle(log.append(u, 'chatapi.chat', '2'));
      await settle(log.append(u, 'chatapi.chat', '3'));
      const r = await settle(log.readAfter(u, first));
      assert.deepEqual(names(r.events), ['2', '3']);
      assert.equal(r.complete, true);
    });

    it('when more events than maxEvents are appended, then the oldest go and an old id reads incomplete', async () => {
      const log = make()({ maxEvents: 3, maxBytes: 1 << 20 });
      const u = user();
      const first = await settle(log.append(u, 'chatapi.chat', '1'));
      for (const n of ['2', '3', '4', '5']) await settle(log.append(u, 'chatapi.chat', n));
      assert.deepEqual(names((await settle(log.readAfter(u, undefined))).events), ['3', '4', '5']);
      const r = await settle(log.readAfter(u, first));
      assert.equal(r.complete, false);
      assert.deepEqual(names(r.events), ['3', '4', '5']);
    });

    it('when events exceed maxBytes, then the oldest go until the bytes fit (a big event cannot pin the log)', async () => {
      const log = make()({ maxEvents: 500, maxBytes: 3000 });
      const u = user();
      const big = JSON.stringify('x'.repeat(1000));
      for (let i = 0; i < 10; i++) await settle(log.append(u, 'chatapi.chat', big));
      const kept = (await settle(log.readAfter(u, undefined))).events;
      assert.ok(kept.length >= 1 && kept.length <= 2, `kept ${kept.length}`);
      await settle(log.append(u, 'chatapi.chat', JSON.stringify('y'.repeat(5000))));
      assert.equal((await settle(log.readAfter(u, undefined))).events.length, 0);
    });

    it('when an id is unknown or garbage, then everything retained is given, marked incomplete', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      await settle(log.append(u, 'chatapi.chat', '1'));
      for (const bad of ['garbage', '99999999999999-1']) {
        const r = await settle(log.readAfter(u, bad));
        assert.equal(r.complete, false, bad);
        assert.deepEqual(names(r.events), ['1']);
      }
    });

    it('when a user is watched, then each later append reaches the watcher once, in order; unwatched, no more', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      const w = collect();
      const off = log.watch(u, w);
      await settle(log.readAfter(u, undefined)); // waits until the watch is active
      for (const n of ['1', '2', '3']) await settle(log.append(u, 'chatapi.chat', n));
      await until('three events', () => w.got.length >= 3);
      assert.deepEqual(names(w.got), ['1', '2', '3']);
      off();
      await settle(log.append(u, 'chatapi.chat', '4'));
      await settle(log.append(user(), 'chatapi.chat', 'other user'));
      await new Promise((r) => setImmediate(r));
      assert.equal(w.got.length, 3);
    });

    it('when maxEvents is 0, then nothing is retained but watchers still get events', async () => {
      const log = make()({ maxEvents: 0, maxBytes: 1 << 20 });
      const u = user();
      const w = collect();
      log.watch(u, w);
      await settle(log.readAfter(u, undefined));
      await settle(log.append(u, 'chatapi.chat', '1'));
      await until('the event', () => w.got.length === 1);
      assert.deepEqual((await settle(log.readAfter(u, undefined))).events, []);
    });

    it('when a user is dropped, then the events are gone and watchers are told', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      const w = collect();
      log.watch(u, w);
      await settle(log.readAfter(u, undefined));
      await settle(log.append(u, 'chatapi.chat', '1'));
      await settle(log.drop(u));
      await until('the drop', () => w.drops === 1);
      assert.deepEqual((await settle(log.readAfter(u, undefined))).events, []);
    });

    it('when a stream is open, then appends count as delivered; a replay marks what it handed over', async () => {
      const log = make()({ maxEvents: 10, maxBytes: 1 << 20 });
      const u = user();
      const offline = await settle(log.append(u, 'chatapi.chat', 'offline'));
      assert.equal(await settle(log.deliveredUpTo(u)), undefined);
      log.markDelivered(u, offline);
      const marked = async (id: string): Promise<void> => {
        const deadline = Date.now() + 2000;
        while ((await settle(log.deliveredUpTo(u))) !== id) {
          if (Date.now() > deadline) assert.fail(`delivered should reach ${id}`);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await marked(offline);
      log.setListeners(u, 1);
      await new Promise((r) => setTimeout(r, 20)); // the mark is written without waiting (Redis)
      const live = await settle(log.append(u, 'chatapi.chat', 'live'));
      assert.equal(await settle(log.deliveredUpTo(u)), live);
      log.markDelivered(u, offline); // older: ignored
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await settle(log.deliveredUpTo(u)), live);
      log.setListeners(u, 0);
    });
  });
}

contract('memory', () => (l) => createMemoryEventLog({ ...l, maxTotalBytes: 1 << 30, epoch: Date.now() }));

describe('event log: memory total bound', () => {
  it('when all users together exceed maxTotalBytes, then the least recently active lose their events first', () => {
    const log = createMemoryEventLog({ maxEvents: 100, maxBytes: 1 << 20, maxTotalBytes: 2000, epoch: 1 });
    const ev = JSON.stringify('z'.repeat(400));
    log.append('old', 'chatapi.chat', ev);
    log.append('old', 'chatapi.chat', ev);
    log.append('new', 'chatapi.chat', ev);
    log.append('new', 'chatapi.chat', ev);
    log.append('new', 'chatapi.chat', ev);
    const oldKept = (log.readAfter('old', undefined) as ReadResult).events.length;
    const newKept = (log.readAfter('new', undefined) as ReadResult).events.length;
    assert.equal(newKept, 3);
    assert.ok(oldKept < 2, `old kept ${oldKept}`);
  });
});

describe('event log on Redis', function () {
  let redis: RedisInstance | undefined;
  const clients: Redis[] = [];
  const logs: EventLog[] = [];
  const prefix = `t${process.pid}:`;
  const client = (): Redis => {
    const c = new Redis(redis?.url ?? '', { lazyConnect: false, maxRetriesPerRequest: 2 });
    clients.push(c);
    return c;
  };
  const redisLog: Maker = (l, instanceId = 'a') => {
    const log = createRedisEventLog({ redis: client(), subscriber: client(), keyPrefix: prefix, instanceId, ...l });
    logs.push(log);
    return log;
  };

  before(async function () {
    if (!redisAvailable()) this.skip();
    this.timeout(20000);
    redis = await startRedis();
  });
  after(async () => {
    await Promise.all(logs.map((l) => l.close()));
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  contract('redis', () => redisLog);

  it('when two instances share the log, then a stream on one hears of listeners on the other', async () => {
    const a = redisLog({ maxEvents: 10, maxBytes: 1 << 20 }, 'a');
    const b = redisLog({ maxEvents: 10, maxBytes: 1 << 20 }, 'b');
    const u = unique('u').toLowerCase();
    assert.equal(await b.hasListeners(u), false);
    a.setListeners(u, 2);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await b.hasListeners(u), true);
    a.setListeners(u, 0);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await b.hasListeners(u), false);
  });

  it('when tabs are open on two hubs and events are published on both, then each tab gets every event once, in order', async () => {
    const hubs: EventHub[] = ['a', 'b'].map((id) =>
      createEventHub({ log: redisLog({ maxEvents: 100, maxBytes: 1 << 20 }, id), maxBufferedBytes: 1 << 20, heartbeatSeconds: 10, logger: silentLogger }),
    );
    const [ha, hb] = hubs as [EventHub, EventHub];
    const u = unique('u').toLowerCase();
    const ev = (n: number): ChatEvent => ({ name: 'chatapi.chat', data: { body: String(n) } });
    ha.publish(u, ev(0)); // before any tab: replayed to the first one
    await new Promise((r) => setTimeout(r, 30));
    const tabA = createMemorySink();
    const tabB = createMemorySink();
    ha.subscribe(u, tabA);
    await until('tab A replay', () => tabA.events().length === 1);
    hb.subscribe(u, tabB, tabA.events()[0]?.id);
    await new Promise((r) => setTimeout(r, 30));
    for (let i = 1; i <= 20; i++) (i % 2 ? ha : hb).publish(u, ev(i));
    await until('20 events on A', () => tabA.events().length === 21);
    await until('20 events on B', () => tabB.events().length === 20);
    const bodies = (s: ReturnType<typeof createMemorySink>): number[] => s.events().map((e) => Number((JSON.parse(e.data) as { body: string }).body));
    // publishes from two hubs race to Redis: the order is Redis's, the same for both tabs
    assert.deepEqual(bodies(tabB), bodies(tabA).slice(1));
    assert.deepEqual([...bodies(tabA)].sort((x, y) => x - y), Array.from({ length: 21 }, (_, i) => i));
    const ids = tabA.events().map((e) => e.id);
    assert.deepEqual(ids, [...new Set(ids)]);
    // a reconnect on the other instance with Last-Event-ID gets exactly what came after
    const again = createMemorySink();
    hb.subscribe(u, again, ids[10]);
    await until('the replay', () => again.events().length === 10);
    assert.deepEqual(again.events().map((e) => e.id), ids.slice(11));
    ha.publish(u, ev(99)); // the logoff's last event, then the drop
    ha.forget(u);
    await until('tab B closed by the drop on A', () => tabB.closed);
    await until('tab A closed by its own drop', () => tabA.closed);
    for (const tab of [tabA, tabB]) assert.equal(bodies(tab).at(-1), 99, 'the last event reached the tab before it closed');
    hubs.forEach((h) => h.stop());
  });
});
