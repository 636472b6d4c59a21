/**
 * Matching (helpdesk-peers.md C.8, C.12): FIFO clients × staffWaiting rooms by priority desc,
 * then longest waiting; reservations; a lapsed reservation puts the client back at the head and
 * the room goes to the next; departments; the pool closed without staff; queue positions.
 */
import assert from 'node:assert/strict';
import { statisticsOf } from '../../../gateway/roompool/machine/index.js';
import { ALLOCATION, bareOf, PoolWorld, said } from './pool-world.js';

describe('room pool machine: matching clients to waiting staff', () => {
  it('when clients ask, then the longest-waiting staff of the highest priority gets the first, FIFO', () => {
    const w = new PoolWorld();
    const early = w.waiting('early');
    w.advance(1000);
    const late = w.waiting('late');
    w.advance(1000);
    const high = w.waiting('high', { priority: 100 });
    const got = ['c1', 'c2', 'c3'].map((c) => w.request(c));
    assert.deepEqual(got.map((g) => (g.kind === 'reserved' ? g.room : g.kind)), [high, early, late]);
    assert.equal(w.room(high).reservedUntil, w.now + ALLOCATION);
  });

  it('when two clients ask for one waiting room, then only the first gets it and the second waits at position 1', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    const a = w.request('a');
    const b = w.request('b');
    assert.equal(a.kind, 'reserved');
    assert.deepEqual(b, { kind: 'queued', ticket: 't2-b', position: 1, existing: false });
    assert.equal(w.room(room).client, bareOf('a'));
  });

  it('when a reservation lapses, then the client goes back to the head of the queue and the room is offered to the next client', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    w.request('a');
    w.request('b');
    w.request('c');
    const m = w.mark();
    w.advance(ALLOCATION);
    assert.equal(w.room(room).client, bareOf('b'), 'the room goes to the next in line');
    assert.deepEqual(w.state.queue.map((t) => t.client), [bareOf('a'), bareOf('c')], 'a is back at the head');
    assert.deepEqual(said(w.since(m), 'matched'), [`${bareOf('b')} → ${room}`]);
    const other = w.waiting('stan');
    assert.equal(w.room(other).client, bareOf('a'), 'the next room goes to the head of the queue');
  });

  it('when the reserved client arrives in time, then the reservation ends and the late timer changes nothing', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    const r = w.request('a');
    w.join(room, 'a');
    assert.equal(w.room(room).reservedUntil, null);
    assert.deepEqual(w.do({ type: 'reservationLapsed', room, ticket: r.kind === 'reserved' ? r.ticket : '' }), { kind: 'ok' });
    assert.equal(w.status(room), 'chatting');
  });

  it('when the client arrives after its reservation lapsed and another client got the room, then it is kicked', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    w.request('a');
    w.request('b');
    w.advance(ALLOCATION);
    const m = w.mark();
    w.join(room, 'a');
    assert.deepEqual(said(w.since(m), 'kick'), [`kick ${bareOf('a')}`]);
    w.join(room, 'b');
    assert.equal(w.status(room), 'chatting');
  });

  it('when departments differ, then clients are matched only inside their department', () => {
    const w = new PoolWorld();
    const sales = w.waiting('sam', { department: 'sales' });
    const none = w.waiting('nat');
    const r1 = w.request('a', 'support');
    const r2 = w.request('b', 'sales');
    const r3 = w.request('c');
    assert.equal(r1.kind, 'queued');
    assert.deepEqual([r2.kind === 'reserved' && r2.room, r3.kind === 'reserved' && r3.room], [sales, none]);
    const support = w.waiting('sue', { department: 'support' });
    assert.equal(w.room(support).client, bareOf('a'));
  });

  it('when no staff member is on duty, then a client request is answered closed; the web app\'s switch closes it too', () => {
    const w = new PoolWorld();
    w.stock();
    assert.deepEqual(w.request('a'), { kind: 'closed' });
    w.take('sam');
    assert.equal(w.request('a').kind, 'queued', 'a staff member who took a room is on duty');
    w.do({ type: 'settings', patch: { open: false } });
    assert.deepEqual(w.request('b'), { kind: 'closed' });
    assert.equal(statisticsOf(w.state).open, false);
  });

  it('when a client asks again, then its open ticket is answered and nothing changes', () => {
    const w = new PoolWorld();
    w.take('sam');
    const first = w.request('a');
    const before = w.state;
    assert.deepEqual(w.request('a'), { ...first, existing: true });
    assert.equal(w.state, before);
  });

  it('when the queue is full, then a request is refused', () => {
    const w = new PoolWorld({ maxQueue: 2 });
    w.take('sam');
    w.request('a');
    w.request('b');
    assert.deepEqual(w.request('c'), { kind: 'full' });
  });

  it('when clients wait and one cancels, then those behind are told their new positions', () => {
    const w = new PoolWorld();
    w.take('sam');
    const tickets = ['a', 'b', 'c'].map((c) => w.request(c));
    assert.deepEqual(said(w.effects, 'queuePosition'), [`${bareOf('a')} at 1`, `${bareOf('b')} at 2`, `${bareOf('c')} at 3`]);
    const m = w.mark();
    const first = tickets[0];
    assert.deepEqual(w.do({ type: 'cancel', ticket: first && first.kind === 'queued' ? first.ticket : '' }), { kind: 'cancelled', stage: 'queued' });
    assert.deepEqual(said(w.since(m), 'queuePosition'), [`${bareOf('b')} at 1`, `${bareOf('c')} at 2`]);
  });

  it('when a reserved client cancels, then the room goes to the next client at once', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    const a = w.request('a');
    w.request('b');
    assert.deepEqual(w.do({ type: 'cancel', ticket: a.kind === 'reserved' ? a.ticket : '' }), { kind: 'cancelled', stage: 'reserved' });
    assert.equal(w.room(room).client, bareOf('b'));
    assert.deepEqual(w.state.queue, []);
  });

  it('when the staff leaves a reserved room before the client came, then the client keeps the head of the queue', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    w.request('a');
    w.request('b');
    w.leave(room, 'sam');
    assert.equal(w.status(room), 'toDestroy');
    assert.deepEqual(w.state.queue.map((t) => t.client), [bareOf('a'), bareOf('b')]);
  });

  it('when a staff member holds maxChatsPerStaff rooms, then another take is refused', () => {
    const w = new PoolWorld({ maxChatsPerStaff: 2 });
    w.take('sam');
    w.take('sam');
    w.stock();
    assert.deepEqual(w.do({ type: 'take', staff: bareOf('sam'), roomType: 'one2one', priority: 10, department: null, invitee: null, fresh: null }), { kind: 'limit', max: 2 });
  });

  it('when the stock is empty, then a take answers none, and a take with a fresh room records and takes it in one step', () => {
    const w = new PoolWorld();
    const take = { type: 'take' as const, staff: bareOf('sam'), roomType: 'one2one' as const, priority: 10, department: null, invitee: null };
    assert.deepEqual(w.do({ ...take, fresh: null }), { kind: 'none' });
    const got = w.do({ ...take, fresh: { name: 'site_f.0', type: 'one2one', password: 'pf' } });
    assert.deepEqual(got, { kind: 'taken', room: 'site_f.0', password: 'pf', expiresAt: w.now + 600_000 });
  });

  it('when clients are served, then the average wait is their mean time from request to arrival', () => {
    const w = new PoolWorld();
    const r1 = w.waiting('sam');
    const r2 = w.waiting('stan');
    w.request('a');
    w.request('b');
    w.advance(10_000);
    w.join(r1, 'a');
    w.advance(20_000);
    w.join(r2, 'b');
    const stats = statisticsOf(w.state);
    assert.deepEqual([stats.served, stats.averageWaitSeconds, stats.chatting, stats.clientsWaiting], [2, 20, 2, 0]);
  });
});
