/**
 * A Fastpath visitor (a visitor token, Bearer or ?token=) gets its own request's events under
 * `/sse/{userID}` (401 bad token, 403 another visitor's). Otherwise the checks of GET
 * /sse/{username}, in this order: credentials of a user (401 + Basic
 * challenge, from the error renderer), that user is {username} (503 as ofchat; checked before
 * the login so that one user cannot probe whether another is logged in — ofchat answered 404
 * first), a chat stream exists (404), Accept lists text/event-stream (405; ofchat demanded the
 * exact string, browsers send exactly that). Then the stream is opened and subscribed until the
 * client goes away, at most sse.maxStreamsPerUser of them per user (the oldest closes).
 * References: ofchat-api.md §2.2, §6.
 */
import type { Request, Response } from 'express';
import { GatewayError } from '../../errors/index.js';
import type { RouteRequest } from '../../http/index.js';
import { isLocal, splitJid } from '../../jid/index.js';
import type { RouteServices } from '../route-services.js';
import { serveEventStream } from './serve-event-stream.js';
import { askOfToken, tokenOf } from '../fastpath/visitor-access.js';

export async function openEventStream(s: RouteServices, rr: RouteRequest, { req, res }: { req: Request; res: Response }): Promise<void> {
  const token = tokenOf(req.headers, rr.query);
  const owner = token !== undefined ? await visitorOwner(s, token, rr.params.username ?? '') : await userOwner(s, req, rr.params.username ?? '');
  const copies = rr.query.stanzaCopies;
  serveEventStream(s.events, req, res, owner, rr.query.lastEventId, {
    maxStreams: s.config.sse.maxStreamsPerUser,
    ...(copies === 'true' ? { stanzaCopies: true } : copies === 'false' ? { stanzaCopies: false } : {}),
  });
}

/** A chat user's stream: its own Basic credentials, its stream opened. */
async function userOwner(s: RouteServices, req: Request, param: string): Promise<string> {
  const principal = await s.authenticate(req);
  if (!principal || principal.kind !== 'user') {
    throw new GatewayError('unauthorized', 'Event streams need the Basic credentials of their user');
  }
  const owner = streamOwner(param, s.config.xmpp.domain);
  if (principal.username !== owner) {
    throw new GatewayError('upstream-unavailable', 'These credentials are not those of the stream owner', { resource: param });
  }
  if (!(await s.chat.hasStream(owner))) {
    throw new GatewayError('not-found', 'No chat session: log in first (POST chat/{username}/login)', { resource: owner });
  }
  return owner;
}

/** A Fastpath visitor's stream (`/sse/{userID}`): its token, for its own userID only; the events of its account. */
async function visitorOwner(s: RouteServices, token: string, userId: string): Promise<string> {
  const ask = await askOfToken(s.fastpath, token);
  if (!ask) throw new GatewayError('unauthorized', 'This visitor token is not valid (or its request ended)');
  if (ask.userId !== userId) throw new GatewayError('forbidden', 'This visitor token is for another visitor', { resource: userId });
  return ask.account;
}

/** `Alice` or `alice@<domain>` → `alice`; another domain can never match a local user. */
function streamOwner(param: string, domain: string): string {
  const name = param.trim().toLowerCase();
  if (!name.includes('@')) return name;
  const jid = splitJid(name);
  return jid.resource === '' && isLocal(jid, domain) ? jid.local : `\0${name}`;
}
