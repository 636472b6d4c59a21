/**
 * One SSE stream's back-pressure (issue #19, item 4): live frames count against maxBufferedBytes,
 * a replay is written as the sink drains and never counts, order is kept across both.
 */
import assert from 'node:assert/strict';
import type { LoggedEvent } from '../../../gateway/events/index.js';
import { createSseStream } from '../../../gateway/sse/index.js';
import { createMemorySink } from '../../kit/memory-sink.js';

const event = (n: number, size = 10): LoggedEvent => ({ id: `1-${n}`, name: 'chatapi.chat', data: JSON.stringify({ n, pad: 'p'.repeat(size) }) });
const ns = (sink: ReturnType<typeof createMemorySink>): number[] => sink.events().map((e) => (JSON.parse(e.data) as { n: number }).n);

describe('sse stream back-pressure', () => {
  it('when a replay is far bigger than maxBufferedBytes, then it is written as the sink drains and the stream stays open', () => {
    const sink = createMemorySink(1000);
    let overflows = 0;
    const s = createSseStream(sink, 4096, () => overflows++);
    s.replay(Array.from({ length: 20 }, (_, i) => event(i, 2000))); // ~40 KB, ten times the bound
    assert.deepEqual(ns(sink), [0], 'the sink was full after the first');
    for (let i = 0; i < 19; i++) sink.drain();
    assert.deepEqual(ns(sink), Array.from({ length: 20 }, (_, i) => i));
    assert.equal(sink.closed, false);
    assert.equal(overflows, 0);
  });

  it('when live frames arrive during a replay backlog, then they come after it, in order', () => {
    const sink = createMemorySink(1);
    const s = createSseStream(sink, 1 << 20, () => assert.fail('no overflow'));
    s.replay([event(1), event(2)]);
    s.send(`id: 1-3\nevent: chatapi.chat\ndata: ${JSON.stringify({ n: 3 })}\n\n`);
    s.replay([event(4)]);
    for (let i = 0; i < 4; i++) sink.drain();
    assert.deepEqual(ns(sink), [1, 2, 3, 4]);
  });

  it('when live frames wait past maxBufferedBytes, then the stream closes and reports the queued bytes', () => {
    const sink = createMemorySink(1);
    const reported: number[] = [];
    const s = createSseStream(sink, 4096, (n) => reported.push(n));
    s.replay(Array.from({ length: 10 }, (_, i) => event(i, 2000))); // uncounted backlog
    const frame = `id: 1-99\nevent: chatapi.chat\ndata: ${JSON.stringify({ n: 99, pad: 'q'.repeat(1500) })}\n\n`;
    s.send(frame);
    s.send(frame);
    assert.equal(sink.closed, false, 'two live frames fit in the bound');
    s.send(frame);
    assert.equal(sink.closed, true);
    assert.equal(s.ended, true);
    assert.equal(reported.length, 1);
    assert.ok((reported[0] as number) > 4096);
  });

  it('when anything waits, then a heartbeat is skipped; once drained, it is written', () => {
    const sink = createMemorySink(1);
    const s = createSseStream(sink, 1 << 20, () => undefined);
    s.replay([event(1), event(2)]);
    s.heartbeat(': ping\n\n');
    assert.doesNotMatch(sink.text, /: ping/);
    sink.drain();
    sink.drain();
    s.heartbeat(': ping\n\n');
    assert.match(sink.text, /: ping\n\n$/);
  });

  it('when the stream ends, then nothing more is written, queued replay included', () => {
    const sink = createMemorySink(1);
    const s = createSseStream(sink, 1 << 20, () => undefined);
    s.replay([event(1), event(2), event(3)]);
    s.end(true);
    sink.drain();
    assert.deepEqual(ns(sink), [1]);
    assert.equal(sink.closed, true);
  });
});
