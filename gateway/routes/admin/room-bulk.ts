/**
 * POST chatrooms/bulk: creates several rooms (each as POST chatrooms does: an existing room of
 * that name is overwritten) and reports each one, grouped as the plugin's
 * RoomCreationResultEntities: `{"results":{"success":[…],"failure":[…],"other":[]}}` — a room
 * the request refuses (bad entity, duplicate affiliations, unknown group) fails alone; ejabberd
 * failing fails the whole request.
 * References: Openfire REST API plugin MUCRoomService.createMUCRooms, MUCRoomController.createMultipleChatRooms,
 * entity/RoomCreationResultEntities.java, entity/RoomCreationResultEntity.java.
 */
import { chatRoomsEntity, entity, list, scalar } from '../../entities/index.js';
import { ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { isTrue, sendInvitationsParam, servicenameParam } from './chatrooms.js';

const roomCreationResultEntity = entity('result', 'RoomCreationResult', 'How the creation of one room ended.', {
  roomName: scalar('string', 'The room'),
  resultType: scalar('string', 'Success or Failure'),
  message: scalar('string', 'What happened'),
});

/** XML `<results><success><result>…` (propOrder success, failure, other). */
export const roomCreationResultsEntity = entity('results', 'RoomCreationResults', 'The rooms of a bulk creation, by result.', {
  success: list('result', roomCreationResultEntity, { doc: 'Rooms created (or overwritten)' }),
  failure: list('result', roomCreationResultEntity, { doc: 'Rooms refused, each with the reason' }),
  other: list('result', roomCreationResultEntity, { doc: 'Always empty' }),
});

export function roomBulkRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'post', path: '/chatrooms/bulk', scope: 'api', tag: 'Chat rooms', access: 'admin',
      summary: 'Create several chat rooms',
      description: 'Body {"chatRooms":[chatRoom…]} (XML <chatRooms><chatRoom>…). Each room as POST chatrooms (an existing one is overwritten).',
      query: [servicenameParam, sendInvitationsParam], body: { kind: 'entity', entity: chatRoomsEntity, required: true },
      result: { kind: 'entity', status: 200, entity: roomCreationResultsEntity }, errors: [400, 404],
      handle: async (r) => {
        const rooms = ((r.entity.chatRoom as unknown[] | undefined) ?? []).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
        const results = await s.muc.createRooms(s.muc.service(r.query.servicename), rooms, { sendInvitations: isTrue(r.query.sendInvitations) });
        return ok({
          success: results.filter((x) => x.resultType === 'Success'),
          failure: results.filter((x) => x.resultType === 'Failure'),
          other: [],
        });
      },
    },
  ];
}
