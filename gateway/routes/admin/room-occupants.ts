/**
 * Who is in a room (participants, occupants) and its history (read over XMPP: ejabberd 23.01
 * has no API command for room history): the room's MAM archive, or without one the recent
 * history ejabberd holds for joining occupants.
 * References: ofchat-api.md §5.2; ofchat MUCRoomController.getRoomParticipants/getRoomOccupants/getRoomHistory.
 */
import { occupantsEntity, participantsEntity, roomMessagesEntity } from '../../entities/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { servicenameParam } from './chatrooms.js';

const tag = 'Chat rooms';

export function roomOccupantRoutes(s: RouteServices): RouteSpec[] {
  const muc = s.muc;
  const common = { scope: 'api', tag, access: 'admin', query: [servicenameParam], body: { kind: 'none' }, errors: [400, 404] } as const;
  return [
    {
      ...common, method: 'get', path: '/chatrooms/{roomName}/participants', summary: 'List the room\'s occupants (room/nick, role, affiliation)',
      result: { kind: 'entity', status: 200, entity: participantsEntity },
      handle: async (r) => {
        const occupants = await muc.occupants(muc.room(r.query.servicename, r.params.roomName ?? ''));
        return ok({ participant: occupants.map(({ jid, role, affiliation }) => ({ jid, role, affiliation })) });
      },
    },
    {
      ...common, method: 'get', path: '/chatrooms/{roomName}/occupants', summary: 'List the room\'s occupants with their real JIDs',
      result: { kind: 'entity', status: 200, entity: occupantsEntity },
      handle: async (r) => ok({ occupant: await muc.occupants(muc.room(r.query.servicename, r.params.roomName ?? '')) }),
    },
    {
      ...common, method: 'get', path: '/chatrooms/{roomName}/chathistory',
      summary: 'The room\'s message history (its MAM archive, newest 1000; without an archive, the recent history a joining occupant gets)',
      description: 'Read over XMPP as a local account allowed into the room (the first configured admin when the room lets it in). '
        + 'A room without an archive (logEnabled off) gives what ejabberd holds in memory (its history_size, 20 by default), '
        + 'read by joining the room briefly under a random ofgate-… nick (occupants see it come and go).',
      errors: [400, 403, 404],
      result: { kind: 'entity', status: 200, entity: roomMessagesEntity },
      handle: async (r) => ok({ message: await muc.history(muc.room(r.query.servicename, r.params.roomName ?? '')) }),
    },
  ];
}
