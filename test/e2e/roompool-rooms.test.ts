/**
 * More of the room pool on the real ejabberd: a client request that waits (?wait=) until a staff
 * member arrives; transcripts of a chat; a room taken for an invitee; group rooms with the staff
 * as moderator; closing a room with a reason; statistics and status.xml.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { getWorld } from '../harness/shared-world.js';
import type { Stack } from '../harness/start-stack.js';
import { eventually } from '../kit/eventually.js';
import {
  admin, ask, joinRoom, MODERN, NS_MUC_USER, person, poolEvents, room, startRoomPool, stateEvent, take,
  type Person, type PoolGateway,
} from '../kit/roompool-kit.js';
import type { SseClient } from '../kit/sse-client.js';
import { unique } from '../kit/unique.js';
import { xml } from '../kit/xmpp-test-client.js';

describe('room pool: waits, transcripts, invitations, group rooms, closing (e2e)', function () {
  this.timeout(60_000);
  let w: Stack;
  let g: PoolGateway;
  let sse: SseClient;
  const people: Person[] = [];
  const someone = async (prefix: string): Promise<Person> => {
    const p = await person(w, prefix);
    people.push(p);
    return p;
  };
  let department = '';
  beforeEach(() => {
    department = unique('d');
  });

  before(async () => {
    w = await getWorld();
    g = await startRoomPool(w, { 'rooms.poolSize': 1, 'rooms.groupRooms': true });
    sse = await poolEvents(g);
  });
  after(async () => {
    sse?.close();
    await Promise.all(people.map((p) => p.xmpp.stop().catch(() => undefined)));
    await g?.stop();
  });

  it('when a client asks with ?wait= and a staff member joins meanwhile, then the answer is its reserved room', async () => {
    const staff = await someone('rpws');
    const t = await take(g, staff.name, { department }); // on duty: the pool is open
    const client = await someone('rpwc');
    const answer = ask(g, client.name, { department }, 20);
    await sse.waitFor((m) => JSON.parse(m.data).type === 'roompool.queue' && JSON.parse(m.data).client === client.jid, 10_000, 'the client queued');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    const got = await answer;
    assert.deepEqual([got.status, got.name, got.password], ['reserved', t.name, t.password]);
  });

  it('when staff and client chat, then the groupchat messages are the room\'s transcript, attributed by identity', async () => {
    const staff = await someone('rpts');
    const t = await take(g, staff.name, { department });
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    await stateEvent(sse, t.name, 'staffWaiting');
    const client = await someone('rptc');
    await ask(g, client.name, { department });
    assert.equal(await joinRoom(client, t.room, t.password), 'joined');
    await stateEvent(sse, t.name, 'chatting');
    await staff.xmpp.send(xml('message', { to: t.room, type: 'groupchat' }, xml('body', {}, 'How can I help? <&>')));
    // two senders' hook events carry no order between them: the second is sent once the first is recorded
    await eventually(async () => ((await admin(g, request(g.url).get(`${MODERN}/roompool/rooms/${t.name}`))).body.transcript ?? []).length === 1, 'the first message in the transcript');
    await client.xmpp.send(xml('message', { to: t.room, type: 'groupchat' }, xml('body', {}, 'My order is late')));
    await eventually(async () => ((await admin(g, request(g.url).get(`${MODERN}/roompool/rooms/${t.name}`))).body.transcript ?? []).length === 2, 'both messages in the transcript');
    const body = (await admin(g, request(g.url).get(`${MODERN}/roompool/rooms/${t.name}`))).body as { transcript: Array<{ role: string; from: string; body: string }> };
    assert.deepEqual(body.transcript.map((m) => [m.role, m.from, m.body]), [['staff', staff.jid, 'How can I help? <&>'], ['client', client.jid, 'My order is late']]);
  });

  it('when a room is taken for an invitee, then only the invitee is admitted and joining makes it chatting; nobody is matched to it', async () => {
    const staff = await someone('rpis');
    const invitee = await someone('rpii');
    const t = await take(g, staff.name, { invitee: invitee.jid, department });
    assert.equal((await room(g, t.name)).status, 'availableForInvitation');
    const waiting = stateEvent(sse, t.name, 'staffWaitingForInvitee');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    await waiting;
    const other = await someone('rpio');
    assert.equal((await ask(g, other.name, { department })).status, 'queued', 'an invitation room is not matched from the queue');
    assert.equal(await joinRoom(other, t.room, t.password), 'joined');
    await other.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${t.room}/${other.name}`, 10_000, 'the other client kicked');
    const chatting = stateEvent(sse, t.name, 'chatting');
    assert.equal(await joinRoom(invitee, t.room, t.password), 'joined');
    await chatting;
  });

  it('when a group room is taken, then its staff is moderator, anyone with the password joins and the room is chatting', async () => {
    const staff = await someone('rpgs');
    const t = await take(g, staff.name, { type: 'group' });
    const self = staff.xmpp.waitFor((el) => el.is('presence') && el.attrs.from === `${t.room}/${staff.name}` && !!el.getChild('x', NS_MUC_USER), 10_000, 'the staff\'s self-presence');
    const chatting = stateEvent(sse, t.name, 'chatting');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    assert.equal((await self).getChild('x', NS_MUC_USER)?.getChild('item')?.attrs.role, 'moderator');
    await chatting;
    const guest = await someone('rpgg');
    assert.equal(await joinRoom(guest, t.room, t.password), 'joined');
    await eventually(async () => ((await room(g, t.name)).present ?? []).length === 2, 'both inside');
  });

  it('when a room is closed through the API, then its occupants are told the reason, it is gone from ejabberd and kept in the history', async () => {
    const staff = await someone('rpcs');
    const t = await take(g, staff.name, { department });
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    await stateEvent(sse, t.name, 'staffWaiting');
    const out = staff.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${t.room}/${staff.name}`, 10_000, 'the room destroyed');
    await admin(g, request(g.url).delete(`${MODERN}/roompool/rooms/${t.name}?reason=${encodeURIComponent('Closing <time> & "bye"')}`)).expect(200);
    const destroy = (await out).getChild('x', NS_MUC_USER)?.getChild('destroy');
    assert.equal(destroy?.getChildText('reason'), 'Closing <time> & "bye"');
    await eventually(async () => (await room(g, t.name)).closed === true, 'closed');
    await admin(g, request(g.url).delete(`${MODERN}/roompool/rooms/${t.name}`)).expect(200); // again: success
    assert.equal((await admin(g, request(g.url).post(`${MODERN}/roompool/rooms/${t.name}/clean-exit`))).status, 409);
  });

  it('when the pool has rooms in several states, then statistics and status.xml count them', async () => {
    const stats = (await admin(g, request(g.url).get(`${MODERN}/roompool/statistics`))).body as Record<string, number | boolean>;
    assert.equal(stats.open, true);
    assert.ok((stats.chatting as number) >= 2 && (stats.served as number) >= 1 && typeof stats.averageWaitSeconds === 'number', JSON.stringify(stats));
    const status = await request(g.url).get('/roompool/status.xml').set('Authorization', g.secret);
    assert.equal(status.text, `<status><open>True</open><chatting>${stats.chatting}</chatting></status>`);
  });
});
