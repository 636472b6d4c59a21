/**
 * chat/{streamid}/messages/{to}, chat/{streamid}/chatstate/{state}/{to}, and the history
 * chat/{username}/messages (from ejabberd's archive, mod_mam).
 * A message whose stanza would exceed server.stanzaMaxBytes is a 413 before anything is sent:
 * ejabberd would end the sender's stream for it after ofgate answered 200.
 * References: ofchat-api.md §5.7; XEP-0085; XEP-0313.
 */
import { messageContent, type Conversation } from '../../chat/index.js';
import { conversationsEntity } from '../../entities/index.js';
import { GatewayError } from '../../errors/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import { stanzaSizeProblem } from '../../xml/index.js';
import { chatMessage } from '../../xmpp/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from './caller-of.js';

const tag = 'Chat';

const toEntity = (c: Conversation): Record<string, unknown> => ({ ...c, messages: c.messages.map((m) => ({ ...m })) });

/** Bytes around the text in the largest message stanza ofgate builds (element names, id, the Jive property wrapper). */
const STANZA_FRAME_BYTES = 1024;

/** 413 when the 1:1 message `text` to `to` would be a stanza over `maxBytes` (`to` as a bare JID at most). */
export function refuseOversizedMessage(text: string, to: string, domain: string, maxBytes: number): void {
  const jid = to.includes('@') ? to : `${to}@${domain}`;
  // the worst case — every UTF-16 unit escaped to 6 bytes, the text both body and Jive data — fits:
  // no copy of the stanza is built to measure it (issue 20: the relay's common message)
  if (12 * text.length + 6 * jid.length + STANZA_FRAME_BYTES <= maxBytes) return;
  const problem = stanzaSizeProblem(Buffer.byteLength(chatMessage(jid, messageContent(text, { dataOnly: true })).toString()), maxBytes);
  if (problem) throw new GatewayError('payload-too-large', problem, { resource: 'body' });
}

export function chatMessageRoutes(s: RouteServices): RouteSpec[] {
  const chat = s.chat;
  return [
    {
      method: 'post', path: '/chat/{streamid}/messages/{to}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Send a chat message',
      description: '`to` is a bare JID (user@domain, the @ unencoded) or a local user name. A JSON object with `body` sends that body and the whole JSON '
        + 'as the Jive property `data`; a JSON object without `body` sends `data` only; any other text is the body.',
      body: { kind: 'text', doc: 'Message text or JSON', mediaType: 'text/plain' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 413, 503],
      handle: async (r) => {
        refuseOversizedMessage(r.text, r.params.to ?? '', s.config.xmpp.domain, s.config.server.stanzaMaxBytes);
        await chat.sendMessage(callerOf(r), r.params.streamid ?? '', r.params.to ?? '', r.text);
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/chatstate/{state}/{to}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Send a chat state (XEP-0085)',
      description: '`state`: active, composing, paused, inactive or gone; another value is a 400 (ofchat answered 200 and sent nothing).',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 503],
      handle: async (r) => {
        await chat.sendChatState(callerOf(r), r.params.streamid ?? '', r.params.state ?? '', r.params.to ?? '');
        return empty;
      },
    },
    {
      method: 'get', path: '/chat/{username}/messages', scope: 'api', tag, access: 'user', stream: 'username',
      summary: 'Search the user\'s archived conversations',
      description: 'Read from ejabberd\'s message archive (mod_mam) on the user\'s stream, or on a short-lived one when the user is not logged in. '
        + 'Messages with one peer (or in one room) form a conversation until a 10-minute pause.',
      query: [
        { name: 'keywords', doc: 'Only conversations with a message containing every word' },
        { name: 'to', doc: 'The peer: a JID or a local user name' },
        { name: 'start', doc: 'From: ISO-8601 instant or MM/dd/yy' },
        { name: 'end', doc: 'Until: ISO-8601 instant or MM/dd/yy (the whole day)' },
        { name: 'room', doc: 'A room\'s archive instead of the user\'s' },
        { name: 'service', doc: 'MUC service of `room` (default conference)' },
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: conversationsEntity },
      errors: [400, 403, 404, 503, 504],
      handle: async (r) => {
        const { keywords, to, start, end, room, service } = r.query;
        const found = await chat.history(callerOf(r), r.params.username ?? '', { keywords, to, start, end, room, service });
        return ok({ conversation: found.map(toEntity) });
      },
    },
  ];
}
