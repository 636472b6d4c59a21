/**
 * The visitor's rating and transcript of its chat (docs/pages.md): POST ask/{userId}/rating and
 * GET ask/{userId}/transcript (`?format=text`: text/plain).
 *
 * Who: the visitor's token, or an admin / the secret. Unlike the other ask/{userId} routes, the
 * token still opens these once the chat has ended, until the visitor's grace period is over
 * (fastpath.visitorGraceSeconds: its ask record goes, and the token lapses with it): rating and
 * downloading come after the end. A token of an earlier request of the same userID opens
 * nothing (401). Both need the request to have reached its support room (a chat record; 400
 * before). No stream is needed: the transcript is read as the room's agent, on any instance.
 */
import { isAdmin, type Principal } from '../../auth/index.js';
import { badRequest, forbidden, GatewayError, notFound } from '../../errors/index.js';
import { type AskRecord, type ChatRecord, type FastpathRuntime, ratingInput, transcriptText } from '../../fastpath/index.js';
import { empty, ok, text, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { transcriptOfRecord, transcriptValue } from './chat-record-routes.js';
import { tokenOf } from './visitor-access.js';
import { ratingEntity, transcriptEntity } from '../../entities/index.js';

const tag = 'Fastpath visitor';

/** The request of visitor `userId` the caller may act on, ended or not, until its grace period is over. */
async function recentAsk(fastpath: FastpathRuntime, principal: Principal | undefined, token: string | undefined, userId: string): Promise<AskRecord> {
  const current = await fastpath.visitors.recordOfUser(userId);
  if (principal && isAdmin(principal)) {
    if (!current) throw notFound(`Assistance not found for ${userId}`, { resource: userId });
    return current;
  }
  const requestId = token === undefined ? undefined : fastpath.tokens.verify(token);
  const ask = requestId === undefined ? undefined : await fastpath.visitors.record(requestId);
  if (!ask) throw new GatewayError('unauthorized', 'A visitor token (Authorization: Bearer <token> from POST ask), an admin or the shared secret is required');
  if (ask.userId !== userId) throw forbidden('This visitor token is for another visitor', { resource: userId });
  if (current?.requestId !== ask.requestId) throw new GatewayError('unauthorized', 'This visitor token belongs to an earlier request of this visitor');
  return ask;
}

export function visitorExtraRoutes(s: RouteServices): RouteSpec[] {
  const { fastpath } = s;
  const chatOf = async (ask: AskRecord): Promise<ChatRecord> => {
    const record = await fastpath.chatRecords.get(ask.requestId);
    if (!record) throw badRequest(`${ask.userId} has not reached an agent yet`, { resource: ask.userId });
    return record;
  };
  const askOf = (r: Parameters<NonNullable<RouteSpec['handle']>>[0]) => recentAsk(fastpath, r.principal, tokenOf(r.headers, r.query), r.params.userId ?? '');

  return [
    {
      method: 'post', path: '/ask/{userId}/rating', scope: 'api', tag, access: 'either',
      summary: 'Rate the visitor\'s chat',
      description: 'rating 1 (bad) to 5 (good), comment optional (at most 2000 characters); stored with the chat record (the console shows it); rating again replaces it. '
        + 'Once an agent accepted, and after the chat ended until the visitor\'s grace period is over (fastpath.visitorGraceSeconds). 400 before an agent accepted.',
      query: [{ name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' }],
      body: { kind: 'entity', entity: ratingEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        const ask = await askOf(r);
        const rating = ratingInput(r.entity);
        await chatOf(ask);
        await fastpath.chatRecords.rate(ask.requestId, rating, s.workgroups.now());
        return empty;
      },
    },
    {
      method: 'get', path: '/ask/{userId}/transcript', scope: 'api', tag, access: 'either',
      summary: 'The visitor\'s chat transcript',
      description: 'Its messages, oldest first ({from, nick, role visitor|agent, body, at}); ?format=text: a text/plain transcript (one line per message) to download. '
        + 'Once an agent accepted, and after the chat ended until the visitor\'s grace period is over. 400 before an agent accepted.',
      query: [
        { name: 'token', doc: 'The visitor token (instead of Authorization: Bearer)' },
        { name: 'format', doc: 'text: text/plain instead of the entity', enum: ['text'] },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: transcriptEntity }, errors: [400, 404],
      handle: async (r) => {
        const ask = await askOf(r);
        const record = await chatOf(ask);
        const messages = await transcriptOfRecord(fastpath, record);
        if (r.query.format === 'text') return text(transcriptText(record, messages));
        return ok({ requestId: record.requestId, message: messages.map(transcriptValue) });
      },
    },
  ];
}
