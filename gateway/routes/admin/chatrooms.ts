/**
 * chatrooms: list, create-or-overwrite (POST and PUT share ofchat's upsert), read, destroy.
 * References: ofchat-api.md §5.2, §8 (chat rooms); Openfire REST API plugin readme "Chat room related REST Endpoints".
 */
import { chatRoomEntity, chatRoomsEntity, type Dialect } from '../../entities/index.js';
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
  doc: 'true: owners/admins/members/outcasts also list the members of the groups holding that affiliation (default: only individual affiliations; the groups are under ownerGroups/adminGroups/…)',
};

export const sendInvitationsParam: QueryParam = {
  name: 'sendInvitations',
  type: 'boolean',
  doc: 'true: the room sends a MUC invitation (XEP-0045 mediated) to each JID given an owner, admin or member affiliation (members of such groups too)',
};

export const isTrue = (v: string | undefined): boolean => (v ?? '').trim().toLowerCase() === 'true';

export function chatRoomRoutes(s: RouteServices): RouteSpec[] {
  const muc = s.muc;
  return [
    {
      method: 'get', path: '/chatrooms', scope: 'api', tag, access: 'admin',
      summary: 'List chat rooms',
      query: [
        servicenameParam,
        { name: 'type', doc: 'public (default): rooms listed in the directory; all: every room; any other value: an empty list (as the plugin)' },
        { name: 'search', doc: 'Only rooms whose name or natural name contains this text (case-insensitive)' },
        expandGroupsParam,
      ],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRoomsEntity }, errors: [400, 404],
      handle: async (r) => {
        const type = (r.query.type ?? 'public').toLowerCase();
        const svc = muc.service(r.query.servicename);
        if (type !== 'public' && type !== 'all') return ok({ chatRoom: [] });
        const rooms = await muc.listRooms(svc, { type, search: r.query.search, expandGroups: isTrue(r.query.expandGroups) });
        return ok({ chatRoom: rooms.map((v) => roomEntity(v, r.dialect)) });
      },
    },
    {
      method: 'post', path: '/chatrooms', scope: 'api', tag, access: 'admin',
      summary: 'Create a chat room (an existing room of that name is overwritten, as ofchat does)',
      description: 'Omitted booleans are false, omitted broadcastPresenceRoles is empty, the name is lower-cased, '
        + 'owner defaults to admin@{domain}. A JID or group in two affiliation lists: 409 NotAllowedException. '
        + 'An unknown servicename: 404 MUCServiceNotFoundException (ejabberd cannot add a MUC service at run time; the plugin creates it). '
        + 'registrationEnabled and loginRestrictedToNickname have no ejabberd 23.01 '
        + 'option: ofgate keeps and returns them but ejabberd does not enforce them.',
      query: [servicenameParam, sendInvitationsParam], body: { kind: 'entity', entity: chatRoomEntity, required: true },
      result: { kind: 'empty', status: 201 }, errors: [400, 404, 409],
      handle: async (r) => {
        await muc.putRoom(muc.service(r.query.servicename), r.entity, undefined, { sendInvitations: isTrue(r.query.sendInvitations) });
        return empty;
      },
    },
    {
      method: 'get', path: '/chatrooms/{roomName}', scope: 'api', tag, access: 'admin',
      summary: 'Get a chat room', query: [servicenameParam, expandGroupsParam],
      body: { kind: 'none' }, result: { kind: 'entity', status: 200, entity: chatRoomEntity }, errors: [400, 404],
      handle: async (r) => ok(roomEntity(await muc.getRoom(muc.room(r.query.servicename, r.params.roomName ?? ''), isTrue(r.query.expandGroups)), r.dialect)),
    },
    {
      method: 'put', path: '/chatrooms/{roomName}', scope: 'api', tag, access: 'admin',
      summary: 'Overwrite a chat room (created when missing; roomName in the body must match)',
      query: [servicenameParam, sendInvitationsParam], body: { kind: 'entity', entity: chatRoomEntity, required: true },
      result: { kind: 'empty', status: 200 }, errors: [400, 404, 409],
      handle: async (r) => {
        await muc.putRoom(muc.service(r.query.servicename), r.entity, r.params.roomName ?? '', { sendInvitations: isTrue(r.query.sendInvitations) });
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
    subject: v.subject ?? '', // MUCRoom.subject defaults to ""
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
