/**
 * A client request's wait (`?wait=`): follows the pool's event channel (the one the web app's
 * SSE stream reads, shared by every instance) until the ticket is matched (`roompool.match`)
 * or ended, or the time is up. Subscribing replays what was logged before the wait began, and
 * the caller reads the state after subscribing, so a match that raced the wait is not missed.
 */
import type { EventHub } from '../sse/index.js';

export type WaitOutcome = { readonly kind: 'matched' } | { readonly kind: 'ended' } | { readonly kind: 'timeout' };

export interface MatchWait {
  readonly outcome: Promise<WaitOutcome>;
  cancel(): void;
}

export function waitForMatch(events: Pick<EventHub, 'subscribe'>, channel: string, ticket: string, ms: number): MatchWait {
  let finish: (o: WaitOutcome) => void = () => undefined;
  const outcome = new Promise<WaitOutcome>((resolve) => {
    let done = false;
    let pending = '';
    finish = (o) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => sub.close());
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
    const sub = events.subscribe(channel, {
      write(chunk) {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const o = outcomeOf(pending.slice(0, end), ticket);
          pending = pending.slice(end + 2);
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
  return { outcome, cancel: () => finish({ kind: 'timeout' }) };
}

function outcomeOf(frame: string, ticket: string): WaitOutcome | undefined {
  const data = frame.split('\n').find((l) => l.startsWith('data: '))?.slice(6);
  if (!data || !data.includes(ticket)) return undefined;
  let d: { type?: unknown; ticket?: unknown };
  try {
    d = JSON.parse(data) as typeof d;
  } catch {
    return undefined;
  }
  if (d.ticket !== ticket) return undefined;
  if (d.type === 'roompool.match') return { kind: 'matched' };
  if (d.type === 'roompool.ticket') return { kind: 'ended' };
  return undefined;
}
