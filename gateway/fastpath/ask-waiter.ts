/**
 * POST ask's wait: follows the visitor's own event log (the one its SSE stream reads, shared by
 * every instance) until the request has its room (`chatapi.ask` offer) or left the queue
 * (depart-queue), or the time is up (gateway/sse's waitForEvent: an accept that raced the wait
 * is not missed).
 */
import { waitForEvent, type EventHub } from '../sse/index.js';

export type AskOutcome =
  | { readonly kind: 'offer'; readonly room: string }
  | { readonly kind: 'depart'; readonly reason: string }
  | { readonly kind: 'timeout' };

export async function waitForRoom(events: Pick<EventHub, 'subscribe'>, account: string, requestId: string, ms: number): Promise<AskOutcome> {
  const wait = waitForEvent(events, account, (name, data) => outcomeOf(name, data, requestId), ms);
  return (await wait.outcome) ?? { kind: 'timeout' };
}

function outcomeOf(name: string, data: unknown, requestId: string): AskOutcome | undefined {
  if (name !== 'chatapi.ask' || typeof data !== 'object' || data === null) return undefined;
  const d = data as { type?: unknown; requestId?: unknown; mucRoom?: unknown; reason?: unknown };
  if (d.requestId !== requestId) return undefined;
  if (d.type === 'offer' && typeof d.mucRoom === 'string') return { kind: 'offer', room: d.mucRoom };
  if (d.type === 'depart-queue') return { kind: 'depart', reason: typeof d.reason === 'string' ? d.reason : 'departure-requested' };
  return undefined;
}
