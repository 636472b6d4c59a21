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

/**
 * One instance per open stream, its methods on the prototype: thousands of streams share one set
 * of functions (a closure-built object cost ~1.2 KiB of heap per stream: a dozen closures, their
 * context, and a dictionary-mode object for the getters).
 */
class Stream implements SseStream {
  ended = false;
  private blocked = false;
  private queue: Pending[] = [];
  private head = 0;
  private countedBytes = 0;
  /** Since when live data has waited with no drain; undefined when none waits. */
  private stalledSince: number | undefined = undefined;

  constructor(private readonly sink: EventSink, private readonly opts: SseStreamOptions) {
    sink.onDrain(() => this.drained());
  }

  get queuedBytes(): number {
    return this.countedBytes;
  }

  send(frame: string): void {
    if (this.ended) return;
    // counted only when it has to wait: a frame written at once needs no byte count
    if (this.writable()) this.write(frame);
    else this.enqueue({ frame, bytes: Buffer.byteLength(frame, 'utf8') });
  }

  replay(events: readonly LoggedEvent[]): void {
    for (const event of events) {
      if (this.ended) return;
      this.enqueue({ event, bytes: 0 });
    }
  }

  heartbeat(frame: string): void {
    if (!this.ended && this.writable()) this.write(frame);
  }

  checkSlow(): void {
    if (this.ended) return;
    const why = tooSlow({ queuedBytes: this.countedBytes, stalledSince: this.stalledSince }, this.opts.clock.now(), this.opts);
    if (!why) return;
    this.end(true);
    this.opts.onTooSlow(why);
  }

  end(closeSink: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.head = 0;
    this.countedBytes = 0;
    this.stalledSince = undefined;
    if (closeSink) this.sink.close();
  }

  private drained(): void {
    if (this.ended) return;
    this.blocked = false;
    this.flush();
    // the client read: whatever live data still waits, its wait starts again now
    this.stalledSince = this.countedBytes > 0 ? this.opts.clock.now() : undefined;
  }

  /** Nothing waits and the sink takes more: a frame goes straight out. */
  private writable(): boolean {
    return !this.blocked && this.head === this.queue.length;
  }

  private write(frame: string): void {
    if (!this.sink.write(frame)) this.blocked = true;
  }

  private writeOut(p: Pending): void {
    this.write('frame' in p ? p.frame : frameLogged(p.event));
  }

  /** Writes what waits until the sink is full again. */
  private flush(): void {
    while (!this.blocked && !this.ended && this.head < this.queue.length) {
      const p = this.queue[this.head] as Pending;
      this.queue[this.head] = undefined as unknown as Pending;
      this.head += 1;
      this.countedBytes -= p.bytes;
      this.writeOut(p);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private enqueue(p: Pending): void {
    if (this.writable()) return this.writeOut(p);
    this.queue.push(p);
    if (p.bytes === 0) return;
    this.countedBytes += p.bytes;
    this.stalledSince ??= this.opts.clock.now();
    this.checkSlow();
  }
}

/** `opts` may be shared by many streams (only `onTooSlow` names the stream, see the hub). */
export function createSseStream(sink: EventSink, opts: SseStreamOptions): SseStream {
  return new Stream(sink, opts);
}
