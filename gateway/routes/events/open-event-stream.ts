/**
 * The checks of GET /sse/{username}, in this order: credentials of a user (401 + Basic
 * challenge, from the error renderer), that user is {username} (503 as ofchat; checked before
 * the login so that one user cannot probe whether another is logged in — ofchat answered 404
 * first), a chat stream exists (404), Accept lists text/event-stream (405; ofchat demanded the
 * exact string, browsers send exactly that). Then the stream is opened and subscribed until the
 * client goes away. References: ofchat-api.md §2.2, §6.
 */
import type { Request, Response } from 'express';
import { GatewayError } from '../../errors/index.js';
import type { RouteRequest } from '../../http/index.js';
import { isLocal, splitJid } from '../../jid/index.js';
import type { Subscription } from '../../sse/index.js';
import type { RouteServices } from '../route-services.js';
import { responseSink } from './response-sink.js';

export async function openEventStream(s: RouteServices, rr: RouteRequest, { req, res }: { req: Request; res: Response }): Promise<void> {
  const principal = await s.authenticate(req);
  if (!principal || principal.kind !== 'user') {
    throw new GatewayError('unauthorized', 'Event streams need the Basic credentials of their user');
  }
  const owner = streamOwner(rr.params.username ?? '', s.config.xmpp.domain);
  if (principal.username !== owner) {
    throw new GatewayError('upstream-unavailable', 'These credentials are not those of the stream owner', { resource: rr.params.username ?? '' });
  }
  if (!(await s.chat.hasStream(owner))) {
    throw new GatewayError('not-found', 'No chat session: log in first (POST chat/{username}/login)', { resource: owner });
  }
  if (!acceptsEventStream(req.headers.accept)) {
    throw new GatewayError('method-not-allowed', 'Send Accept: text/event-stream', { resource: owner });
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
  const lastEventId = (Array.isArray(header) ? header[0] : header) || rr.query.lastEventId || undefined;
  sub = s.events.subscribe(owner, responseSink(res), lastEventId);
}

/** `Alice` or `alice@<domain>` → `alice`; another domain can never match a local user. */
function streamOwner(param: string, domain: string): string {
  const name = param.trim().toLowerCase();
  if (!name.includes('@')) return name;
  const jid = splitJid(name);
  return jid.resource === '' && isLocal(jid, domain) ? jid.local : `\0${name}`;
}

function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((t) => t.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}
