/**
 * roompool/staff, roompool/clients and roompool/tickets: the web app takes rooms for staff and
 * asks rooms for clients (HelpIM's admitStaff / the bot's token IQ, as REST). Admin or the
 * shared secret; bodies as XML or JSON in either dialect.
 * References: helpdesk-peers.md C.8; gateway/roompool/pool-desk.ts.
 */
import { badRequest } from '../../errors/index.js';
import { empty, ok, type RouteSpec } from '../../http/index.js';
import type { RouteServices } from '../route-services.js';
import { requestInputEntity, takeInputEntity, takenEntity, ticketEntity } from './roompool-entities.js';
import { ticketRecord } from './roompool-render.js';

export const tag = 'Room pool';

/** ?wait=N seconds (0 or absent: answer at once); 400 for anything but a whole number. */
function waitMsOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,6}$/.test(raw.trim())) throw badRequest('wait: whole seconds', { resource: 'wait' });
  return Number(raw.trim()) * 1000;
}

export function poolClientRoutes(s: RouteServices): RouteSpec[] {
  return [
    {
      method: 'post', path: '/roompool/staff', scope: 'api', tag, access: 'admin',
      summary: 'Take a room for a staff member',
      description: 'Takes an available room of the pool (one is made at once when none is ready) for the named staff account: only that account counts as the room\'s staff, '
        + 'anyone else joining is kicked. Send the staff member to the room with the password; when it joins, the room is staffWaiting and clients are matched to it. '
        + 'A room whose staff has not joined by expiresAt is closed. 404 for an account ejabberd does not have; 409 when the staff member holds rooms.maxChatsPerStaff rooms; 503 when the pool is not enabled.',
      body: { kind: 'entity', entity: takeInputEntity, required: true },
      result: { kind: 'entity', status: 201, entity: takenEntity }, errors: [400, 404, 409, 503],
      handle: async (r) => {
        const t = await s.roompool.desk.take(r.entity);
        return ok({ room: t.room, name: t.name, password: t.password, expiresAt: new Date(t.expiresAt), status: t.status });
      },
    },
    {
      method: 'post', path: '/roompool/clients', scope: 'api', tag, access: 'admin',
      summary: 'Ask a room for a client',
      description: 'Queues the client (first come, first served) and matches it at once when a staff member waits: the room of the highest staff priority, then the longest waiting, in its department. '
        + 'A match reserves the room for rooms.allocationTimeoutSeconds; a client that has not joined by then goes back to the head of the queue and the room goes to the next client. '
        + 'The answer is the ticket: reserved (room, password, expiresAt) or queued (position). ?wait=N waits up to N seconds (at most rooms.maxWaitSeconds) for a match. '
        + 'Asking again while a ticket is open answers that ticket. 503 "closed" when no staff member is on duty (or the pool is closed or off); 503 with Retry-After when the queue is full.',
      query: [{ name: 'wait', doc: 'Seconds to wait for a match before answering (default 0)', type: 'integer' }],
      body: { kind: 'entity', entity: requestInputEntity, required: true },
      result: { kind: 'entity', status: 200, entity: ticketEntity }, errors: [400, 404, 503],
      handle: async (r) => {
        const waitMs = waitMsOf(r.query.wait);
        const { ticket, view } = await s.roompool.desk.request(r.entity, waitMs);
        return ok(ticketRecord(ticket, view, (n) => s.roompool.desk.jidOf(n)));
      },
    },
    {
      method: 'get', path: '/roompool/tickets/{ticket}', scope: 'api', tag, access: 'admin',
      summary: 'A client\'s ticket: its place in the queue, or its room',
      description: 'queued with its 1-based position, reserved with the room and password, or chatting. 404 once the ticket ended (cancelled, or its room closed).',
      body: { kind: 'none' },
      result: { kind: 'entity', status: 200, entity: ticketEntity }, errors: [404],
      handle: async (r) => {
        const id = r.params.ticket ?? '';
        return ok(ticketRecord(id, await s.roompool.desk.ticket(id), (n) => s.roompool.desk.jidOf(n)));
      },
    },
    {
      method: 'delete', path: '/roompool/tickets/{ticket}', scope: 'api', tag, access: 'admin',
      summary: 'Cancel a client\'s ticket',
      description: 'A queued client leaves the queue; a reserved room goes to the next client at once. 404 for a ticket that is not open.',
      body: { kind: 'none' },
      result: { kind: 'empty', status: 200 }, errors: [404],
      handle: async (r) => {
        await s.roompool.desk.cancel(r.params.ticket ?? '');
        return empty;
      },
    },
  ];
}
