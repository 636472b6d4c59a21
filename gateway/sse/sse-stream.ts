/**
 * One open stream: writes frames to its sink and honours back-pressure. Once the sink says
 * "full" (write → false), frames wait in this stream's queue until the sink drains; if the
 * queue grows past maxBufferedBytes the stream is closed — the client reconnects with
 * Last-Event-ID and the hub replays from its bounded buffer, so a slow client costs at most
 * maxBufferedBytes (plus the sink's own high-water mark) instead of unbounded memory.
 */
import type { EventSink } from './event-sink.js';

export interface SseStream {
  send(frame: string): void;
  /** A heartbeat is skipped while the sink is full: the stream is evidently not idle. */
  heartbeat(frame: string): void;
  /** Stops delivery; `closeSink` also ends the sink (hub-initiated close). */
  end(closeSink: boolean): void;
  readonly ended: boolean;
}

export function createSseStream(sink: EventSink, maxBufferedBytes: number, onOverflow: (queuedBytes: number) => void): SseStream {
  let ended = false;
  let blocked = false;
  const queue: string[] = [];
  let queuedBytes = 0;

  const end = (closeSink: boolean): void => {
    if (ended) return;
    ended = true;
    queue.length = 0;
    queuedBytes = 0;
    if (closeSink) sink.close();
  };

  const write = (frame: string): void => {
    if (blocked) {
      queue.push(frame);
      queuedBytes += Buffer.byteLength(frame, 'utf8');
      if (queuedBytes > maxBufferedBytes) {
        const n = queuedBytes;
        end(true);
        onOverflow(n);
      }
      return;
    }
    if (!sink.write(frame)) blocked = true;
  };

  sink.onDrain(() => {
    if (ended) return;
    blocked = false;
    while (!blocked && queue.length > 0) {
      const frame = queue.shift() as string;
      queuedBytes -= Buffer.byteLength(frame, 'utf8');
      if (!sink.write(frame)) blocked = true;
    }
  });

  return {
    send(frame) {
      if (!ended) write(frame);
    },
    heartbeat(frame) {
      if (!ended && !blocked) write(frame);
    },
    end,
    get ended() {
      return ended;
    },
  };
}
