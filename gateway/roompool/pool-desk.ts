/**
 * The web app's side of the pool (what the /roompool routes call): take a room for a staff
 * member, ask for a room for a client (at once, or waiting up to a limit), a ticket's place,
 * cancel, mark a clean exit, close, read rooms, settings and statistics.
 *
 * Rules it keeps:
 * - Input is checked before anything changes: a bad account, department, priority or type is a
 *   400 naming the field; an account ejabberd does not have is a 404; unknown rooms and tickets
 *   are 404; a closed pool answers 503 "closed", a full queue 503 with Retry-After, a staff
 *   member at maxChatsPerStaff 409, a disabled pool 503.
 * - A take finds the stock empty: a room is made at once and recorded and taken in one step.
 * - A wait never outlives maxWaitMs and always answers with the ticket's state then.
 */
import type { EjabberdBackend } from '../ejabberd/index.js';
import { badRequest, conflict, GatewayError, notFound } from '../errors/index.js';
import type { EventHub } from '../sse/index.js';
import { statisticsOf, ticketView, type PoolSettings, type PoolState, type PoolStatistics, type RoomState, type RoomType, type TicketView } from './machine/index.js';
import { waitForMatch } from './match-waiter.js';
import { channelOf } from './pool-events.js';
import { accountOf, departmentOf, isTicketId, newTicketId, priorityOf, roomNameOf } from './pool-names.js';
import type { PoolRooms } from './pool-rooms.js';
import type { PoolService } from './pool-service.js';
import type { Transcript, Transcripts } from './transcripts.js';

export interface TakeInput {
  readonly staff?: unknown;
  readonly type?: unknown;
  readonly priority?: unknown;
  readonly department?: unknown;
  readonly invitee?: unknown;
}

export interface Taken {
  readonly room: string;
  readonly name: string;
  readonly password: string;
  readonly expiresAt: number;
  readonly status: string;
}

export interface RoomView {
  readonly room: RoomState;
  readonly closed: boolean;
  readonly transcript: Transcript | undefined;
}

export interface RoomPoolDesk {
  take(input: TakeInput): Promise<Taken>;
  request(input: { readonly client?: unknown; readonly department?: unknown }, waitMs: number): Promise<{ ticket: string; view: TicketView }>;
  ticket(id: string): Promise<TicketView>;
  cancel(id: string): Promise<void>;
  cleanExit(room: string): Promise<void>;
  close(room: string, reason: string | undefined): Promise<void>;
  room(room: string): Promise<RoomView>;
  rooms(): Promise<RoomState[]>;
  history(after: string | undefined, limit: number): Promise<RoomState[]>;
  settings(): Promise<PoolSettings>;
  configure(patch: Readonly<Record<string, unknown>>): Promise<PoolSettings>;
  statistics(): Promise<PoolStatistics>;
  jidOf(name: string): string;
}

export interface RoomPoolDeskDeps {
  readonly service: PoolService;
  readonly rooms: Pick<PoolRooms, 'create' | 'jidOf'>;
  readonly backend: Pick<EjabberdBackend, 'userExists'>;
  readonly events: Pick<EventHub, 'subscribe'>;
  readonly transcripts: Pick<Transcripts, 'get'> | undefined;
  readonly domain: string;
  readonly maxWaitMs: number;
}

const closedError = (): GatewayError => new GatewayError('upstream-unavailable', 'closed: no staff member is on duty in the room pool now', { resource: 'roompool' });

