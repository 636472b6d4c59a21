/**
 * A client request's wait (`?wait=`): follows the pool's event channel (the one the web app's
 * SSE stream reads, shared by every instance) until the ticket is matched (`roompool.match`)
 * or ended, or the time is up (gateway/sse's waitForEvent replays what was logged before the
 * wait began; the caller reads the state after subscribing, so a match that raced the wait is
 * not missed).
 */
import { waitForEvent, type EventHub } from '../sse/index.js';

export type WaitOutcome = { readonly kind: 'matched' } | { readonly kind: 'ended' } | { readonly kind: 'timeout' };

export interface MatchWait {
  readonly outcome: Promise<WaitOutcome>;
  cancel(): void;
}

export function waitForMatch(events: Pick<EventHub, 'subscribe'>, channel: string, ticket: string, ms: number): MatchWait {
  const wait = waitForEvent(events, channel, (_name, data) => outcomeOf(data, ticket), ms);
  return { outcome: wait.outcome.then((o) => o ?? { kind: 'timeout' }), cancel: () => wait.cancel() };
}

function outcomeOf(data: unknown, ticket: string): WaitOutcome | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as { type?: unknown; ticket?: unknown };
  if (d.ticket !== ticket) return undefined;
  if (d.type === 'roompool.match') return { kind: 'matched' };
  if (d.type === 'roompool.ticket') return { kind: 'ended' };
  return undefined;
}
