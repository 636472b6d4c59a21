/**
 * chat/{streamid}/rooms/{roomName}[/{invitedJid}]: join (PUT), post (POST), invite
 * (POST …/{jid}), leave (DELETE), with `service` (ofchat's name here, not `servicename`).
 * Listing rooms (GET chat/rooms…) is the room administration's.
 * References: ofchat-api.md §5.7; XEP-0045.
 */
import { empty, type QueryParam, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { callerOf } from './caller-of.js';

const tag = 'Chat';
const service: QueryParam = { name: 'service', doc: 'MUC service subdomain (default conference)' };

export function chatRoomRoutes(s: RouteServices): RouteSpec[] {
  const { chat } = s;
  return [
    {
      method: 'put', path: '/chat/{streamid}/rooms/{roomName}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Join a room (nick = user name)', query: [service],
      description: 'Waits for the room to confirm (self-presence) or refuse; a room that does not exist is created with the default configuration.',
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 503, 504],
      handle: async (r) => {
        await chat.join(callerOf(r), r.params.streamid ?? '', r.params.roomName ?? '', r.query.service);
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/rooms/{roomName}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Send a message to a joined room', query: [service],
      description: 'A JSON object with `body` sends that body plus the whole JSON as the Jive property `data`; any other text is the body. The room must be joined (400).',
      body: { kind: 'text', doc: 'Message text or JSON', mediaType: 'text/plain' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 503],
      handle: async (r) => {
        await chat.post(callerOf(r), r.params.streamid ?? '', r.params.roomName ?? '', r.query.service, r.text);
        return empty;
      },
    },
    {
      method: 'post', path: '/chat/{streamid}/rooms/{roomName}/{invitedJid}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Invite someone to a joined room (mediated invitation)', query: [service],
      body: { kind: 'text', doc: 'Reason', mediaType: 'text/plain' },
      result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 503],
      handle: async (r) => {
        await chat.invite(callerOf(r), r.params.streamid ?? '', r.params.roomName ?? '', r.query.service, r.params.invitedJid ?? '', r.text);
        return empty;
      },
    },
    {
      method: 'delete', path: '/chat/{streamid}/rooms/{roomName}', scope: 'api', tag, access: 'user', stream: 'streamid',
      summary: 'Leave a joined room', query: [service],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 403, 404, 503],
      handle: async (r) => {
        await chat.leave(callerOf(r), r.params.streamid ?? '', r.params.roomName ?? '', r.query.service);
        return empty;
      },
    },
  ];
}
