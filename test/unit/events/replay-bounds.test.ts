/**
 * Issue #19, item 3: the replay of a user is bounded in bytes on both event-log backends (memory
 * and Redis Streams against a real redis-server), the base64 `chatapi.xmpp` twin of each stanza
 * counted like any event; the oldest go first and a resume from before them reads incomplete.
 * The memory log counts UTF-8 bytes, so text outside ASCII cannot slip past the bound.
 */
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { stanzaEvents } from '../../../gateway/chat/stanza-events.js';
import { createMemoryEventLog, createRedisEventLog, type EventLog, type ReadResult } from '../../../gateway/events/index.js';
import { htmlSafeJson } from '../../../gateway/xml/index.js';
import type { InboundStanza } from '../../../gateway/xmpp/index.js';
import { redisAvailable, startRedis, type RedisInstance } from '../../harness/redis-instance.js';
import { unique } from '../../kit/unique.js';

const BOUND = 1 << 20;
const KB200 = 200 * 1024;

/** A chat message of about 200 KB as the stream listener sees it. */
function bigMessage(n: number): InboundStanza {
  const body = `m${n} ${'x'.repeat(KB200)}`;
  return {
    name: 'message', type: 'chat', to: 'alice@localhost', from: 'bob@localhost/r',
    xml: `<message xmlns="jabber:client" to="alice@localhost" from="bob@localhost/r" type="chat"><body>${body}</body></message>`,
    body, data: null, chatState: null, show: null, status: null, invitation: null, mucStatusCodes: [], error: null,
  };
}
const bytesOf = (r: ReadResult): number => r.events.reduce((n, e) => n + Buffer.byteLength(e.data) + e.name.length + 48, 0);

function bounds(label: string, make: () => EventLog, slack: number): void {
  describe(`replay bounds: ${label}`, () => {
    it('when twelve 200 KB messages (each with its base64 twin) are appended, then what is kept fits the byte bound and is the newest', async () => {
      const log = make();
      const user = unique('u').toLowerCase();
      const first = await log.append(user, 'chatapi.chat', '{}');
      for (let i = 0; i < 12; i++) {
        for (const ev of stanzaEvents(bigMessage(i))) await log.append(user, ev.name, htmlSafeJson(ev.data));
      }
      const kept = await log.readAfter(user, undefined);
      assert.ok(bytesOf(kept) <= BOUND * slack, `${bytesOf(kept)} bytes kept for a bound of ${BOUND}`);
      const names = kept.events.map((e) => e.name);
      assert.ok(names.filter((n) => n === 'chatapi.xmpp').length >= 1, 'twins are kept (and counted)');
      assert.match(kept.events.at(-1)?.data ?? '', /"body":"m11 /, 'the newest is kept');
      assert.ok(kept.events.length < 24, `${kept.events.length} of 25 kept`);
      const resumed = await log.readAfter(user, first);
      assert.equal(resumed.complete, false, 'a resume from before the oldest kept reads incomplete');
    });

    it('when the twins alone would exceed the bound, then they are what pushes the oldest out', async () => {
      const log = make();
      const user = unique('t').toLowerCase();
      const twins = Array.from({ length: 8 }, (_, i) => stanzaEvents(bigMessage(i))[0]);
      for (const ev of twins) await log.append(user, ev?.name as string, htmlSafeJson(ev?.data));
      const kept = await log.readAfter(user, undefined);
      assert.ok(kept.events.length < 8, `${kept.events.length} of 8 twins kept`);
      assert.ok(bytesOf(kept) <= BOUND * slack);
    });
  });
}

bounds('memory', () => createMemoryEventLog({ maxEvents: 500, maxBytes: BOUND, maxTotalBytes: 1 << 30, epoch: Date.now() }), 1);

describe('replay bounds: memory counts UTF-8 bytes', () => {
  it('when events hold text outside ASCII, then the bound is in UTF-8 bytes, not characters', () => {
    const log = createMemoryEventLog({ maxEvents: 500, maxBytes: 10_000, maxTotalBytes: 1 << 30, epoch: 1 });
    const wide = JSON.stringify('字'.repeat(1000)); // 1002 characters, 3002 bytes
    for (let i = 0; i < 5; i++) log.append('alice', 'chatapi.chat', wide);
    const kept = log.readAfter('alice', undefined) as ReadResult;
    assert.equal(kept.events.length, 3);
  });

  it('when all users together exceed maxTotalBytes, then the total stays within it', () => {
    const log = createMemoryEventLog({ maxEvents: 500, maxBytes: BOUND, maxTotalBytes: 3 * BOUND, epoch: 1 });
    const users = Array.from({ length: 6 }, (_, i) => `u${i}`);
    for (const u of users) for (let i = 0; i < 6; i++) for (const ev of stanzaEvents(bigMessage(i))) log.append(u, ev.name, htmlSafeJson(ev.data));
    const total = users.reduce((n, u) => n + bytesOf(log.readAfter(u, undefined) as ReadResult), 0);
    assert.ok(total <= 3 * BOUND, `${total} bytes kept in all`);
    assert.ok(bytesOf(log.readAfter('u5', undefined) as ReadResult) > 0, 'the most recently active user keeps events');
  });
});

describe('replay bounds on Redis', function () {
  let redis: RedisInstance | undefined;
  const clients: Redis[] = [];
  const logs: EventLog[] = [];
  const client = (): Redis => {
    const c = new Redis(redis?.url ?? '', { maxRetriesPerRequest: 2 });
    clients.push(c);
    return c;
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

  // the Redis log trims with 1/8 slack (one trim per batch of appends, see redis-event-log.ts)
  bounds('redis', () => {
    const log = createRedisEventLog({ redis: client(), subscriber: client(), keyPrefix: `rb${process.pid}:`, instanceId: 'a', maxEvents: 500, maxBytes: BOUND });
    logs.push(log);
    return log;
  }, 1.125);
});
