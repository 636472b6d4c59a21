/**
 * The chat API's read-only room directory (`GET chat/rooms…`): the admin listing's data for
 * any authenticated user, narrowed to what that user may see. ofchat served these with the
 * admin code to every user; ofgate shows a non-admin only public rooms and rooms the user is
 * affiliated with, never a room password, real JIDs only in non-anonymous rooms, and the
 * occupants, participants and history of a password-protected room only to its affiliated
 * users, its occupants and callers giving its password (X-Room-Password); room-read-access.ts
 * holds the rules.
 * References: ofchat-api.md §5.7 (GET chat/rooms…); XEP-0045 §4.2 (room types).
 */
import { isAdmin, type Principal } from '../../auth/index.js';
import { chatRoomEntity, chatRoomsEntity, occupantsEntity, participantsEntity, roomMessagesEntity } from '../../entities/index.js';
import { badRequest, forbidden, notFound } from '../../errors/index.js';
import { ok, type RouteRequest, type RouteSpec } from '../../http/index.js';
import type { Occupant, RoomView } from '../../muc/index.js';
import { roomEntity, servicenameParam } from '../admin/chatrooms.js';
import type { RouteServices } from '../route-services.js';
import { canSeeRoom, givenRoomPassword, isOccupant, needsRoomPassword, roomPasswordMatches } from './room-read-access.js';

const tag = 'Chat';
const passwordRule = 'In a password-protected room, users who are neither affiliated with it nor in it must send its password in the X-Room-Password header (percent-encoded when it has characters outside ISO-8859-1); without it 403.';

function forCaller(p: Principal, entity: Record<string, unknown>): Record<string, unknown> {
  return isAdmin(p) ? entity : { ...entity, password: undefined };
}

export function chatRoomDirectoryRoutes(s: RouteServices): RouteSpec[] {
  const roomOf = (r: RouteRequest) => s.muc.room(r.query.servicename, r.params.roomName ?? '');
  const visibleRoom = async (r: RouteRequest): Promise<RoomView> => {
    const p = r.principal as Principal;
    const v = await s.muc.getRoom(roomOf(r));
    // a room the caller may not see is reported as missing: its existence is not disclosed
    if (!canSeeRoom(p, v, s.config.xmpp.domain)) throw notFound(`Room ${r.params.roomName} not found`, { resource: r.params.roomName ?? '', exception: 'RoomNotFoundException' });
    return v;
  };
  /** 403 unless the caller may read inside this visible room; `occupants` is asked only when it decides. */
  const assertReadable = async (r: RouteRequest, v: RoomView, occupants: () => Promise<Occupant[]>): Promise<void> => {
    const p = r.principal as Principal;
    const domain = s.config.xmpp.domain;
    if (!needsRoomPassword(p, v, domain)) return;
    const given = givenRoomPassword(r.headers);
    if (given !== undefined && roomPasswordMatches(given, v.password)) return;
    if (isOccupant(p, await occupants(), domain)) return;
    throw forbidden(given === undefined
      ? `Room ${v.roomName} is password-protected: send its password in X-Room-Password`
      : `Wrong password for room ${v.roomName}`, { resource: v.roomName });
  };
  /** The occupants of a visible room the caller may read inside. */
  const readableOccupants = async (r: RouteRequest, v: RoomView): Promise<Occupant[]> => {
    const occupants = await s.muc.occupants(roomOf(r));
    await assertReadable(r, v, async () => occupants);
    return occupants;
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
      ...common, method: 'get', path: '/chat/rooms/{roomName}/participants', summary: 'Occupants of a room the caller may see (room/nick, role, affiliation)', description: passwordRule,
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: participantsEntity }, errors: [400, 404],
      handle: async (r) => {
        const occupants = await readableOccupants(r, await visibleRoom(r));
        return ok({ participant: occupants.map(({ jid, role, affiliation }) => ({ jid, role, affiliation })) });
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}/occupants', summary: 'Occupants of a room the caller may see; real JIDs only where the room discloses them', description: passwordRule,
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: occupantsEntity }, errors: [400, 404],
      handle: async (r) => {
        const v = await visibleRoom(r);
        const occupants = await readableOccupants(r, v);
        const disclose = isAdmin(r.principal as Principal) || v.canAnyoneDiscoverJID;
        return ok({ occupant: occupants.map((o) => (disclose ? o : { ...o, userAddress: undefined })) });
      },
    },
    {
      ...common, method: 'get', path: '/chat/rooms/{roomName}/chathistory', summary: 'History of a room the caller may see (its MAM archive, newest 1000)', description: passwordRule,
      query: [servicenameParam], result: { kind: 'entity', status: 200, entity: roomMessagesEntity }, errors: [400, 404, 501],
      handle: async (r) => {
        await assertReadable(r, await visibleRoom(r), () => s.muc.occupants(roomOf(r)));
        return ok({ message: await s.muc.history(roomOf(r)) });
      },
    },
  ];
}
