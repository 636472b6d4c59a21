/**
 * MUC invitations on request: POST chatrooms/{roomName}/invite/{jid} (a user, or every member
 * of a shared roster group) with `{"reason":"…"}`, and POST chatrooms/{roomName}/invite with
 * `{"reason":"…","jidsToInvite":["jid","user","group"]}`. Mediated invitations sent from the
 * room (muc/room-invitations.ts); no affiliation check, as the plugin.
 * References: Openfire REST API plugin MUCRoomService.inviteUserOrGroupToMUCRoom,
 * inviteUsersAndOrGroupsToMUCRoom, entity/MUCInvitationEntity.java, MUCInvitationsEntity.java.
 */
import { entity, list, scalar } from '../../entities/index.js';
import { empty, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { servicenameParam } from './chatrooms.js';

const tag = 'Chat rooms';

export const mucInvitationEntity = entity('mucInvitation', 'MUCInvitation', 'An invitation into a room.', {
  reason: scalar('string', 'Shown to the invitee'),
});

export const mucInvitationsEntity = entity('mucInvitations', 'MUCInvitations', 'An invitation of several users and/or groups into a room.', {
  reason: scalar('string', 'Shown to the invitees'),
  jidsToInvite: list('jid', 'string', { doc: 'JIDs, local user names, or shared roster group names (every member is invited)' }),
});

export function roomInviteRoutes(s: RouteServices): RouteSpec[] {
  const common = { scope: 'api', tag, access: 'admin', query: [servicenameParam], result: { kind: 'empty', status: 200 }, errors: [400, 404] } as const;
  return [
    {
      ...common, method: 'post', path: '/chatrooms/{roomName}/invite/{jid}',
      summary: 'Invite a user (or every member of a shared roster group) into the room',
      body: { kind: 'entity', entity: mucInvitationEntity },
      handle: async (r) => {
        await s.muc.invite(s.muc.room(r.query.servicename, r.params.roomName ?? ''), [r.params.jid ?? ''], String(r.entity.reason ?? ''));
        return empty;
      },
    },
    {
      ...common, method: 'post', path: '/chatrooms/{roomName}/invite',
      summary: 'Invite several users and/or groups into the room',
      body: { kind: 'entity', entity: mucInvitationsEntity, required: true },
      handle: async (r) => {
        const jids = ((r.entity.jidsToInvite as unknown[] | undefined) ?? []).map(String);
        await s.muc.invite(s.muc.room(r.query.servicename, r.params.roomName ?? ''), jids, String(r.entity.reason ?? ''));
        return empty;
      },
    },
  ];
}
