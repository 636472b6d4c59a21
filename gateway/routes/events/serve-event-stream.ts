/**
 * Serves one SSE tab of a user's event log once the route has decided who may read it: checks
 * `Accept` lists text/event-stream (405 otherwise), writes the headers (no caching or proxy
 * buffering, no socket timeout), and subscribes from `Last-Event-ID` (header, or the
 * `lastEventId` query for polyfills) until the client goes away. The chat's /sse/{username},
 * Fastpath visitors' streams and the room pool's stream all come here. `options.maxStreams` caps
 * the streams of that user (the oldest closes, see sse/event-hub.ts); without it, no cap.
 */
import type { Request, Response } from 'express';
import { GatewayError } from '../../errors/index.js';
import type { EventHub, SubscribeOptions, Subscription } from '../../sse/index.js';
import { responseSink } from './response-sink.js';

export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((t) => t.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}

export function serveEventStream(events: Pick<EventHub, 'subscribe'>, req: Request, res: Response, username: string, lastEventIdQuery: string | undefined, options: SubscribeOptions = {}): void {
  if (!acceptsEventStream(req.headers.accept)) {
    throw new GatewayError('method-not-allowed', 'Send Accept: text/event-stream', { resource: username });
  }
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  req.socket.setNoDelay(true);
  req.socket.setTimeout(0);

  let sub: Subscription | undefined;
  res.on('close', () => sub?.close());
  if (res.destroyed || req.socket.destroyed) return;
  const header = req.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) || lastEventIdQuery || undefined;
  sub = events.subscribe(username, responseSink(res), lastEventId, options);
}
