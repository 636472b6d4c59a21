/**
 * chatrooms: list, create-or-overwrite (POST and PUT share ofchat's upsert), read, destroy.
 * References: ofchat-api.md §5.2, §8 (chat rooms); Openfire REST API plugin readme "Chat room related REST Endpoints".
 */
import { chatRoomEntity, chatRoomsEntity, type Dialect } from '../../entities/index.js';
import { badRequest } from '../../errors/index.js';
import { empty, ok, type QueryParam, type RouteSpec } from '../../http/index.js';
import type { RoomView } from '../../muc/index.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Chat rooms';

export const servicenameParam: QueryParam = {
  name: 'servicename',
  doc: 'MUC service name (the room JID is {roomName}@{servicename}.{domain}); default conference',
};

const expandGroupsParam: QueryParam = {
  name: 'expandGroups',
  type: 'boolean',
  doc: 'Accepted for compatibility: ejabberd holds group affiliations per member, so owners/admins/members/outcasts always include group members',
};

export function chatRoomRoutes(s: RouteServices): RouteSpec[] {
  const muc = s.muc;
  return [
    {
      method: 'get', path: '/chatrooms', scope: 'api', tag, access: 'admin',
      summary: 'List chat rooms',
      query: [
        servicenameParam,
        { name: 'type', doc: 'public (default): rooms listed in the directory; all: every room', enum: ['public', 'all'] },
        { name: 'search', doc: 'Only rooms whose name or natural name contains this text (case-insensitive)' },
        expandGroupsParam,
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRoomsEntity }, errors: [400, 404],
      handle: async (r) => {
        const type = (r.query.type ?? 'public').toLowerCase();
        if (type !== 'public' && type !== 'all') throw badRequest(`type must be public or all: ${type}`, { resource: 'type' });
        const rooms = await muc.listRooms(muc.service(r.query.servicename), { type, search: r.query.search });
        return ok({ chatRoom: rooms.map((v) => roomEntity(v, r.dialect)) });
      },
    },
    {
      method: 'post', path: '/chatrooms', scope: 'api', tag, access: 'admin',
      summary: 'Create a chat room (an existing room of that name is overwritten, as ofchat does)',
      description: 'Omitted booleans are false, omitted broadcastPresenceRoles is empty, the name is lower-cased, '
        + 'owner defaults to admin@{domain}. registrationEnabled and loginRestrictedToNickname have no ejabberd 23.01 '
        + 'option: ofgate keeps and returns them but ejabberd does not enforce them.',
      query: [servicenameParam], body: { kind: 'entity', entity: chatRoomEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 404, 409],
      handle: async (r) => {
        await muc.putRoom(muc.service(r.query.servicename), r.entity);
        return empty;
      },
    },
    {
      method: 'get', path: '/chatrooms/{roomName}', scope: 'api', tag, access: 'admin',
      summary: 'Get a chat room', query: [servicenameParam, expandGroupsParam],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRoomEntity }, errors: [400, 404],
      handle: async (r) => ok(roomEntity(await muc.getRoom(muc.room(r.query.servicename, r.params.roomName ?? '')), r.dialect)),
    },
    {
      method: 'put', path: '/chatrooms/{roomName}', scope: 'api', tag, access: 'admin',
      summary: 'Overwrite a chat room (created when missing; roomName in the body must match)',
      query: [servicenameParam], body: { kind: 'entity', entity: chatRoomEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
      handle: async (r) => {
        await muc.putRoom(muc.service(r.query.servicename), r.entity, r.params.roomName ?? '');
        return empty;
      },
    },
    {
      method: 'delete', path: '/chatrooms/{roomName}', scope: 'api', tag, access: 'admin',
      summary: 'Destroy a chat room', query: [servicenameParam],
      body: { kind: 'none' }, result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await muc.deleteRoom(muc.room(r.query.servicename, r.params.roomName ?? ''));
        return empty;
      },
    },
  ];
}

export function roomEntity(v: RoomView, dialect: Dialect): Record<string, unknown> {
  return {
    roomName: v.roomName,
    naturalName: v.naturalName,
    description: v.description,
    password: v.password === '' ? undefined : v.password,
    subject: v.subject,
    creationDate: v.creationDate,
    modificationDate: v.modificationDate,
    maxUsers: v.maxUsers,
    persistent: v.persistent,
    publicRoom: v.publicRoom,
    registrationEnabled: v.registrationEnabled ?? false,
    canAnyoneDiscoverJID: v.canAnyoneDiscoverJID,
    canOccupantsChangeSubject: v.canOccupantsChangeSubject,
    canOccupantsInvite: v.canOccupantsInvite,
    canChangeNickname: v.canChangeNickname,
    logEnabled: v.logEnabled,
    loginRestrictedToNickname: v.loginRestrictedToNickname ?? false,
    membersOnly: v.membersOnly,
    moderated: v.moderated,
    // allowPM exists only in the REST API plugin's entity
    allowPM: dialect === 'modern' ? v.allowPM : undefined,
    broadcastPresenceRoles: [...v.broadcastPresenceRoles],
    owners: [...v.affiliations.owner],
    ownerGroups: [...v.groups.owner],
    admins: [...v.affiliations.admin],
    adminGroups: [...v.groups.admin],
    members: [...v.affiliations.member],
    memberGroups: [...v.groups.member],
    outcasts: [...v.affiliations.outcast],
    outcastGroups: [...v.groups.outcast],
  };
}
