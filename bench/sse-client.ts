/**
 * A minimal SSE client for the benchmarks: GET with Accept: text/event-stream and Basic
 * credentials, frames split on the blank line, `event:` and `data:` fields handed over raw
 * (WHATWG HTML §9.2 event stream interpretation, reduced to what ofgate writes: one data line).
 */
import { request, type Agent } from 'node:http';

export interface SseConnection {
  readonly status: number;
  /** Resolves when the server ends the stream (e.g. after logoff). */
  readonly ended: Promise<void>;
  close(): void;
}

export function openSse(url: string, authorization: string, onEvent: (event: string, data: string) => void, agent?: Agent): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { Accept: 'text/event-stream', Authorization: authorization }, ...(agent ? { agent } : { agent: false }) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        res.on('end', () => reject(new Error(`SSE ${new URL(url).pathname}: ${status}`)));
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(line.charCodeAt(6) === 32 ? 7 : 6);
            else if (line.startsWith('data:')) data = line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
          }
          if (data) onEvent(event, data);
        }
      });
      const ended = new Promise<void>((r) => {
        res.on('end', () => r());
        res.on('close', () => r());
        res.on('error', () => r());
      });
      resolve({ status, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
