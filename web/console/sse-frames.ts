/**
 * The text/event-stream format, read incrementally: feed it chunks as they arrive, get back the
 * complete events. Rules (the HTML standard's): lines end in \n, \r\n or \r; a blank line ends
 * an event; `:` lines are comments (heartbeats); several `data:` lines join with \n; one space
 * after the colon is dropped; an event without data is not dispatched; `id` is kept per event.
 * Pure: no DOM, no I/O.
 */

export interface SseFrame {
  readonly event: string;
  readonly data: string;
  readonly id: string;
}

export class SseFrameReader {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id = '';

  /** Adds a chunk of text; returns the events it completed. */
  push(chunk: string): SseFrame[] {
    this.buffer += chunk;
    const out: SseFrame[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // a lone \r at the end may be the first half of \r\n: wait for more
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const frame = this.line(line);
      if (frame) out.push(frame);
    }
    return out;
  }

  private line(line: string): SseFrame | undefined {
    if (line === '') {
      const frame = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n'), id: this.id } : undefined;
      this.event = '';
      this.data = [];
      return frame;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }
}