export function createRoomPoolDesk(d: RoomPoolDeskDeps): RoomPoolDesk {
  const site = d.service.site;
  const existing = async (field: string, raw: unknown): Promise<string> => {
    const jid = accountOf(field, raw, d.domain);
    if (!(await d.backend.userExists(jid.split('@')[0] ?? ''))) throw notFound(`${field}: no account ${jid}`, { resource: jid, exception: 'UserNotFoundException' });
    return jid;
  };
  const nameOf = (text: string): string => {
    const name = roomNameOf(site, text);
    if (!name) throw notFound(`No room ${text} in the pool`, { resource: text, exception: 'RoomNotFoundException' });
    return name;
  };
  const live = async (text: string): Promise<{ name: string; state: PoolState; room: RoomState | undefined }> => {
    const name = nameOf(text);
    const state = await d.service.state();
    return { name, state, room: state.rooms[name] };
  };
  const known = async (name: string): Promise<void> => {
    if (!(await d.service.archived(name))) throw notFound(`No room ${name} in the pool`, { resource: name, exception: 'RoomNotFoundException' });
  };
  const view = async (ticket: string): Promise<TicketView> => {
    const v = ticketView(await d.service.state(), ticket);
    if (!v) throw notFound(`No open ticket ${ticket}`, { resource: ticket });
    return v;
  };

  return {
    jidOf: (name) => d.rooms.jidOf(name),

    async take(input) {
      const type = input.type ?? 'one2one';
      if (type !== 'one2one' && type !== 'group') throw badRequest('type: one2one or group', { resource: 'type' });
      const priority = priorityOf(input.priority);
      const department = departmentOf(input.department);
      const staff = await existing('staff', input.staff);
      const invitee = input.invitee === undefined || input.invitee === null || input.invitee === '' ? null : await existing('invitee', input.invitee);
      if (invitee !== null && type === 'group') throw badRequest('invitee: only one-to-one rooms are taken for an invitee', { resource: 'invitee' });
      if (type === 'group' && !(await d.service.state()).settings.groupRooms) throw badRequest('type: group rooms are not in use (rooms.groupRooms)', { resource: 'type' });
      const event = { type: 'take' as const, staff, roomType: type as RoomType, priority, department, invitee };
      let out = (await d.service.apply({ ...event, fresh: null })).result;
      if (out.kind === 'none') out = (await d.service.apply({ ...event, fresh: await d.rooms.create(type) })).result;
      switch (out.kind) {
        case 'taken':
          return { room: d.rooms.jidOf(out.room), name: out.room, password: out.password, expiresAt: out.expiresAt, status: invitee ? 'availableForInvitation' : 'available' };
        case 'limit':
          throw conflict(`${staff} already holds ${out.max} rooms (rooms.maxChatsPerStaff)`, { resource: staff });
        case 'disabled':
          throw new GatewayError('upstream-unavailable', 'The room pool is not enabled', { resource: 'roompool' });
        case 'none':
          throw new GatewayError('upstream-unavailable', 'No room could be taken: retry', { resource: 'roompool', retryAfterSeconds: 1 });
      }
    },

    async request(input, waitMs) {
      const department = departmentOf(input.department);
      const client = await existing('client', input.client);
      const ticket = newTicketId();
      const out = (await d.service.apply({ type: 'request', ticket, client, department })).result;
      if (out.kind === 'closed') throw closedError();
      if (out.kind === 'full') throw new GatewayError('upstream-unavailable', 'The queue is full: retry later', { resource: 'roompool', retryAfterSeconds: 30 });
      const wait = Math.min(Math.max(0, waitMs), d.maxWaitMs);
      if (out.kind === 'queued' && wait > 0) {
        const w = waitForMatch(d.events, channelOf(site), out.ticket, wait);
        if (ticketView(await d.service.state(), out.ticket)?.status === 'queued') await w.outcome;
        w.cancel();
      }
      return { ticket: out.ticket, view: await view(out.ticket) };
    },

    async ticket(id) {
      if (!isTicketId(id)) throw notFound(`No open ticket ${id}`, { resource: id });
      return view(id);
    },

    async cancel(id) {
      if (!isTicketId(id) || (await d.service.apply({ type: 'cancel', ticket: id })).result.kind === 'unknown') throw notFound(`No open ticket ${id}`, { resource: id });
    },

    async cleanExit(text) {
      const { name, room } = await live(text);
      if (!room) return known(name).then(() => { throw conflict(`Room ${name} is closed`, { resource: name }); });
      if (room.status === 'destroyed') throw conflict(`Room ${name} is closed`, { resource: name });
      await d.service.apply({ type: 'cleanExit', room: name });
    },

    async close(text, reason) {
      const { name, room } = await live(text);
      if (!room) return known(name); // closed already: nothing to do
      const why = (reason ?? '').trim();
      if (why.length > 500) throw badRequest('reason: at most 500 characters', { resource: 'reason' });
      await d.service.apply({ type: 'close', room: name, reason: why === '' ? 'This chat was closed' : why });
    },

    async room(text) {
      const { name, room } = await live(text);
      const found = room ?? (await d.service.archived(name))?.room;
      if (!found) throw notFound(`No room ${text} in the pool`, { resource: text, exception: 'RoomNotFoundException' });
      return { room: found, closed: !room || room.status === 'destroyed', transcript: await d.transcripts?.get(name) };
    },

    async rooms() {
      return Object.values((await d.service.state()).rooms).sort((a, b) => (a.name < b.name ? -1 : 1));
    },

    async history(after, limit) {
      return (await d.service.history(after === undefined ? undefined : roomNameOf(site, after) ?? after, limit)).map((a) => a.room);
    },

    settings: async () => (await d.service.state()).settings,

    async configure(patch) {
      const out = await d.service.apply({ type: 'settings', patch: patch as Partial<PoolSettings> });
      if (out.result.kind === 'invalid') throw badRequest(out.result.problems.join('; '), { resource: (out.result.problems[0] ?? 'settings').split(':')[0] ?? 'settings' });
      return out.state.settings;
    },

    statistics: async () => statisticsOf(await d.service.state()),
  };
}
