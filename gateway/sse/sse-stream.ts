/**
 * One open stream: writes frames to its sink and honours back-pressure. Once the sink says
 * "full" (write → false), what follows waits in this stream's queue until the sink drains.
 *
 * Two kinds of waiting data, measured differently (issue #19, item 4):
 * - live frames (`send`) count against maxBufferedBytes: past it the stream is closed — the
 *   client reconnects with Last-Event-ID and the hub replays from its bounded log, so a client
 *   that does not read costs at most maxBufferedBytes (plus the sink's own high-water mark);
 * - the replay (`replay`) is a list of events the log holds anyway: each is rendered only when
 *   the sink has room, so a reconnect after a burst of big events is written as fast as the
 *   client reads it and never counts as "too slow" (its cost is bounded by the log's replay
 *   bounds, not by this stream).
 * Order is kept: nothing overtakes what is already queued.
 */
import type { LoggedEvent } from '../events/index.js';
import type { EventSink } from './event-sink.js';
import { frameLogged } from './sse-frame.js';

export interface SseStream {
  /** A live frame: counted against maxBufferedBytes while it waits. */
  send(frame: string): void;
  /** Events of a replay, written as the sink drains; not counted. */
  replay(events: readonly LoggedEvent[]): void;
  /** A heartbeat is skipped while anything waits: the stream is evidently not idle. */
  heartbeat(frame: string): void;
  /** Stops delivery; `closeSink` also ends the sink (hub-initiated close). */
  end(closeSink: boolean): void;
  readonly ended: boolean;
  /** Live bytes waiting for the client (what maxBufferedBytes bounds). */
  readonly queuedBytes: number;
}

/** A queued frame (live, counted) or a replayed event (rendered when written, not counted). */
type Pending = { readonly frame: string; readonly bytes: number } | { readonly event: LoggedEvent; readonly bytes: 0 };

export function createSseStream(sink: EventSink, maxBufferedBytes: number, onOverflow: (queuedBytes: number) => void): SseStream {
  let ended = false;
  let blocked = false;
  let queue: Pending[] = [];
  let head = 0;
  let countedBytes = 0;

  const end = (closeSink: boolean): void => {
    if (ended) return;
    ended = true;
    queue = [];
    head = 0;
    countedBytes = 0;
    if (closeSink) sink.close();
  };
  const writeOut = (p: Pending): void => {
    if (!sink.write('frame' in p ? p.frame : frameLogged(p.event))) blocked = true;
  };
  /** Writes what waits until the sink is full again. */
  const flush = (): void => {
    while (!blocked && !ended && head < queue.length) {
      const p = queue[head] as Pending;
      queue[head] = undefined as unknown as Pending;
      head += 1;
      countedBytes -= p.bytes;
      writeOut(p);
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };
  const enqueue = (p: Pending): void => {
    if (!blocked && head === queue.length) return writeOut(p);
    queue.push(p);
    countedBytes += p.bytes;
    if (countedBytes > maxBufferedBytes) {
      const n = countedBytes;
      end(true);
      onOverflow(n);
    }
  };

  sink.onDrain(() => {
    if (ended) return;
    blocked = false;
    flush();
  });

  return {
    send(frame) {
      if (!ended) enqueue({ frame, bytes: Buffer.byteLength(frame, 'utf8') });
    },
    replay(events) {
      for (const event of events) {
        if (ended) return;
        enqueue({ event, bytes: 0 });
      }
    },
    heartbeat(frame) {
      if (!ended && !blocked && head === queue.length) writeOut({ frame, bytes: 0 });
    },
    end,
    get ended() {
      return ended;
    },
    get queuedBytes() {
      return countedBytes;
    },
  };
}
