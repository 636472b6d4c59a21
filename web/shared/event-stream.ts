/**
 * Reads one of ofgate's SSE streams with the browser's EventSource: named events (`chatapi.*`),
 * each handed over once with its JSON payload and id. Rules: a reconnect after a network drop
 * is EventSource's own (it sends Last-Event-ID, which the server prefers over the query); after
 * a page reload the caller passes the last id it kept and it goes in the `lastEventId` query;
 * an event whose id is not newer than the last one handed over is dropped (a replay overlapping
 * what was already seen); a stream the server refused for good (EventSource CLOSED) is reported.
 */

export interface EventStreamOptions {
  readonly url: string;
  readonly lastEventId?: string;
  readonly names: readonly string[];
  onEvent(name: string, data: Record<string, unknown>, id: string): void;
  /** The stream was refused or closed for good (no more reconnects). */
  onClosed?(): void;
}

export interface EventStreamHandle {
  close(): void;
}

/** `<epoch>-<seq>` → comparable pair; undefined for other shapes (then nothing is dropped). */
function idOrder(id: string): [number, number] | undefined {
  const m = /^(\d+)-(\d+)$/.exec(id);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Is `id` after `last`? (unknown shapes count as newer) */
export function isNewer(id: string, last: string | undefined): boolean {
  if (!last) return true;
  const a = idOrder(id);
  const b = idOrder(last);
  if (!a || !b) return id !== last;
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

export function openEventStream(opts: EventStreamOptions): EventStreamHandle {
  const url = new URL(opts.url);
  if (opts.lastEventId) url.searchParams.set('lastEventId', opts.lastEventId);
  let last = opts.lastEventId;
  const source = new EventSource(url.toString(), { withCredentials: false });
  for (const name of opts.names) {
    source.addEventListener(name, (e) => {
      const ev = e as MessageEvent<string>;
      if (ev.lastEventId && !isNewer(ev.lastEventId, last)) return;
      let data: unknown;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (ev.lastEventId) last = ev.lastEventId;
      if (data && typeof data === 'object') opts.onEvent(name, data as Record<string, unknown>, ev.lastEventId);
    });
  }
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) opts.onClosed?.();
  });
  return { close: () => source.close() };
}
