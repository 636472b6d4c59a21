/**
 * The chat API's read-only room directory (`GET chat/rooms…`): the admin listing's data for
 * any authenticated user, narrowed to what that user may see. ofchat served these with the
 * admin code to every user; ofgate shows a non-admin only public rooms and rooms the user is
 * affiliated with, never a room password, and real JIDs only in non-anonymous rooms.
 * References: ofchat-api.md §5.7 (GET chat/rooms…); XEP-0045 §4.2 (room types).
 */
import { isAdmin, type Principal } from '../../auth/index.js';
import { chatRoomEntity, chatRoomsEntity, occupantsEntity, participantsEntity, roomMessagesEntity } from '../../entities/index.js';
import { badRequest, forbidden, notFound } from '../../errors/index.js';
import { ok, type RouteRequest, type RouteSpec } from '../../http/index.js';
import { bare } from '../../jid/index.js';
import type { RoomView } from '../../muc/index.js';
import { roomEntity, servicenameParam } from '../admin/chatrooms.js';
import type { RouteServices } from '../route-services.js';

const tag = 'Chat';

/** May this caller see this room? Admins: all; others: public rooms or rooms they are affiliated with (not outcast). */
function canSeeRoom(p: Principal, v: RoomView, domain: string): boolean {
  if (isAdmin(p)) return true;
  if (p.kind !== 'user') return false;
  const me = bare({ local: p.username, domain });
  const affiliated = ['owner', 'admin', 'member'].some((k) => (v.affiliations[k as 'owner'] ?? []).includes(me));
  if ((v.affiliations.outcast ?? []).includes(me)) return false;
  return affiliated || (v.publicRoom && !v.membersOnly);
}

function forCaller(p: Principal, entity: Record<string, unknown>): Record<string, unknown> {
  return isAdmin(p) ? entity : { ...entity, password: undefined };
}

export function chatRoomDirectoryRoutes(s: RouteServices): RouteSpec[] {
  const visibleRoom = async (r: RouteRequest): Promise<RoomView> => {
    const p = r.principal as Principal;
    const v = await s.muc.getRoom(s.muc.room(r.query.servicename, r.params.roomName ?? ''));
    // a room the caller may not see is reported as missing: its existence is not disclosed
    if (!canSeeRoom(p, v, s.config.xmpp.domain)) throw notFound(`Room ${r.params.roomName} not found`, { resource: r.params.roomName ?? '', exception: 'RoomNotFoundException' });
    return v;
  };
  const common = { scope: 'api', tag, access: 'user', body: { kind: 'none' } } as const;
  return [
    {
      ...common, method: 'get', path: '/chat/rooms', summary: 'List the chat rooms the caller may see',
      description: 'Admins and the secret see what GET /chatrooms shows; other users see public rooms and rooms they are affiliated with (type=all is admin-only). Room passwords are shown to admins only.',
      query: [servicenameParam, { name: 'type', doc: 'public (default) or all (admins only)', enum: ['public', 'all'] }, { name: 'search', doc: 'Substring of the room name or natural name' }],
      result: { kind: 'entity', status: 200, entity: chatRoomsEntity }, errors: [400, 404],
      handle: async (r) => {
        const p = r.principal as Principal;
        const type = (r.query.type ?? 'public').toLowerCase();
        if (type !== 'public' && type !== 'all') throw badRequest(`type must be public or all: ${type}`, { resource: 'type' });
        if (type === 'all' && !isAdmin(p)) throw forbidden('type=all lists hidden rooms: admins only', { resource: 'type' });
        const rooms = await s.muc.listRooms(s.muc.service(r.query.servicename), { type: isAdmin(p) ? type : 'all', search: r.query.search });
        const visible = rooms.filter((v) => canSeeRoom(p, v, s.config.xmpp.domain));
        return ok({ chatRoom: visible.map((v) => forCaller(p, roomEntity(v, r.dialect))) });
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}', summary: 'Get a chat room the caller may see',
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: chatRoomEntity }, errors: [400, 404],
      handle: async (r) => {
        const v = await visibleRoom(r);
        return ok(forCaller(r.principal as Principal, roomEntity(v, r.dialect)));
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}/participants', summary: 'Occupants of a room the caller may see (room/nick, role, affiliation)',
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: participantsEntity }, errors: [400, 404],
      handle: async (r) => {
        await visibleRoom(r);
        const occupants = await s.muc.occupants(s.muc.room(r.query.servicename, r.params.roomName ?? ''));
        return ok({ participant: occupants.map(({ jid, role, affiliation }) => ({ jid, role, affiliation })) });
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}/occupants', summary: 'Occupants of a room the caller may see; real JIDs only where the room discloses them',
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: occupantsEntity }, errors: [400, 404],
      handle: async (r) => {
        const v = await visibleRoom(r);
        const occupants = await s.muc.occupants(s.muc.room(r.query.servicename, r.params.roomName ?? ''));
        const disclose = isAdmin(r.principal as Principal) || v.canAnyoneDiscoverJID;
        return ok({ occupant: occupants.map((o) => (disclose ? o : { ...o, userAddress: undefined })) });
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}/chathistory', summary: 'History of a room the caller may see (its MAM archive, newest 1000)',
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: roomMessagesEntity }, errors: [400, 404, 501],
      handle: async (r) => {
        await visibleRoom(r);
        return ok({ message: await s.muc.history(s.muc.room(r.query.servicename, r.params.roomName ?? '')) });
      },
    },
  ];
}
