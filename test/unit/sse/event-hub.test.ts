import assert from 'node:assert/strict';
import { createMemoryEventLog } from '../../../gateway/events/index.js';
import { silentLogger, type Logger } from '../../../gateway/log/index.js';
import { createEventHub, type ChatEvent, type EventHub } from '../../../gateway/sse/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';
import { createMemorySink } from '../../kit/memory-sink.js';

const chat = (body: string): ChatEvent => ({ name: 'chatapi.chat', data: { type: 'chat', to: 'alice@localhost', from: 'bob@localhost/x', data: null, body } });
const bodies = (sink: ReturnType<typeof createMemorySink>): string[] => sink.events().filter((e) => e.event === 'chatapi.chat').map((e) => (JSON.parse(e.data) as { body: string }).body);

describe('sse event hub', () => {
  let clock: FakeClock;
  let hub: EventHub;
  let warnings: Array<{ msg: string; fields: Record<string, unknown> }>;
  const logger: Logger = { ...silentLogger, warn: (msg, fields = {}) => void warnings.push({ msg, fields }) };
  const make = (o: Partial<{ replayEvents: number; replayBytes: number; maxBufferedBytes: number; heartbeatSeconds: number; slowClientSeconds: number }> = {}): EventHub => {
    const { replayEvents = 5, replayBytes = 1 << 20, ...rest } = o;
    const log = createMemoryEventLog({ maxEvents: replayEvents, maxBytes: replayBytes, maxTotalBytes: 1 << 30, epoch: clock.now() });
    return (hub = createEventHub({ log, maxBufferedBytes: 4096, heartbeatSeconds: 10, logger, clock, ...rest }));
  };
  beforeEach(() => {
    clock = createFakeClock();
    warnings = [];
    make();
  });
  afterEach(() => hub.stop());

  it('when a user has two open streams, then both receive every event, in order', () => {
    const a = createMemorySink();
    const b = createMemorySink();
    hub.subscribe('alice', a);
    hub.subscribe('alice', b);
    hub.publish('alice', chat('one'));
    hub.publish('alice', chat('two'));
    assert.deepEqual(bodies(a), ['one', 'two']);
    assert.deepEqual(bodies(b), ['one', 'two']);
    assert.deepEqual(a.events().map((e) => e.event), ['chatapi.chat', 'chatapi.chat']);
  });

  it('when events are published, then each carries an <epoch>-<seq> id, increasing per user', () => {
    const a = createMemorySink();
    hub.subscribe('alice', a);
    hub.publish('alice', chat('one'));
    hub.publish('bob', chat('other'));
    hub.publish('alice', chat('two'));
    const ids = a.events().map((e) => e.id);
    assert.equal(ids.length, 2);
    for (const id of ids) assert.match(id, new RegExp(`^${clock.now()}-\\d+$`));
    const seqs = ids.map((id) => Number(id.split('-')[1]));
    assert.ok((seqs[1] as number) > (seqs[0] as number));
  });

  it('when another user publishes, then the stream does not see it', () => {
    const a = createMemorySink();
    hub.subscribe('alice', a);
    hub.publish('bob', chat('not yours'));
    assert.deepEqual(a.events(), []);
  });

  it('when the user name differs in case, then it is the same user', () => {
    const a = createMemorySink();
    hub.subscribe('Alice', a);
    hub.publish('ALICE', chat('one'));
    assert.deepEqual(bodies(a), ['one']);
    assert.equal(hub.hasListeners('alice'), true);
  });

  it('when a stream reconnects with Last-Event-ID, then it gets exactly the events it missed, each once', () => {
    const a = createMemorySink();
    const sub = hub.subscribe('alice', a);
    hub.publish('alice', chat('one'));
    hub.publish('alice', chat('two'));
    const last = a.events().at(-1)?.id as string;
    sub.close();
    hub.publish('alice', chat('three'));
    hub.publish('alice', chat('four'));
    const again = createMemorySink();
    hub.subscribe('alice', again, last);
    hub.publish('alice', chat('five'));
    assert.deepEqual(bodies(again), ['three', 'four', 'five']);
    assert.deepEqual(bodies(a), ['one', 'two']);
  });

  it('when another tab stays open while one reconnects, then the reconnecting one still gets what it missed', () => {
    const a = createMemorySink();
    const b = createMemorySink();
    const subA = hub.subscribe('alice', a);
    hub.subscribe('alice', b);
    hub.publish('alice', chat('one'));
    const last = a.events().at(-1)?.id as string;
    subA.close();
    hub.publish('alice', chat('two'));
    const a2 = createMemorySink();
    hub.subscribe('alice', a2, last);
    assert.deepEqual(bodies(a2), ['two']);
    assert.deepEqual(bodies(b), ['one', 'two']);
  });

  it('when Last-Event-ID is older than the buffer, then the whole buffer is replayed', () => {
    const a = createMemorySink();
    const sub = hub.subscribe('alice', a);
    hub.publish('alice', chat('e0'));
    const last = a.events()[0]?.id as string;
    sub.close();
    for (let i = 1; i <= 8; i++) hub.publish('alice', chat(`e${i}`));
    const again = createMemorySink();
    hub.subscribe('alice', again, last);
    assert.deepEqual(bodies(again), ['e4', 'e5', 'e6', 'e7', 'e8']);
  });

  it('when Last-Event-ID is unknown (another gateway run, garbage), then the whole buffer is replayed', () => {
    hub.publish('alice', chat('one'));
    hub.publish('alice', chat('two'));
    for (const id of ['1-1', 'garbage', `${clock.now()}-999999`]) {
      const s = createMemorySink();
      hub.subscribe('alice', s, id);
      assert.deepEqual(bodies(s), ['one', 'two'], id);
    }
  });

  it('when events arrive while no stream is open, then the next connect gets them and a later fresh tab does not', () => {
    hub.publish('alice', chat('one'));
    hub.publish('alice', chat('two'));
    assert.equal(hub.hasListeners('alice'), false);
    const first = createMemorySink();
    hub.subscribe('alice', first);
    assert.deepEqual(bodies(first), ['one', 'two']);
    const second = createMemorySink();
    hub.subscribe('alice', second);
    assert.deepEqual(bodies(second), []);
    hub.publish('alice', chat('three'));
    assert.deepEqual(bodies(second), ['three']);
  });

  it('when a fresh tab opens after all streams closed, then it gets only what arrived since the last delivery', () => {
    const a = createMemorySink();
    const sub = hub.subscribe('alice', a);
    hub.publish('alice', chat('seen'));
    sub.close();
    hub.publish('alice', chat('missed'));
    const b = createMemorySink();
    hub.subscribe('alice', b);
    assert.deepEqual(bodies(b), ['missed']);
  });

  it('when more events arrive offline than the buffer holds, then only the newest replayEvents are kept', () => {
    for (let i = 1; i <= 12; i++) hub.publish('alice', chat(`e${i}`));
    const s = createMemorySink();
    hub.subscribe('alice', s);
    assert.deepEqual(bodies(s), ['e8', 'e9', 'e10', 'e11', 'e12']);
  });

  it('when replayEvents is 0, then nothing is kept and live events still flow', () => {
    make({ replayEvents: 0 });
    hub.publish('alice', chat('lost'));
    const s = createMemorySink();
    hub.subscribe('alice', s);
    hub.publish('alice', chat('live'));
    assert.deepEqual(bodies(s), ['live']);
  });

  it('when the user is forgotten (logoff), then the streams close and the buffer is gone', () => {
    const s = createMemorySink();
    hub.subscribe('alice', s);
    hub.publish('alice', chat('one'));
    hub.forget('alice');
    assert.equal(s.closed, true);
    assert.equal(hub.hasListeners('alice'), false);
    const later = createMemorySink();
    hub.subscribe('alice', later, '');
    assert.deepEqual(bodies(later), []);
  });

  it('when a stream subscribes, then it starts with a retry line', () => {
    const s = createMemorySink();
    hub.subscribe('alice', s);
    assert.match(s.text, /^retry: 3000\n\n/);
  });

  it('when heartbeatSeconds pass, then every open stream gets a comment line, and the timer stops with the last stream', () => {
    const a = createMemorySink();
    const b = createMemorySink();
    assert.equal(clock.timers, 0);
    const subA = hub.subscribe('alice', a);
    const subB = hub.subscribe('bob', b);
    clock.advance(9_999);
    assert.doesNotMatch(a.text, /: ping/);
    clock.advance(1);
    assert.equal((a.text.match(/^: ping\n\n/gm) ?? []).length, 1);
    clock.advance(20_000);
    assert.equal((b.text.match(/^: ping\n\n/gm) ?? []).length, 3);
    subA.close();
    subB.close();
    assert.equal(clock.timers, 0);
  });

  it('when a client is slow, then its queue is bounded: past maxBufferedBytes the stream closes and the others go on', () => {
    const slow = createMemorySink(1000);
    const fast = createMemorySink();
    hub.subscribe('alice', slow);
    hub.subscribe('alice', fast);
    const big = 'x'.repeat(900);
    for (let i = 0; i < 8; i++) hub.publish('alice', chat(`${i}${big}`));
    assert.equal(slow.closed, true);
    assert.equal(fast.closed, false);
    assert.equal(fast.events().length, 8);
    assert.equal(hub.hasListeners('alice'), true);
    hub.publish('alice', chat('after'));
    assert.equal(fast.events().length, 9);
  });

  it('when a client stops reading, then the shared check cuts it slowClientSeconds after live data began to wait, with the log line, and the others go on', () => {
    make({ maxBufferedBytes: 1 << 20, slowClientSeconds: 30 });
    const stuck = createMemorySink(1000);
    const fine = createMemorySink();
    hub.subscribe('alice', stuck);
    hub.subscribe('alice', fine);
    hub.publish('alice', chat(`a${'x'.repeat(900)}`)); // fills the stuck sink
    hub.publish('alice', chat('b')); // waits from now
    clock.advance(30_000);
    assert.equal(stuck.closed, false, 'not before slowClientSeconds');
    clock.advance(5_000); // the shared check runs every 5 s (a quarter of the limit, at most 5 s): the next one cuts
    assert.equal(stuck.closed, true);
    assert.equal(fine.closed, false);
    assert.deepEqual(warnings.map((w) => w.msg), ['sse: stream closed, client too slow']);
    assert.equal(warnings[0]?.fields.rule, 'stalled');
    assert.equal(warnings[0]?.fields.username, 'alice');
    assert.ok((warnings[0]?.fields.waitedMs as number) > 30_000);
    hub.publish('alice', chat('after'));
    assert.deepEqual(bodies(fine).map((b) => b[0]), ['a', 'b', 'a']);
    assert.equal(hub.stats().clients, 1);
  });

  it('when a client reads a burst far over maxBufferedBytes of old (1 MiB) slowly but steadily, then it is not cut', () => {
    make({ maxBufferedBytes: 8 << 20, slowClientSeconds: 30, replayEvents: 50 });
    const slow = createMemorySink(1);
    hub.subscribe('alice', slow);
    const big = 'z'.repeat(200_000);
    for (let i = 0; i < 20; i++) hub.publish('alice', chat(`${i % 10}${big}`)); // ~4 MB queued at once
    assert.ok(hub.stats().bufferedBytes > 1 << 20, `${hub.stats().bufferedBytes} bytes wait`);
    for (let i = 0; i < 20; i++) {
      clock.advance(20_000); // one event read every 20 s: 400 s for the burst
      slow.drain();
    }
    assert.equal(slow.closed, false);
    assert.equal(bodies(slow).length, 20);
    assert.deepEqual(warnings, []);
  });

  it('when a slow client drains in time, then it gets every queued event in order', () => {
    const slow = createMemorySink(1000);
    hub.subscribe('alice', slow);
    const big = 'y'.repeat(900);
    hub.publish('alice', chat(`a${big}`));
    hub.publish('alice', chat(`b${big}`));
    hub.publish('alice', chat(`c${big}`));
    assert.deepEqual(bodies(slow).map((b) => b[0]), ['a']); // the sink was full after it; b and c wait
    slow.drain();
    assert.deepEqual(bodies(slow).map((b) => b[0]), ['a', 'b']);
    slow.drain();
    assert.deepEqual(bodies(slow).map((b) => b[0]), ['a', 'b', 'c']);
    assert.equal(slow.closed, false);
  });

  it('when a slow client reconnects to a replay bigger than maxBufferedBytes, then it is written as the client reads and the stream stays open (issue #19)', () => {
    make({ maxBufferedBytes: 4096, replayEvents: 20 });
    for (let i = 0; i < 10; i++) hub.publish('alice', chat(`${i}${'z'.repeat(900)}`));
    const slow = createMemorySink(1000);
    hub.subscribe('alice', slow);
    assert.equal(slow.closed, false);
    assert.equal(bodies(slow).length, 1, 'the sink was full after the first');
    hub.publish('alice', chat('live'));
    for (let i = 0; i < 10; i++) slow.drain();
    assert.deepEqual(bodies(slow).map((b) => b.slice(0, 4)), ['0zzz', '1zzz', '2zzz', '3zzz', '4zzz', '5zzz', '6zzz', '7zzz', '8zzz', '9zzz', 'live']);
    assert.equal(slow.closed, false);
    assert.equal(hub.hasListeners('alice'), true);
  });

  it('when a client reads nothing while live events pile up behind its replay, then it is still cut past maxBufferedBytes', () => {
    make({ maxBufferedBytes: 4096, replayEvents: 20 });
    for (let i = 0; i < 10; i++) hub.publish('alice', chat(`${i}${'z'.repeat(900)}`));
    const stuck = createMemorySink(1000);
    hub.subscribe('alice', stuck);
    for (let i = 0; i < 6 && !stuck.closed; i++) hub.publish('alice', chat(`live${i}${'w'.repeat(900)}`));
    assert.equal(stuck.closed, true);
    assert.equal(hub.hasListeners('alice'), false);
  });

  const notices = (sink: ReturnType<typeof createMemorySink>): string[] =>
    sink.events().filter((e) => e.event === 'chatapi.xmpp').map((e) => (JSON.parse(e.data) as { type: string }).type);

  it('when Last-Event-ID is older than what is kept, then the replay starts with a resync notice (no id of its own)', () => {
    const a = createMemorySink();
    const sub = hub.subscribe('alice', a);
    hub.publish('alice', chat('e0'));
    const last = a.events()[0]?.id as string;
    sub.close();
    for (let i = 1; i <= 8; i++) hub.publish('alice', chat(`e${i}`));
    const again = createMemorySink();
    hub.subscribe('alice', again, last);
    const [first, ...rest] = again.events();
    assert.equal(first?.event, 'chatapi.xmpp');
    assert.deepEqual(JSON.parse(first?.data ?? ''), { type: 'resync', reason: 'replay-incomplete' });
    assert.equal(first?.id, '', 'the notice carries no id');
    assert.deepEqual(rest.map((e) => (JSON.parse(e.data) as { body: string }).body), ['e4', 'e5', 'e6', 'e7', 'e8']);
  });

  it('when Last-Event-ID is still kept, or the stream is a first connect, then there is no resync notice', () => {
    const a = createMemorySink();
    const sub = hub.subscribe('alice', a);
    hub.publish('alice', chat('e0'));
    const last = a.events()[0]?.id as string;
    sub.close();
    hub.publish('alice', chat('e1'));
    const again = createMemorySink();
    hub.subscribe('alice', again, last);
    const fresh = createMemorySink();
    hub.subscribe('bob', fresh);
    assert.deepEqual(notices(again), []);
    assert.deepEqual(notices(fresh), []);
    assert.deepEqual(bodies(again), ['e1']);
  });

  it('when one stream more than maxStreams opens, then the oldest capped one gets a replaced notice and closes; uncapped ones do not count', () => {
    const internal = createMemorySink();
    hub.subscribe('alice', internal, '0-0');
    const tabs = [createMemorySink(), createMemorySink(), createMemorySink()];
    for (const t of tabs) hub.subscribe('alice', t, undefined, { maxStreams: 2 });
    assert.deepEqual(tabs.map((t) => t.closed), [true, false, false]);
    assert.deepEqual(notices(tabs[0] as ReturnType<typeof createMemorySink>), ['replaced']);
    assert.equal(internal.closed, false);
    hub.publish('alice', chat('after'));
    assert.deepEqual(tabs.map((t) => bodies(t)), [[], ['after'], ['after']]);
    assert.deepEqual(bodies(internal), ['after']);
  });

  it('when maxStreams is 1, then each new stream replaces the previous and still gets live events', () => {
    const a = createMemorySink();
    const b = createMemorySink();
    hub.subscribe('alice', a, undefined, { maxStreams: 1 });
    hub.subscribe('alice', b, undefined, { maxStreams: 1 });
    assert.equal(a.closed, true);
    hub.publish('alice', chat('live'));
    assert.deepEqual(bodies(b), ['live']);
    assert.equal(hub.hasListeners('alice'), true);
  });

  it('when the hub stops, then every stream is closed and later publishes are ignored', () => {
    const s = createMemorySink();
    hub.subscribe('alice', s);
    hub.stop();
    assert.equal(s.closed, true);
    hub.publish('alice', chat('late'));
    assert.equal(clock.timers, 0);
  });

  it('when an event cannot be serialised, then publish drops it without throwing', () => {
    const s = createMemorySink();
    hub.subscribe('alice', s);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    hub.publish('alice', { name: 'chatapi.notify', data: circular });
    hub.publish('alice', chat('fine'));
    assert.deepEqual(bodies(s), ['fine']);
  });
});
