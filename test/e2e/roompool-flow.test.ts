/**
 * The room pool on the real ejabberd with plain XMPP clients (issue 24's done-when list): a staff
 * member takes a room and joins → staffWaiting; clients go to the higher-priority staff first,
 * then to the longest waiting, and join → chatting; a clean leave → closingChat; a dirty leave →
 * lost → abandoned; cleanup destroys the room in ejabberd and refills the pool; an intruder with
 * the password is kicked; concurrent requests never share a room; a reservation that lapses puts
 * its client back at the head of the queue. States are followed on the web app's SSE stream.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { eventually } from '../kit/eventually.js';
import { admin, dataOf, ejabberdRooms, joinRoom, leaveRoom, MODERN, NS_MUC_USER, room, roomPoolFile, rooms, stateEvent, type Person, type Ticket } from '../kit/roompool-kit.js';

describe('room pool (e2e, real ejabberd, plain XMPP clients)', function () {
  this.timeout(60_000);
  // each test matches inside its own department, so rooms left waiting by another test never take its clients
  const pool = roomPoolFile({ 'rooms.cleanupSeconds': 4, 'rooms.allocationTimeoutSeconds': 2, 'rooms.poolSize': 2 }, 'dept <&"\'> ');
  const { someone, waitingStaff, askFor } = pool;
  before(async () => {
    await eventually(async () => (await ejabberdRooms(pool.w, pool.g.site)).length === 2, 'the pool of 2 rooms made in ejabberd');
  });

  /** A staff member's waiting room that a client was matched to and joined: the room is chatting. */
  const chattingRoom = async (staffPrefix: string, clientPrefix: string) => {
    const s = await waitingStaff(staffPrefix);
    const c = await someone(clientPrefix);
    const t = await askFor(c);
    assert.equal(await joinRoom(c, t.room!, t.password!), 'joined');
    await stateEvent(pool.sse, s.name, 'chatting');
    return { s, c };
  };
  /** The client, then the staff, leave with "Clean Exit": closingChat, then destroyed. */
  const bothLeaveCleanly = async (s: { name: string; room: string; staff: Person }, c: Person) => {
    const closing = stateEvent(pool.sse, s.name, 'closingChat');
    await leaveRoom(c, s.room, 'Clean Exit');
    await closing;
    const destroyed = stateEvent(pool.sse, s.name, 'destroyed');
    await leaveRoom(s.staff, s.room, 'Clean Exit');
    await destroyed;
  };
  const goneFromEjabberd = (name: string) => eventually(async () => !(await ejabberdRooms(pool.w, pool.g.site)).includes(name), 'the room gone from ejabberd');
  const stockBackAt2 = () => eventually(async () => (await rooms(pool.g, '?status=available')).filter((x) => !x.staff).length === 2, 'the stock back at 2');

  it('when a staff member takes a room and joins it, then the room is staffWaiting and the pool is refilled in ejabberd', async () => {
    const { name } = await waitingStaff('rpstaff');
    const r = await room(pool.g, name);
    assert.equal(r.status, 'staffWaiting');
    await stockBackAt2();
    const inEjabberd = await ejabberdRooms(pool.w, pool.g.site);
    assert.ok(inEjabberd.includes(name));
    assert.equal(inEjabberd.length, 3);
  });

  it('when clients ask, then the higher-priority staff gets the first, then the longest waiting; joining makes the room chatting', async () => {
    const first = await waitingStaff('rpfirst');
    const second = await waitingStaff('rpsecond');
    const vip = await waitingStaff('rpvip', { priority: 100 });
    const clients = [await someone('rpc'), await someone('rpc'), await someone('rpc')];
    const tickets: Ticket[] = [];
    for (const c of clients) tickets.push(await askFor(c));
    assert.deepEqual(tickets.map((t) => [t.status, t.name]), [['reserved', vip.name], ['reserved', first.name], ['reserved', second.name]]);
    for (const [i, c] of clients.entries()) {
      const t = tickets[i]!;
      const chatting = stateEvent(pool.sse, t.name!, 'chatting');
      assert.equal(await joinRoom(c, t.room!, t.password!), 'joined');
      await chatting;
    }
    const r = await room(pool.g, vip.name);
    assert.deepEqual([r.status, r.staff, r.client], ['chatting', vip.staff.jid, clients[0]!.jid]);
    assert.deepEqual((await admin(pool.g, request(pool.g.url).get(`${MODERN}/roompool/tickets/${tickets[0]!.ticket}`))).body.status, 'chatting');
  });

  it('when the web side marks a clean exit and the client leaves, then closingChat; the staff leaving then gives toDestroy and the room is destroyed', async () => {
    const { s, c } = await chattingRoom('rpclean', 'rpcc');
    await admin(pool.g, request(pool.g.url).post(`${MODERN}/roompool/rooms/${s.name}/clean-exit`)).expect(200);
    await bothLeaveCleanly(s, c);
    await goneFromEjabberd(s.name);
    const log = (await room(pool.g, s.name)).log ?? [];
    assert.deepEqual(log.filter((l) => l.kind === 'status').map((l) => l.status), ['staffWaiting', 'chatting', 'closingChat', 'toDestroy', 'destroyed']);
  });

  it('when the client leaves with the presence status "Clean Exit" (HelpIM\'s client, no web mark), then closingChat, and the staff leaving destroys the room', async () => {
    const { s, c } = await chattingRoom('rpcx', 'rpcx');
    await bothLeaveCleanly(s, c);
  });

  it('when the client leaves without a clean exit, then lost; the staff leaving then gives abandoned; cleanup destroys it and the pool is refilled', async () => {
    const { s, c } = await chattingRoom('rpdirty', 'rpdc');
    const lost = stateEvent(pool.sse, s.name, 'lost');
    await c.xmpp.stop(); // the browser tab died
    await lost;
    const abandoned = stateEvent(pool.sse, s.name, 'abandoned');
    await leaveRoom(s.staff, s.room);
    await abandoned;
    await stateEvent(pool.sse, s.name, 'destroyed', 15_000);
    await goneFromEjabberd(s.name);
    await stockBackAt2();
    await eventually(async () => (await rooms(pool.g, '?closed=true')).some((x) => x.name === s.name && x.status === 'destroyed'), 'the room kept in the history');
  });

  it('when an account that is not the room\'s staff or client joins with the password, then it is kicked with a reason and the room stays as it was', async () => {
    const s = await waitingStaff('rpvictim');
    const mallory = await someone('rpmallory');
    assert.equal(await joinRoom(mallory, s.room, s.password), 'joined');
    const out = await mallory.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${s.room}/${mallory.name}`, 10_000, 'the kick');
    const x = out.getChild('x', NS_MUC_USER);
    assert.ok(x?.getChildren('status').some((st) => st.attrs.code === '301'), `banned (301): ${out.toString()}`);
    assert.match(x?.getChild('item')?.getChildText('reason') ?? '', /reserved for someone else/);
    const r = await room(pool.g, s.name);
    assert.equal(r.status, 'staffWaiting');
    assert.ok(r.log?.some((l) => l.kind === 'kicked' && l.who === mallory.jid));
    await pool.sse.waitFor((m) => dataOf(m).type === 'roompool.kick' && dataOf(m).jid === mallory.jid, 5000, 'the kick event');
  });

  it('when two clients ask at the same moment for the one waiting room, then exactly one gets it', async () => {
    const s = await waitingStaff('rprace');
    const [a, b] = [await someone('rpra'), await someone('rprb')];
    const [ta, tb] = await Promise.all([askFor(a), askFor(b)]);
    const got = [ta, tb].filter((t) => t.status === 'reserved');
    assert.equal(got.length, 1, JSON.stringify([ta, tb]));
    assert.equal(got[0]!.name, s.name);
    assert.deepEqual([ta, tb].filter((t) => t.status === 'queued').map((t) => t.position), [1]);
    for (const t of [ta, tb]) await admin(pool.g, request(pool.g.url).delete(`${MODERN}/roompool/tickets/${t.ticket}`)).expect(200);
  });

  it('when a matched client does not join in time, then it goes back to the head of the queue and the room goes to the next client', async () => {
    const s = await waitingStaff('rplapse');
    const [slow, next] = [await someone('rpslow'), await someone('rpnext')];
    const t1 = await askFor(slow);
    const t2 = await askFor(next);
    assert.deepEqual([t1.status, t1.name, t2.status, t2.position], ['reserved', s.name, 'queued', 1]);
    const matched = await pool.sse.waitFor((m) => dataOf(m).type === 'roompool.match' && dataOf(m).ticket === t2.ticket, 10_000, 'the room offered to the next');
    assert.equal(dataOf(matched).name, s.name);
    const back = (await admin(pool.g, request(pool.g.url).get(`${MODERN}/roompool/tickets/${t1.ticket}`))).body as { status: string; position: number };
    assert.deepEqual([back.status, back.position], ['queued', 1]);
    assert.equal(await joinRoom(slow, s.room, s.password), 'joined');
    await slow.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${s.room}/${slow.name}`, 10_000, 'the latecomer kicked');
    assert.equal(await joinRoom(next, s.room, s.password), 'joined');
    await stateEvent(pool.sse, s.name, 'chatting');
    await admin(pool.g, request(pool.g.url).delete(`${MODERN}/roompool/tickets/${t1.ticket}`)).expect(200);
  });
});
