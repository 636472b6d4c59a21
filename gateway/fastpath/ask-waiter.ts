/**
 * POST ask's wait: follows the visitor's own event log (the one its SSE stream reads, shared by
 * every instance) until the request has its room (`chatapi.ask` offer) or left the queue
 * (depart-queue), or the time is up. Subscribing replays what was logged before the wait began,
 * so an accept that raced the subscription is not missed; events are read from ofgate's own
 * frames (one `event:` and one JSON `data:` line each, sse-frame.ts).
 */
import type { EventHub } from '../sse/index.js';

export type AskOutcome =
  | { readonly kind: 'offer'; readonly room: string }
  | { readonly kind: 'depart'; readonly reason: string }
  | { readonly kind: 'timeout' };

export function waitForRoom(events: Pick<EventHub, 'subscribe'>, account: string, requestId: string, ms: number): Promise<AskOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let pending = '';
    const finish = (o: AskOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => sub.close());
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
    const sub = events.subscribe(account, {
      write(chunk) {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const o = outcomeOf(frame, requestId);
          if (o) finish(o);
        }
        return true;
      },
      onDrain() {},
      close() {
        finish({ kind: 'timeout' });
      },
    }, '0-0');
  });
}

function outcomeOf(frame: string, requestId: string): AskOutcome | undefined {
  let name = '';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data = line.slice(6);
  }
  if (name !== 'chatapi.ask' || data === '') return undefined;
  let d: { type?: unknown; requestId?: unknown; mucRoom?: unknown; reason?: unknown };
  try {
    d = JSON.parse(data) as typeof d;
  } catch {
    return undefined;
  }
  if (d.requestId !== requestId) return undefined;
  if (d.type === 'offer' && typeof d.mucRoom === 'string') return { kind: 'offer', room: d.mucRoom };
  if (d.type === 'depart-queue') return { kind: 'depart', reason: typeof d.reason === 'string' ? d.reason : 'departure-requested' };
  return undefined;
}
