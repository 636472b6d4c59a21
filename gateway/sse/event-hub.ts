/**
 * The SSE hub: fans every ChatEvent of a user out to ALL of that user's open streams (ofchat fed
 * only the newest tab), keeps the last `replayEvents` events per user for Last-Event-ID replay
 * and for delivery when no stream is open, sends heartbeats, and closes streams that fall too
 * far behind (see sse-stream.ts).
 *
 * Replay rules, for a stream that subscribes:
 * - with a Last-Event-ID this hub issued: every buffered event after that id, each once;
 * - with an unknown id (another gateway run, garbage) or one older than the buffer: the whole
 *   buffer (events older than the buffer are gone; the buffer is all that can be given);
 * - without Last-Event-ID (a fresh tab / first connect): the buffered events after the newest
 *   one already handed to any stream of the user ("delivered up to"), i.e. what arrived while
 *   no stream was open — a new tab does not replay what another tab already got.
 * "Handed to a stream" means written or queued to it; a stream closed before the client read
 * it is covered by that client's Last-Event-ID on reconnect.
 * References: WHATWG HTML §9.2 (Last-Event-ID, retry); ofchat-api.md §6.
 */
import type { Logger } from '../log/index.js';
import type { ChatEvent, EventPublisher } from './chat-event.js';
import { formatEventId, parseEventId } from './event-id.js';
import type { EventSink, Subscription } from './event-sink.js';
import { systemClock, type Clock } from '../clock/index.js';
import { frameEvent, HEARTBEAT_FRAME, RETRY_FRAME } from './sse-frame.js';
import { createSseStream, type SseStream } from './sse-stream.js';

export interface EventHubOptions {
  /** Events kept per user (0 = none: events with no open stream are dropped, no replay). */
  replayEvents: number;
  /** Unsent bytes a stream may queue before it is closed. */
  maxBufferedBytes: number;
  heartbeatSeconds: number;
  log: Logger;
  clock?: Clock;
}

export interface EventHub extends EventPublisher {
  /** Opens a stream for the user: writes `retry:`, the replay (rules above), then live events. */
  subscribe(username: string, sink: EventSink, lastEventId?: string): Subscription;
  hasListeners(username: string): boolean;
  /** At logoff: closes the user's streams and drops the buffer. */
  forget(username: string): void;
  /** Closes every stream and the heartbeat timer. */
  stop(): void;
}

interface Channel {
  readonly buffer: Array<{ readonly seq: number; readonly frame: string }>;
  /** Seq of the newest event handed to any stream of the user. */
  deliveredSeq: number;
  readonly streams: Set<SseStream>;
}

export function createEventHub(opts: EventHubOptions): EventHub {
  const clock = opts.clock ?? systemClock;
  const epoch = clock.now();
  const channels = new Map<string, Channel>();
  let seq = 0;
  let openStreams = 0;
  let cancelHeartbeat: (() => void) | undefined;
  let stopped = false;

  const key = (username: string): string => username.toLowerCase();
  const channelOf = (user: string): Channel => {
    let ch = channels.get(user);
    if (!ch) channels.set(user, (ch = { buffer: [], deliveredSeq: 0, streams: new Set() }));
    return ch;
  };

  const heartbeat = (): void => {
    for (const ch of channels.values()) for (const s of ch.streams) s.heartbeat(HEARTBEAT_FRAME);
  };
  const removeStream = (user: string, ch: Channel, stream: SseStream): void => {
    if (!ch.streams.delete(stream)) return;
    openStreams -= 1;
    if (ch.streams.size === 0 && ch.buffer.length === 0 && channels.get(user) === ch) channels.delete(user);
    if (openStreams === 0 && cancelHeartbeat) {
      cancelHeartbeat();
      cancelHeartbeat = undefined;
    }
  };
  const closeAll = (ch: Channel): void => {
    for (const s of [...ch.streams]) s.end(true);
    openStreams -= ch.streams.size;
    ch.streams.clear();
  };

  return {
    publish(username, event: ChatEvent) {
      if (stopped) return;
      const user = key(username);
      let frame: string;
      try {
        frame = frameEvent(formatEventId(epoch, seq + 1), event);
      } catch (err) {
        opts.log.warn('sse: event not serialisable, dropped', { username: user, event: event.name, error: err as Error });
        return;
      }
      seq += 1;
      const ch = channels.get(user);
      if (opts.replayEvents === 0 && !ch?.streams.size) return;
      const c = ch ?? channelOf(user);
      if (opts.replayEvents > 0) {
        c.buffer.push({ seq, frame });
        if (c.buffer.length > opts.replayEvents) c.buffer.shift();
      }
      if (c.streams.size > 0) {
        c.deliveredSeq = seq;
        for (const s of c.streams) s.send(frame);
      }
    },

    subscribe(username, sink, lastEventId) {
      const user = key(username);
      const ch = channelOf(user);
      const stream = createSseStream(sink, opts.maxBufferedBytes, (bytes) => {
        opts.log.warn('sse: stream closed, client too slow', { username: user, queuedBytes: bytes });
        removeStream(user, ch, stream);
      });
      if (stopped) {
        stream.end(true);
        return { close() {} };
      }
      stream.send(RETRY_FRAME);
      const from = lastEventId ? (parseEventId(lastEventId, epoch, seq) ?? 0) : ch.deliveredSeq;
      for (const e of ch.buffer) if (e.seq > from) stream.send(e.frame);
      if (stream.ended) return { close() {} };
      ch.deliveredSeq = Math.max(ch.deliveredSeq, ch.buffer.at(-1)?.seq ?? 0);
      ch.streams.add(stream);
      openStreams += 1;
      cancelHeartbeat ??= clock.every(opts.heartbeatSeconds * 1000, heartbeat);
      return {
        close() {
          stream.end(false);
          removeStream(user, ch, stream);
        },
      };
    },

    hasListeners(username) {
      return (channels.get(key(username))?.streams.size ?? 0) > 0;
    },

    forget(username) {
      const user = key(username);
      const ch = channels.get(user);
      if (!ch) return;
      channels.delete(user);
      closeAll(ch);
      if (openStreams === 0 && cancelHeartbeat) {
        cancelHeartbeat();
        cancelHeartbeat = undefined;
      }
    },

    stop() {
      stopped = true;
      for (const ch of channels.values()) closeAll(ch);
      channels.clear();
      cancelHeartbeat?.();
      cancelHeartbeat = undefined;
    },
  };
}
