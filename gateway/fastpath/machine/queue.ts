/**
 * The queue itself: order, positions, wait estimates, and a request leaving it. Pure.
 *
 * Rules:
 * - Order: higher priority first, then arrival (`seq`) within a priority. Inserting by that key
 *   puts a request that comes back (room failed) at its old place.
 * - Position is 1-based; the estimate is average wait × position seconds, or 15 s × position
 *   before any request was served (Openfire's `avg × (index + 1)`).
 * - The average is Openfire's: on each accepted request, avg = (avg + wait) / 2, wait counted
 *   from the first ask (across overflows). Cancelled requests do not count.
 * - A request that leaves the queue takes its deadlines with it and is remembered in `finished`
 *   (bounded), so a late accept or reject still gets a precise answer.
 */
import { cancelDeadline, type Draft } from './draft.js';
import { FINISHED_KEPT, type QueuedRequestData, type WorkgroupState } from './state.js';

/** Estimate per position before any request was served, seconds. */
export const DEFAULT_WAIT_SECONDS = 15;

function before(a: QueuedRequestData, b: QueuedRequestData): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
}

export function insertInOrder(queue: QueuedRequestData[], req: QueuedRequestData): void {
  let i = queue.length;
  while (i > 0 && before(req, queue[i - 1] as QueuedRequestData)) i--;
  queue.splice(i, 0, req);
}

export function estimatedSeconds(state: Pick<WorkgroupState, 'averageWaitMs'>, position: number): number {
  const per = state.averageWaitMs === null ? DEFAULT_WAIT_SECONDS : state.averageWaitMs / 1000;
  return Math.round(per * position);
}

export function recordWait(d: Draft, askedAt: number): void {
  const wait = Math.max(0, d.now - askedAt);
  d.s.averageWaitMs = d.s.averageWaitMs === null ? wait : Math.round((d.s.averageWaitMs + wait) / 2);
}

export function remember(d: Draft, requestId: string, offeredTo: readonly string[]): void {
  d.s.finished.push({ requestId, offeredTo: [...offeredTo], at: d.now });
  if (d.s.finished.length > FINISHED_KEPT) d.s.finished.splice(0, d.s.finished.length - FINISHED_KEPT);
}

/**
 * Takes the request out of the queue and cancels its request and rejection deadlines (its offers
 * must be withdrawn first). Returns it, or undefined when it is not queued.
 */
export function leaveQueue(d: Draft, requestId: string): QueuedRequestData | undefined {
  const i = d.s.queue.findIndex((r) => r.requestId === requestId);
  if (i < 0) return undefined;
  const [req] = d.s.queue.splice(i, 1) as [QueuedRequestData];
  cancelDeadline(d, { kind: 'requestTimeout', requestId, requestSeq: req.seq });
  for (const r of req.rejectors) cancelDeadline(d, { kind: 'rejectionExpiry', requestId, agent: r.agent, until: r.until });
  return req;
}

/** Request id → 1-based position. */
export function positions(queue: ReadonlyArray<{ readonly requestId: string }>): Map<string, number> {
  return new Map(queue.map((r, i) => [r.requestId, i + 1]));
}
