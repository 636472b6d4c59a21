/**
 * One SSE stream's back-pressure (issue #19, item 4, and its review): a replay is written as the
 * sink drains and never counts; live frames are the client's backlog, cut when they waited longer
 * than slowClientMs with no drain or passed the maxBufferedBytes ceiling; order is kept across both.
 * The slow-client cases are a table of steps over a memory sink that is full after every write
 * (each drain lets exactly one more frame out) and a fake clock.
 */
import assert from 'node:assert/strict';
import type { LoggedEvent } from '../../../gateway/events/index.js';
import { createSseStream, type SseStream, type TooSlow } from '../../../gateway/sse/index.js';
import { createFakeClock } from '../../kit/fake-clock.js';
import { createMemorySink } from '../../kit/memory-sink.js';

const event = (n: number, size = 10): LoggedEvent => ({ id: `1-${n}`, name: 'chatapi.chat', data: JSON.stringify({ n, pad: 'p'.repeat(size) }) });
const ns = (sink: ReturnType<typeof createMemorySink>): number[] => sink.events().map((e) => (JSON.parse(e.data) as { n: number }).n);
/** A live frame of exactly `bytes` bytes. */
const liveFrame = (bytes: number): string => `data: ${'x'.repeat(bytes - 8)}\n\n`;

const LIMITS = { maxBufferedBytes: 1 << 20, slowClientMs: 30_000 };

/** A stream over a sink of `capacity` bytes and a fake clock; what it reported as too slow. */
function harness(capacity: number, limits = LIMITS) {
  const sink = createMemorySink(capacity);
  const clock = createFakeClock();
  const cuts: TooSlow[] = [];
  const stream = createSseStream(sink, { ...limits, clock, onTooSlow: (why) => cuts.push(why) });
  return { sink, clock, cuts, stream };
}

describe('sse stream back-pressure', () => {
  it('when a replay is far bigger than maxBufferedBytes, then it is written as the sink drains and the stream stays open', () => {
    const { sink, stream, cuts } = harness(1000, { maxBufferedBytes: 4096, slowClientMs: 30_000 });
    stream.replay(Array.from({ length: 20 }, (_, i) => event(i, 2000))); // ~40 KB, ten times the bound
    assert.deepEqual(ns(sink), [0], 'the sink was full after the first');
    for (let i = 0; i < 19; i++) sink.drain();
    assert.deepEqual(ns(sink), Array.from({ length: 20 }, (_, i) => i));
    assert.equal(sink.closed, false);
    assert.deepEqual(cuts, []);
  });

  it('when live frames arrive during a replay backlog, then they come after it, in order', () => {
    const { sink, stream, cuts } = harness(1);
    stream.replay([event(1), event(2)]);
    stream.send(`id: 1-3\nevent: chatapi.chat\ndata: ${JSON.stringify({ n: 3 })}\n\n`);
    stream.replay([event(4)]);
    for (let i = 0; i < 4; i++) sink.drain();
    assert.deepEqual(ns(sink), [1, 2, 3, 4]);
    assert.deepEqual(cuts, []);
  });

  it('when anything waits, then a heartbeat is skipped; once drained, it is written', () => {
    const { sink, stream } = harness(1);
    stream.replay([event(1), event(2)]);
    stream.heartbeat(': ping\n\n');
    assert.doesNotMatch(sink.text, /: ping/);
    sink.drain();
    sink.drain();
    stream.heartbeat(': ping\n\n');
    assert.match(sink.text, /: ping\n\n$/);
  });

  it('when the stream ends, then nothing more is written, queued replay included', () => {
    const { sink, stream } = harness(1);
    stream.replay([event(1), event(2), event(3)]);
    stream.end(true);
    sink.drain();
    assert.deepEqual(ns(sink), [1]);
    assert.equal(sink.closed, true);
  });
});

type Step =
  | { readonly send: number } // a live frame of that many bytes
  | { readonly replay: number } // that many replayed events of ~2 KB
  | { readonly drain: true }
  | { readonly advance: number }
  | { readonly check: true }; // the hub's periodic check

interface SlowCase {
  readonly name: string;
  readonly limits?: { maxBufferedBytes: number; slowClientMs: number };
  readonly steps: readonly Step[];
  /** Index of the step after which the stream is cut (undefined: never), and why. */
  readonly cutAfter?: number;
  readonly why?: TooSlow;
}

const run = (s: SseStream, clock: ReturnType<typeof createFakeClock>, sink: ReturnType<typeof createMemorySink>, step: Step): void => {
  if ('send' in step) s.send(liveFrame(step.send));
  else if ('replay' in step) s.replay(Array.from({ length: step.replay }, (_, i) => event(i, 2000)));
  else if ('drain' in step) sink.drain();
  else if ('advance' in step) clock.advance(step.advance);
  else s.checkSlow();
};

const SEND = { send: 1000 } as const;
const DRAIN = { drain: true } as const;
const CHECK = { check: true } as const;

