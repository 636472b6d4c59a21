/**
 * An event-stream parser after WHATWG HTML §9.2.6 (id, event, data, retry, comments; CR, LF or
 * CRLF line ends), incremental: feed chunks, get complete messages.
 */
export interface SseMessage {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

export interface SseParser {
  /** Returns the messages completed by this chunk. */
  feed(chunk: string): SseMessage[];
  readonly lastEventId: string;
  readonly retry: number | undefined;
  readonly comments: number;
}

export function createSseParser(): SseParser {
  let rest = '';
  let lastEventId = '';
  let retry: number | undefined;
  let comments = 0;
  let event = '';
  let data: string[] = [];
  let pendingCr = false;
  const line = (l: string, out: SseMessage[]): void => {
    if (l === '') {
      if (data.length > 0) out.push({ id: lastEventId, event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return void (comments += 1);
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    const value = i < 0 ? '' : l.slice(i + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };
  return {
    feed(chunk) {
      const out: SseMessage[] = [];
      let s = rest + chunk;
      if (pendingCr && s.startsWith('\n')) s = s.slice(1);
      pendingCr = false;
      const parts = s.split(/\r\n|\r|\n/);
      rest = parts.pop() ?? '';
      if (rest === '' && s.endsWith('\r')) pendingCr = true;
      for (const l of parts) line(l, out);
      return out;
    },
    get lastEventId() {
      return lastEventId;
    },
    get retry() {
      return retry;
    },
    get comments() {
      return comments;
    },
  };
}

export function parseSse(text: string): { messages: SseMessage[]; comments: number; retry: number | undefined } {
  const p = createSseParser();
  const messages = p.feed(text);
  return { messages, comments: p.comments, retry: p.retry };
}
