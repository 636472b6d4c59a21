/**
 * An EventSink in memory: records what was written, can pretend to be full (write → false
 * after `capacity` bytes until `drain()`), and parses what it got as SSE.
 */
import type { EventSink } from '../../gateway/sse/index.js';
import { parseSse, type SseMessage } from './sse-parse.js';

export interface MemorySink extends EventSink {
  readonly text: string;
  readonly closed: boolean;
  /** Events (id/event/data) received so far. */
  events(): SseMessage[];
  /** Frees the buffer and fires the drain listeners. */
  drain(): void;
}

export function createMemorySink(capacity = Infinity): MemorySink {
  let text = '';
  let pending = 0;
  let closed = false;
  const drains: Array<() => void> = [];
  return {
    write(chunk) {
      if (closed) throw new Error('write after close');
      text += chunk;
      pending += Buffer.byteLength(chunk);
      return pending < capacity;
    },
    onDrain(cb) {
      drains.push(cb);
    },
    close() {
      if (closed) throw new Error('closed twice');
      closed = true;
    },
    drain() {
      pending = 0;
      for (const d of drains) d();
    },
    events: () => parseSse(text).messages,
    get text() {
      return text;
    },
    get closed() {
      return closed;
    },
  };
}
