/**
 * One open stream: writes frames to its sink and honours back-pressure. Once the sink says
 * "full" (write → false), what follows waits in this stream's queue until the sink drains.
 *
 * Two kinds of waiting data, measured differently (issue #19, item 4, and its review):
 * - live frames (`send`) are the client's backlog: when they have waited longer than
 *   slowClientMs with no drain, or their bytes pass maxBufferedBytes, the client is too slow
 *   (slow-client.ts) and the stream is closed — the client reconnects with Last-Event-ID and the
 *   hub replays from its bounded log. The age is looked at when a live frame is queued and on
 *   `checkSlow` (the hub's one shared periodic check): no timer per frame or per stream;
 * - the replay (`replay`) is a list of events the log holds anyway: each is rendered only when
 *   the sink has room, so a reconnect after a burst of big events is written as fast as the
 *   client reads it and never counts as "too slow" (its cost is bounded by the log's replay
 *   bounds, not by this stream).
 * Order is kept: nothing overtakes what is already queued.
 */
import type { Clock } from '../clock/index.js';
import type { LoggedEvent } from '../events/index.js';
import type { EventSink } from './event-sink.js';
import { frameLogged } from './sse-frame.js';
import { tooSlow, type SlowClientLimits, type TooSlow } from './slow-client.js';

export interface SseStream {
  /** A live frame: part of the client's backlog while it waits. */
  send(frame: string): void;
  /** Events of a replay, written as the sink drains; not counted. */
  replay(events: readonly LoggedEvent[]): void;
  /** A heartbeat is skipped while anything waits: the stream is evidently not idle. */
  heartbeat(frame: string): void;
  /** Closes the stream if live data has waited too long (the hub calls it periodically). */
  checkSlow(): void;
  /** Stops delivery; `closeSink` also ends the sink (hub-initiated close). */
  end(closeSink: boolean): void;
  readonly ended: boolean;
  /** Live bytes waiting for the client (what maxBufferedBytes bounds). */
  readonly queuedBytes: number;
}

export interface SseStreamOptions extends SlowClientLimits {
  readonly clock: Pick<Clock, 'now'>;
  /** Called once when the stream is closed as too slow (after it was closed). */
  readonly onTooSlow: (why: TooSlow) => void;
}

/** A queued frame (live, counted) or a replayed event (rendered when written, not counted). */
type Pending = { readonly frame: string; readonly bytes: number } | { readonly event: LoggedEvent; readonly bytes: 0 };

export function createSseStream(sink: EventSink, opts: SseStreamOptions): SseStream {
  let ended = false;
  let blocked = false;
  let queue: Pending[] = [];
  let head = 0;
  let countedBytes = 0;
  /** Since when live data has waited with no drain; undefined when none waits. */
  let stalledSince: number | undefined;

  const end = (closeSink: boolean): void => {
    if (ended) return;
    ended = true;
    queue = [];
    head = 0;
    countedBytes = 0;
    stalledSince = undefined;
    if (closeSink) sink.close();
  };
  const checkSlow = (): void => {
    if (ended) return;
    const why = tooSlow({ queuedBytes: countedBytes, stalledSince }, opts.clock.now(), opts);
    if (!why) return;
    end(true);
    opts.onTooSlow(why);
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
    if (p.bytes === 0) return;
    countedBytes += p.bytes;
    stalledSince ??= opts.clock.now();
    checkSlow();
  };

  sink.onDrain(() => {
    if (ended) return;
    blocked = false;
    flush();
    // the client read: whatever live data still waits, its wait starts again now
    stalledSince = countedBytes > 0 ? opts.clock.now() : undefined;
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
    checkSlow,
    end,
    get ended() {
      return ended;
    },
    get queuedBytes() {
      return countedBytes;
    },
  };
}
