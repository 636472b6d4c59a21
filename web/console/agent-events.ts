/**
 * The agent's live events: GET /sse/{username} read with fetch (EventSource cannot send the
 * agent's Basic header). Each `chatapi.*` event is handed over once with its JSON payload.
 * Rules: after a drop it reconnects with Last-Event-ID (back-off 1 s doubling to 15 s), so the
 * server replays exactly what was missed; an id not newer than the last one handed over is
 * dropped (a replay overlapping what was seen); 401/403/404 end the stream for good (the session
 * or its chat stream is gone) and are reported; `close()` aborts at once and never reconnects.
 */
import { isNewer } from '../shared/event-stream.js';
import { SseFrameReader } from './sse-frames.js';

export type StreamState = 'open' | 'retrying' | 'closed';

export interface AgentEventsOptions {
  readonly username: string;
  readonly authorization: string;
  readonly lastEventId?: string;
  onEvent(name: string, data: Record<string, unknown>, id: string): void;
  onState(state: StreamState, status?: number): void;
}

export interface AgentEventsHandle {
  close(): void;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

export function openAgentEvents(opts: AgentEventsOptions): AgentEventsHandle {
  const abort = new AbortController();
  let last = opts.lastEventId;
  let retryMs = FIRST_RETRY_MS;

  const dispatch = (name: string, raw: string, id: string): void => {
    if (!name.startsWith('chatapi.')) return;
    if (id && !isNewer(id, last)) return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return;
    }
    if (id) last = id;
    if (data && typeof data === 'object') opts.onEvent(name, data as Record<string, unknown>, id);
  };

  const once = async (): Promise<'retry' | 'stop'> => {
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: opts.authorization };
    if (last) headers['Last-Event-ID'] = last;
    const res = await fetch(`/sse/${encodeURIComponent(opts.username)}`, { headers, credentials: 'omit', cache: 'no-store', signal: abort.signal });
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      opts.onState('closed', res.status);
      return 'stop';
    }
    if (!res.ok || !res.body) return 'retry';
    opts.onState('open');
    retryMs = FIRST_RETRY_MS;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const frames = new SseFrameReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'retry';
      for (const f of frames.push(value)) dispatch(f.event, f.data, f.id);
    }
  };

  void (async () => {
    while (!abort.signal.aborted) {
      let outcome: 'retry' | 'stop' = 'retry';
      try {
        outcome = await once();
      } catch {
        outcome = 'retry';
      }
      if (outcome === 'stop' || abort.signal.aborted) return;
      opts.onState('retrying');
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  })();

  return { close: () => abort.abort() };
}
