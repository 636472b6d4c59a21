/**
 * Helpers for the room-pool e2e tests. Each test file runs its own ofgate (in this process, its
 * own memory store and its own site, so no file sees another's rooms) against the shared
 * world's ejabberd, fed with the world's room hook events (the shim posts to the world's ofgate;
 * its bus hands muc_join, muc_leave and message_sent on here). Staff and clients are plain XMPP
 * clients straight to ejabberd; they join rooms with the password the pool gave.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { startWorldGateway, type WorldGateway } from '../harness/world-gateway.js';
import { shimForwards } from './shim-forwards.js';
import { openSse, type SseClient, type SseMessage } from './sse-client.js';
import { unique } from './unique.js';
import { connectXmpp, ejabberdApi, registerUser, xml, type TestXmpp } from './xmpp-test-client.js';

export const MODERN = '/plugins/restapi/v1';
export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const RELAYED = ['muc_join', 'muc_leave', 'message_sent'] as const;

export interface PoolGateway extends WorldGateway {
  readonly site: string;
  readonly secret: string;
}

/** An ofgate on the world's ejabberd with the pool enabled on its own site, and these rooms.* (and other dotted) settings. */
export async function startRoomPool(w: Stack, overrides: Readonly<Record<string, unknown>> = {}): Promise<PoolGateway> {
  const site = unique('rp').slice(0, 16);
  const g = await startWorldGateway(w, {
    relayed: RELAYED,
    overrides: { 'rooms.enabled': true, 'rooms.site': site, 'rooms.poolSize': 2, ...overrides },
    beforeListen: () => shimForwards(w, RELAYED, 'the room-pool e2e tests'),
  });
  return { ...g, site, secret: w.secret };
}

/** What a test file's hooks (roomPoolFile) set up: the world, its pool ofgate and the web app's stream. */
export interface RoomPoolFile {
  readonly w: Stack;
  readonly g: PoolGateway;
  readonly sse: SseClient;
  /** The running test's own department (fresh for each test), so rooms left waiting by another test never take its clients. */
  readonly department: string;
  /** A person on the world's ejabberd, stopped when the file ends. */
  someone(prefix: string): Promise<Person>;
  /** A staff member (someone) who took a room in the test's department (and `extra`) and joined it: the room is staffWaiting. */
  waitingStaff(prefix: string, extra?: Record<string, unknown>): Promise<Taken & { staff: Person }>;
  /** The client's request in the test's department (`wait`: ?wait= seconds). */
  askFor(client: Person, wait?: number): Promise<Ticket>;
}

/**
 * Registers the hooks of a room-pool test file (call it in the describe): before all, the world,
 * an ofgate with these settings (startRoomPool) and its event stream from the start; before each,
 * a fresh department named from `departmentPrefix`; after all, the stream closed, the people
 * made by `someone` stopped and the ofgate stopped. The fields hold once the hooks ran.
 */
export function roomPoolFile(overrides: Readonly<Record<string, unknown>>, departmentPrefix: string): RoomPoolFile {
  let w: Stack | undefined;
  let g: PoolGateway | undefined;
  let sse: SseClient | undefined;
  let department = '';
  const people: Person[] = [];
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is set by roomPoolFile's before hook`);
    return v;
  };
  before(async () => {
    w = await getWorld();
    g = await startRoomPool(w, overrides);
    sse = await poolEvents(g);
  });
  beforeEach(() => {
    department = unique(departmentPrefix);
  });
  after(async () => {
    sse?.close();
    await Promise.all(people.map((p) => p.xmpp.stop().catch(() => undefined)));
    await g?.stop();
  });
  const file: RoomPoolFile = {
    get w() { return ready(w, 'w'); },
    get g() { return ready(g, 'g'); },
    get sse() { return ready(sse, 'sse'); },
    get department() { return department; },
    async someone(prefix) {
      const p = await person(file.w, prefix);
      people.push(p);
      return p;
    },
    async waitingStaff(prefix, extra = {}) {
      const staff = await file.someone(prefix);
      const t = await take(file.g, staff.name, { department, ...extra });
      const waiting = stateEvent(file.sse, t.name, 'staffWaiting');
      assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
      await waiting;
      return { staff, ...t };
    },
    askFor: (client, wait) => ask(file.g, client.name, { department }, wait),
  };
  return file;
}

export const admin = (g: PoolGateway, t: request.Test): request.Test => t.set('Authorization', g.secret).set('Accept', 'application/json');

export interface Taken {
  readonly room: string;
  readonly name: string;
  readonly password: string;
  readonly expiresAt: string;
}

