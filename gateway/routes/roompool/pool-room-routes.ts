/**
 * roompool/rooms: the pool's rooms with their state history and participants (live ones, and
 * closed ones from the history), a room's clean exit as the web side sees it (HelpIM's
 * web_clean_exit), and closing a room. Admin or the shared secret.
 */
import { badRequest } from '../../errors/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { roomDetailEntity, roomListEntity } from './roompool-entities.js';
import { roomDetail, roomRecord } from './roompool-render.js';
import { tag } from './pool-client-routes.js';

function limitOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 100;
  const n = /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= 1 && n <= 1000)) throw badRequest('limit: 1 to 1000', { resource: 'limit' });
  return n;
}

export function poolRoomRoutes(s: RouteServices): RouteSpec[] {
  const jidOf = (n: string): string => s.roompool.desk.jidOf(n);
  return [
    {
      method: 'get', path: '/roompool/rooms', scope: 'api', tag, access: 'admin',
      summary: 'The pool\'s rooms',
      description: 'The live rooms (every state but destroyed, with destroyed ones not archived yet), by name; ?closed=true lists the closed rooms from the history instead, '
        + 'a page of ?limit= (default 100) after the room named by ?after=.',
      query: [
        { name: 'status', doc: 'Only rooms in this state' },
        { name: 'closed', doc: 'true: the closed rooms (history)', type: 'boolean' },
        { name: 'after', doc: 'Closed rooms: the page after this room name' },
        { name: 'limit', doc: 'Closed rooms: page size (1-1000, default 100)', type: 'integer' },
      ],
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: roomListEntity }, errors: [400],
      handle: async (r) => {
        const closed = r.query.closed === 'true';
        if (r.query.closed !== undefined && !['true', 'false'].includes(r.query.closed)) throw badRequest('closed: true or false', { resource: 'closed' });
        const rooms = closed ? await s.roompool.desk.history(r.query.after, limitOf(r.query.limit)) : await s.roompool.desk.rooms();
        const status = r.query.status;
        return ok({ room: rooms.filter((x) => status === undefined || x.status === status).map((x) => roomRecord(x, jidOf)) });
      },
    },
    {
      method: 'get', path: '/roompool/rooms/{room}', scope: 'api', tag, access: 'admin',
      summary: 'A pool room: state history, participants, transcript',
      description: '{room} is the room name or JID. Live or closed (from the history). 404 for a room that is not the pool\'s.',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: roomDetailEntity }, errors: [404],
      handle: async (r) => ok(roomDetail(await s.roompool.desk.room(r.params.room ?? ''), jidOf)),
    },
    {
      method: 'post', path: '/roompool/rooms/{room}/clean-exit', scope: 'api', tag, access: 'admin',
      summary: 'Mark a clean exit (the chat ends on purpose)',
      description: 'HelpIM\'s web_clean_exit: the next leave of the room counts as clean (chatting → closingChat instead of lost), as a leave with presence status "Clean Exit" does. '
        + '404 unknown room; 409 a closed room.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404, 409],
      handle: async (r) => {
        await s.roompool.desk.cleanExit(r.params.room ?? '');
        return empty;
      },
    },
    {
      method: 'delete', path: '/roompool/rooms/{room}', scope: 'api', tag, access: 'admin',
      summary: 'Close a room',
      description: 'Its occupants are removed with ?reason= (default "This chat was closed"), the room is destroyed in ejabberd and kept in the history; a waiting matched client goes back to '
        + 'the head of the queue. Closing a closed room is success; 404 for a room that is not the pool\'s.',
      query: [{ name: 'reason', doc: 'What the occupants are told (at most 500 characters)' }],
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [400, 404],
      handle: async (r) => {
        await s.roompool.desk.close(r.params.room ?? '', r.query.reason);
        return empty;
      },
    },
  ];
}
