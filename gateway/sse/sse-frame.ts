/**
 * The SSE wire format ofgate writes. Lines end in LF (valid SSE; ofchat used CRLF, parsers
 * accept both). Every event is one `id:`, one `event:` and ONE `data:` line of JSON (HTML-safe:
 * serialised with htmlSafeJson before it enters the event log, so no payload can end the line
 * or the frame).
 * References: WHATWG HTML §9.2 "Server-sent events" (event stream interpretation);
 * ofchat-api.md §6; client-expectations.md "SSE pages".
 */
import type { LoggedEvent } from '../events/index.js';

export function frameLogged(e: LoggedEvent): string {
  return `id: ${e.id}\nevent: ${e.name}\ndata: ${e.data}\n\n`;
}

/** A comment line: ignored by EventSource, but keeps proxies from closing an idle stream. */
export const HEARTBEAT_FRAME = ': ping\n\n';

/** Sent first on every stream: the browser's reconnect delay after a dropped stream. */
export const RETRY_MS = 3000;
export const RETRY_FRAME = `retry: ${RETRY_MS}\n\n`;
