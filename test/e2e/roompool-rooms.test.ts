/**
 * More of the room pool on the real ejabberd: a client request that waits (?wait=) until a staff
 * member arrives; transcripts of a chat; a room taken for an invitee; group rooms with the staff
 * as moderator; closing a room with a reason; statistics and status.xml.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { eventually } from '../kit/eventually.js';
import { admin, joinRoom, MODERN, NS_MUC_USER, room, roomPoolFile, stateEvent, take } from '../kit/roompool-kit.js';
import { xml } from '../kit/xmpp-test-client.js';

describe('room pool: waits, transcripts, invitations, group rooms, closing (e2e)', function () {
  this.timeout(60_000);
  const pool = roomPoolFile({ 'rooms.poolSize': 1, 'rooms.groupRooms': true }, 'd');
  const { someone, waitingStaff, askFor } = pool;
  const transcript = async (name: string) =>
    ((await admin(pool.g, request(pool.g.url).get(`${MODERN}/roompool/rooms/${name}`))).body as { transcript?: Array<{ role: string; from: string; body: string }> }).transcript ?? [];

  it('when a client asks with ?wait= and a staff member joins meanwhile, then the answer is its reserved room', async () => {
    const staff = await someone('rpws');
    const t = await take(pool.g, staff.name, { department: pool.department }); // on duty: the pool is open
    const client = await someone('rpwc');
    const answer = askFor(client, 20);
    await pool.sse.waitFor((m) => JSON.parse(m.data).type === 'roompool.queue' && JSON.parse(m.data).client === client.jid, 10_000, 'the client queued');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    const got = await answer;
    assert.deepEqual([got.status, got.name, got.password], ['reserved', t.name, t.password]);
  });

  it('when staff and client chat, then the groupchat messages are the room\'s transcript, attributed by identity', async () => {
    const { staff, ...t } = await waitingStaff('rpts');
    const client = await someone('rptc');
    await askFor(client);
    assert.equal(await joinRoom(client, t.room, t.password), 'joined');
    await stateEvent(pool.sse, t.name, 'chatting');
    await staff.xmpp.send(xml('message', { to: t.room, type: 'groupchat' }, xml('body', {}, 'How can I help? <&>')));
    // two senders' hook events carry no order between them: the second is sent once the first is recorded
    await eventually(async () => (await transcript(t.name)).length === 1, 'the first message in the transcript');
    await client.xmpp.send(xml('message', { to: t.room, type: 'groupchat' }, xml('body', {}, 'My order is late')));
    await eventually(async () => (await transcript(t.name)).length === 2, 'both messages in the transcript');
    assert.deepEqual((await transcript(t.name)).map((m) => [m.role, m.from, m.body]), [['staff', staff.jid, 'How can I help? <&>'], ['client', client.jid, 'My order is late']]);
  });

  it('when a room is taken for an invitee, then only the invitee is admitted and joining makes it chatting; nobody is matched to it', async () => {
    const staff = await someone('rpis');
    const invitee = await someone('rpii');
    const t = await take(pool.g, staff.name, { invitee: invitee.jid, department: pool.department });
    assert.equal((await room(pool.g, t.name)).status, 'availableForInvitation');
    const waiting = stateEvent(pool.sse, t.name, 'staffWaitingForInvitee');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    await waiting;
    const other = await someone('rpio');
    assert.equal((await askFor(other)).status, 'queued', 'an invitation room is not matched from the queue');
    assert.equal(await joinRoom(other, t.room, t.password), 'joined');
    await other.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${t.room}/${other.name}`, 10_000, 'the other client kicked');
    const chatting = stateEvent(pool.sse, t.name, 'chatting');
    assert.equal(await joinRoom(invitee, t.room, t.password), 'joined');
    await chatting;
  });

  it('when a group room is taken, then its staff is moderator, anyone with the password joins and the room is chatting', async () => {
    const staff = await someone('rpgs');
    const t = await take(pool.g, staff.name, { type: 'group' });
    const self = staff.xmpp.waitFor((el) => el.is('presence') && el.attrs.from === `${t.room}/${staff.name}` && !!el.getChild('x', NS_MUC_USER), 10_000, 'the staff\'s self-presence');
    const chatting = stateEvent(pool.sse, t.name, 'chatting');
    assert.equal(await joinRoom(staff, t.room, t.password), 'joined');
    assert.equal((await self).getChild('x', NS_MUC_USER)?.getChild('item')?.attrs.role, 'moderator');
    await chatting;
    const guest = await someone('rpgg');
    assert.equal(await joinRoom(guest, t.room, t.password), 'joined');
    await eventually(async () => ((await room(pool.g, t.name)).present ?? []).length === 2, 'both inside');
  });

  it('when a room is closed through the API, then its occupants are told the reason, it is gone from ejabberd and kept in the history', async () => {
    const { staff, ...t } = await waitingStaff('rpcs');
    const out = staff.xmpp.waitFor((el) => el.is('presence') && el.attrs.type === 'unavailable' && el.attrs.from === `${t.room}/${staff.name}`, 10_000, 'the room destroyed');
    await admin(pool.g, request(pool.g.url).delete(`${MODERN}/roompool/rooms/${t.name}?reason=${encodeURIComponent('Closing <time> & "bye"')}`)).expect(200);
    const destroy = (await out).getChild('x', NS_MUC_USER)?.getChild('destroy');
    assert.equal(destroy?.getChildText('reason'), 'Closing <time> & "bye"');
    await eventually(async () => (await room(pool.g, t.name)).closed === true, 'closed');
    await admin(pool.g, request(pool.g.url).delete(`${MODERN}/roompool/rooms/${t.name}`)).expect(200); // again: success
    assert.equal((await admin(pool.g, request(pool.g.url).post(`${MODERN}/roompool/rooms/${t.name}/clean-exit`))).status, 409);
  });

  it('when the pool has rooms in several states, then statistics and status.xml count them', async () => {
    const stats = (await admin(pool.g, request(pool.g.url).get(`${MODERN}/roompool/statistics`))).body as Record<string, number | boolean>;
    assert.equal(stats.open, true);
    assert.ok((stats.chatting as number) >= 2 && (stats.served as number) >= 1 && typeof stats.averageWaitSeconds === 'number', JSON.stringify(stats));
    const status = await request(pool.g.url).get('/roompool/status.xml').set('Authorization', pool.g.secret);
    assert.equal(status.text, `<status><open>True</open><chatting>${stats.chatting}</chatting></status>`);
  });
});
