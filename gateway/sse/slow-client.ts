/**
 * When an SSE client is "too slow" and its stream is cut (the client reconnects with
 * Last-Event-ID and the hub replays from its bounded log). Pure: the stream (sse-stream.ts) keeps
 * the state and asks here when a live frame is queued and on the hub's shared periodic check.
 *
 * Two rules, either one cuts (issue 19 review):
 * - stalled: live data has been waiting unsent for longer than `slowClientMs` while the sink did
 *   not drain once (each drain is progress: the wait starts again from it). A client that reads,
 *   however big the burst, is never cut by time; one that stopped reading is cut soon after the
 *   next live event, however small;
 * - ceiling: the unsent live bytes exceed `maxBufferedBytes`, the memory one client may hold
 *   while the time rule has not yet decided (a hard bound, set high enough for a burst).
 * Replay data never counts (the log holds it anyway; it is written as the client reads).
 */

export interface SlowClientLimits {
  /** Unsent live bytes past which the stream is cut at once (config sse.maxBufferedBytes). */
  readonly maxBufferedBytes: number;
  /** How long live data may wait without the sink draining (config sse.slowClientSeconds, in ms). */
  readonly slowClientMs: number;
}

/** What the stream knows of its live backlog. */
export interface LiveBacklog {
  /** Live bytes queued, not yet written to the sink. */
  readonly queuedBytes: number;
  /** Since when live data has waited with no drain (undefined: none waits). */
  readonly stalledSince: number | undefined;
}

export type TooSlow =
  | { readonly rule: 'ceiling'; readonly queuedBytes: number }
  | { readonly rule: 'stalled'; readonly queuedBytes: number; readonly waitedMs: number };

/** The reason to cut the stream now, or undefined while it may go on. */
export function tooSlow(backlog: LiveBacklog, now: number, limits: SlowClientLimits): TooSlow | undefined {
  if (backlog.queuedBytes > limits.maxBufferedBytes) return { rule: 'ceiling', queuedBytes: backlog.queuedBytes };
  if (backlog.stalledSince === undefined || backlog.queuedBytes === 0) return undefined;
  const waitedMs = now - backlog.stalledSince;
  return waitedMs > limits.slowClientMs ? { rule: 'stalled', queuedBytes: backlog.queuedBytes, waitedMs } : undefined;
}