export async function take(g: PoolGateway, staff: string, extra: Record<string, unknown> = {}): Promise<Taken> {
  const res = await admin(g, request(g.url).post(`${MODERN}/roompool/staff`)).send({ staff, ...extra });
  assert.equal(res.status, 201, res.text);
  return res.body as Taken;
}

export interface Ticket {
  readonly ticket: string;
  readonly status: 'queued' | 'reserved' | 'chatting';
  readonly position?: number;
  readonly room?: string;
  readonly name?: string;
  readonly password?: string;
  readonly expiresAt?: string;
}

export async function ask(g: PoolGateway, client: string, extra: Record<string, unknown> = {}, wait?: number): Promise<Ticket> {
  const res = await admin(g, request(g.url).post(`${MODERN}/roompool/clients${wait === undefined ? '' : `?wait=${wait}`}`)).send({ client, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.body as Ticket;
}

export interface PoolRoom {
  readonly name: string;
  readonly status: string;
  readonly staff?: string;
  readonly client?: string;
  readonly present?: string[];
  readonly log?: Array<{ kind: string; status?: string; who?: string; detail?: string }>;
  readonly closed?: boolean;
}

export async function room(g: PoolGateway, name: string): Promise<PoolRoom> {
  const res = await admin(g, request(g.url).get(`${MODERN}/roompool/rooms/${encodeURIComponent(name)}`));
  assert.equal(res.status, 200, res.text);
  return res.body as PoolRoom;
}

export async function rooms(g: PoolGateway, query = ''): Promise<PoolRoom[]> {
  const res = await admin(g, request(g.url).get(`${MODERN}/roompool/rooms${query}`));
  assert.equal(res.status, 200, res.text);
  return (res.body as { rooms: PoolRoom[] }).rooms;
}

/** The web app's event stream, from the start. */
export function poolEvents(g: PoolGateway): Promise<SseClient> {
  return openSse(`${g.url}${MODERN}/roompool/events`, { authorization: g.secret, lastEventId: '0-0' });
}

export const dataOf = (m: SseMessage): Record<string, unknown> => JSON.parse(m.data) as Record<string, unknown>;

/** Waits for the room-state event `room` → `status` on the web app's stream. */
export function stateEvent(sse: SseClient, name: string, status: string, timeoutMs = 10_000): Promise<SseMessage> {
  return sse.waitFor((m) => {
    const d = dataOf(m);
    return d.type === 'roompool.room' && d.name === name && d.status === status;
  }, timeoutMs, `${name} → ${status}`);
}

export interface Person {
  readonly name: string;
  readonly jid: string;
  readonly xmpp: TestXmpp;
}

export async function person(w: Stack, prefix: string, resource = 'web'): Promise<Person> {
  const name = unique(prefix);
  await registerUser(w.ej.apiUrl, w.domain, name, 'pw');
  return { name, jid: `${name}@${w.domain}`, xmpp: await connectXmpp({ service: w.ej.xmppService, domain: w.domain, username: name, password: 'pw', resource }) };
}

/** Joins the room with the password as `nick`; resolves with the room's answer (its self-presence, or an error presence). */
export async function joinRoom(p: Person, roomJid: string, password: string, nick = p.name): Promise<'joined' | string> {
  const to = `${roomJid}/${nick}`;
  const answer = p.xmpp.waitFor((el) => el.is('presence') && el.attrs.from === to && (el.attrs.type === 'error' || !!el.getChild('x', NS_MUC_USER)), 10_000, `the answer to joining ${roomJid}`);
  await p.xmpp.send(xml('presence', { to }, xml('x', { xmlns: NS_MUC }, xml('password', {}, password))));
  const el = await answer;
  return el.attrs.type === 'error' ? (el.getChild('error')?.children[0] as { name?: string } | undefined)?.name ?? 'error' : 'joined';
}

/** Leaves the room with a presence status (HelpIM's "Clean Exit" convention, or anything). */
export async function leaveRoom(p: Person, roomJid: string, status?: string, nick = p.name): Promise<void> {
  await p.xmpp.send(xml('presence', { to: `${roomJid}/${nick}`, type: 'unavailable' }, ...(status ? [xml('status', {}, status)] : [])));
}

/** The pool's rooms of this site that exist in ejabberd now. */
export async function ejabberdRooms(w: Stack, site: string): Promise<string[]> {
  const all = await ejabberdApi<string[]>(w.ej.apiUrl, 'muc_online_rooms', { service: `conference.${w.domain}` });
  return all.map((j) => j.split('@')[0] ?? '').filter((n) => n.startsWith(`${site}_`)).sort();
}