// the sink is full after every write: the first frame goes out, what follows waits
const CASES: readonly SlowCase[] = [
  {
    name: 'live data has waited exactly slowClientSeconds with no drain, then not yet; a millisecond more, then the periodic check cuts',
    steps: [SEND, SEND, SEND, { advance: 30_000 }, CHECK, { advance: 1 }, CHECK],
    cutAfter: 6, why: { rule: 'stalled', queuedBytes: 2000, waitedMs: 30_001 },
  },
  {
    name: 'a live frame is queued after the limit, then it cuts at once, without waiting for the check',
    steps: [SEND, SEND, { advance: 30_001 }, SEND],
    cutAfter: 3, why: { rule: 'stalled', queuedBytes: 2000, waitedMs: 30_001 },
  },
  {
    name: 'more live frames are queued meanwhile, then the wait still counts from the first one',
    steps: [SEND, SEND, { advance: 20_000 }, SEND, { advance: 10_001 }, CHECK],
    cutAfter: 5, why: { rule: 'stalled', queuedBytes: 2000, waitedMs: 30_001 },
  },
  {
    name: 'a client reads slowly but steadily for 100 s, then each drain restarts the wait and it is never cut',
    steps: [SEND, ...Array.from({ length: 10 }, () => SEND), ...Array.from({ length: 10 }, () => [{ advance: 10_000 }, CHECK, DRAIN] as const).flat(), CHECK],
  },
  {
    name: 'the sink drained once and then stopped, then the cut comes slowClientSeconds after that drain',
    steps: [SEND, SEND, SEND, { advance: 20_000 }, DRAIN, { advance: 30_000 }, CHECK, { advance: 1 }, CHECK],
    cutAfter: 8, why: { rule: 'stalled', queuedBytes: 1000, waitedMs: 30_001 },
  },
  {
    name: 'the live backlog was all written, then the clock stops: a full sink with nothing queued is not slow',
    steps: [SEND, SEND, { advance: 29_000 }, DRAIN, { advance: 120_000 }, CHECK],
  },
  {
    name: 'only replay waits unread, then it is never cut (it costs nothing the log does not hold)',
    steps: [SEND, { replay: 50 }, { advance: 600_000 }, CHECK],
  },
  {
    name: 'live data waits behind an unread replay, then it is cut after slowClientSeconds, the replay bytes not counted',
    steps: [SEND, { replay: 50 }, SEND, { advance: 30_001 }, CHECK],
    cutAfter: 4, why: { rule: 'stalled', queuedBytes: 1000, waitedMs: 30_001 },
  },
  {
    name: 'a burst passes the byte ceiling, then it is cut at once, whatever the time',
    limits: { maxBufferedBytes: 4096, slowClientMs: 30_000 },
    steps: [SEND, SEND, SEND, SEND, SEND, SEND],
    cutAfter: 5, why: { rule: 'ceiling', queuedBytes: 5000 },
  },
  {
    name: 'a burst over the old 1 MiB limit but under the ceiling is read within the time, then it is not cut',
    limits: { maxBufferedBytes: 8 << 20, slowClientMs: 30_000 },
    steps: [{ send: 600_000 }, ...Array.from({ length: 4 }, () => ({ send: 600_000 })), { advance: 5_000 }, CHECK, DRAIN, DRAIN, DRAIN, DRAIN, { advance: 60_000 }, CHECK],
  },
];

describe('sse stream: the slow-client rule (time without a drain, or the byte ceiling)', () => {
  for (const c of CASES) {
    it(`when ${c.name}`, () => {
      const { sink, clock, cuts, stream } = harness(1, c.limits);
      c.steps.forEach((step, i) => {
        run(stream, clock, sink, step);
        const cut = c.cutAfter !== undefined && i >= c.cutAfter;
        assert.equal(stream.ended, cut, `after step ${i} (${JSON.stringify(step)}): ${cut ? 'cut' : 'open'}`);
        assert.equal(sink.closed, cut);
      });
      assert.deepEqual(cuts, c.why ? [c.why] : []);
      if (c.cutAfter !== undefined) assert.equal(stream.queuedBytes, 0, 'a cut stream holds nothing');
    });
  }

  it('when a stream was cut, then later frames, drains and checks do nothing and it is reported once', () => {
    const { sink, clock, cuts, stream } = harness(1);
    stream.send(liveFrame(1000));
    stream.send(liveFrame(1000));
    clock.advance(30_001);
    stream.checkSlow();
    const written = sink.text.length;
    stream.send(liveFrame(1000));
    sink.drain();
    stream.checkSlow();
    assert.equal(sink.text.length, written);
    assert.equal(cuts.length, 1);
  });

  it('when many streams share one options object, then they share their methods and each keeps its own queue and cut', () => {
    const clock = createFakeClock();
    const cuts: TooSlow[] = [];
    const shared = { maxBufferedBytes: 1500, slowClientMs: 30_000, clock, onTooSlow: (why: TooSlow) => cuts.push(why) };
    const slowSink = createMemorySink(1);
    const fastSink = createMemorySink(1 << 20);
    const slow = createSseStream(slowSink, shared);
    const fast = createSseStream(fastSink, shared);
    assert.equal(slow.send, fast.send, 'one function for every stream');
    slow.send(liveFrame(1000));
    slow.send(liveFrame(1000));
    fast.send(liveFrame(1000));
    assert.equal(slow.queuedBytes, 1000);
    assert.equal(fast.queuedBytes, 0);
    slow.send(liveFrame(1000)); // past the ceiling: this one is cut, the other goes on
    assert.equal(slow.ended, true);
    assert.equal(fast.ended, false);
    assert.equal(cuts.length, 1);
    fast.send(liveFrame(1000));
    assert.equal(fastSink.text.length, 2000);
  });
});
