/**
 * Waiting on a user's event log from inside ofgate (a POST that answers once something
 * happened: Fastpath's ask waiting for its room, the room pool's request waiting for its
 * match). It subscribes like an SSE tab, from the start of what the log retains, so an event
 * logged before the wait began is seen; each of ofgate's own frames (one `event:` and one JSON
 * `data:` line, sse-frame.ts) is handed to `match` until it returns a value, the time is up
 * (undefined) or the caller cancels (undefined).
 *
 * Note: like any tab, the wait marks what it read as delivered, so a real tab opened later
 * without Last-Event-ID does not get those events again.
 */
import type { EventHub } from './event-hub.js';

export interface EventWait<T> {
  readonly outcome: Promise<T | undefined>;
  cancel(): void;
}

/** The first value `match` gives for an event of `username`'s log within `ms`. */
export function waitForEvent<T>(hub: Pick<EventHub, 'subscribe'>, username: string, match: (name: string, data: unknown) => T | undefined, ms: number): EventWait<T> {
  let finish: (v: T | undefined) => void = () => undefined;
  const outcome = new Promise<T | undefined>((resolve) => {
    let done = false;
    let pending = '';
    finish = (v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => sub.close());
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), ms);
    const sub = hub.subscribe(username, {
      write(chunk) {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const v = matchFrame(pending.slice(0, end), match);
          pending = pending.slice(end + 2);
          if (v !== undefined) finish(v);
        }
        return true;
      },
      onDrain() {},
      close() {
        finish(undefined);
      },
    }, '0-0');
  });
  return { outcome, cancel: () => finish(undefined) };
}

function matchFrame<T>(frame: string, match: (name: string, data: unknown) => T | undefined): T | undefined {
  let name = '';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data = line.slice(6);
  }
  if (name === '' || data === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  return match(name, parsed);
}
