/**
 * A small EventSource for tests over plain http.request: sends the headers you give (Accept,
 * Authorization, Last-Event-ID), parses id/event/data as the browser does, and lets tests await
 * events. A non-200 answer resolves with its status, headers and body (no stream).
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { createSseParser, type SseMessage } from './sse-parse.js';

export type { SseMessage };

export interface SseClient {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Non-200 answers: the body. */
  readonly body: string;
  readonly events: SseMessage[];
  /** The id of the last event received (what a browser sends as Last-Event-ID on reconnect). */
  readonly lastEventId: string;
  readonly comments: number;
  readonly retry: number | undefined;
  /** True once the server ended the stream. */
  readonly ended: boolean;
  /** Resolves when `count` events (in all) have arrived. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseMessage[]>;
  waitFor(match: (m: SseMessage) => boolean, timeoutMs?: number, what?: string): Promise<SseMessage>;
  /** Resolves when `cond` holds (checked on every chunk). */
  waitUntil(cond: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Resolves when the server ends the stream. */
  waitForEnd(timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface SseOptions {
  authorization?: string;
  /** Default text/event-stream; null sends no Accept header. */
  accept?: string | null;
  lastEventId?: string;
}

export function openSse(url: string, opts: SseOptions = {}): Promise<SseClient> {
  const headers: Record<string, string> = {};
  if (opts.accept !== null) headers.Accept = opts.accept ?? 'text/event-stream';
  if (opts.authorization) headers.Authorization = opts.authorization;
  if (opts.lastEventId) headers['Last-Event-ID'] = opts.lastEventId;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.setEncoding('utf8');
      const parser = createSseParser();
      const events: SseMessage[] = [];
      const listeners = new Set<() => void>();
      let body = '';
      let ended = false;
      const notify = (): void => {
        for (const l of [...listeners]) l();
      };
      res.on('data', (chunk: string) => {
        if (res.statusCode !== 200) return void (body += chunk);
        events.push(...parser.feed(chunk));
        notify();
      });
      const finish = (): void => {
        ended = true;
        notify();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);

      const waitUntil = <T>(get: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
        const have = get();
        if (have !== undefined) return Promise.resolve(have);
        return new Promise((ok, fail) => {
          const check = (): void => {
            const v = get();
            if (v === undefined) return;
            clearTimeout(timer);
            listeners.delete(check);
            ok(v);
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(events).slice(-1500)}`));
          }, timeoutMs);
          listeners.add(check);
        });
      };

      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body;
        },
        events,
        get lastEventId() {
          return parser.lastEventId;
        },
        get comments() {
          return parser.comments;
        },
        get retry() {
          return parser.retry;
        },
        get ended() {
          return ended;
        },
        waitForEvents: (count, timeoutMs = 5000) => waitUntil(() => (events.length >= count ? events.slice(0, count) : undefined), timeoutMs, `${count} events`),
        waitFor: (match, timeoutMs = 5000, what = 'event') => waitUntil(() => events.find(match), timeoutMs, what),
        waitUntil: (cond, timeoutMs = 5000, what = 'condition') => waitUntil(() => (cond() ? true : undefined), timeoutMs, what).then(() => undefined),
        waitForEnd: (timeoutMs = 5000) => waitUntil(() => (ended ? true : undefined), timeoutMs, 'end of stream').then(() => undefined),
        close() {
          req.destroy();
        },
      };
      if (res.statusCode === 200) return resolve(client);
      res.on('end', () => resolve(client));
    });
    req.on('error', reject);
    req.end();
  });
}
