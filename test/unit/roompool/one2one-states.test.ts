/**
 * The one-to-one room states, a row per transition of helpdesk-peers.md C.6 (One2OneRoom), plus
 * the rows where ofgate differs on purpose (identity instead of join order; a lost participant
 * may come back). Each row: how the room reaches its `from` state, the event, the `to` state
 * and what the room's log records.
 */
import assert from 'node:assert/strict';
import type { LogKind, RoomStatus } from '../../../gateway/roompool/machine/index.js';
import { bareOf, CLEANUP, PoolWorld, said } from './pool-world.js';

interface Row {
  readonly name: string;
  readonly from: RoomStatus;
  readonly setup: (w: PoolWorld) => string;
  readonly act: (w: PoolWorld, room: string) => void;
  readonly to: RoomStatus;
  /** The last log entry other than a status change. */
  readonly logs?: LogKind;
}

const invited = (w: PoolWorld): string => w.take('sam', { invitee: 'ivy' });
const invitedWaiting = (w: PoolWorld): string => {
  const room = invited(w);
  w.join(room, 'sam');
  return room;
};
const lost = (w: PoolWorld): string => {
  const room = w.chatting();
  w.leave(room, 'cleo', 'Connection reset');
  return room;
};
const closing = (w: PoolWorld): string => {
  const room = w.chatting();
  w.leave(room, 'cleo', 'Clean Exit');
  return room;
};
const staffLeft = (w: PoolWorld): string => {
  const room = w.waiting('sam');
  w.leave(room, 'sam');
  return room;
};
const abandoned = (w: PoolWorld): string => {
  const room = lost(w);
  w.leave(room, 'sam');
  return room;
};

const rows: Row[] = [
  { name: 'its staff joins', from: 'available', setup: (w) => w.take('sam'), act: (w, r) => w.join(r, 'sam'), to: 'staffWaiting', logs: 'join' },
  { name: 'its staff joins an invitation room', from: 'availableForInvitation', setup: invited, act: (w, r) => w.join(r, 'sam'), to: 'staffWaitingForInvitee', logs: 'join' },
  { name: 'the matched client joins', from: 'staffWaiting', setup: (w) => { const r = w.waiting('sam'); w.request('cleo'); return r; }, act: (w, r) => w.join(r, 'cleo'), to: 'chatting', logs: 'join' },
  { name: 'the invitee joins', from: 'staffWaitingForInvitee', setup: invitedWaiting, act: (w, r) => w.join(r, 'ivy'), to: 'chatting', logs: 'join' },
  { name: 'the staff leaves clean', from: 'staffWaiting', setup: (w) => w.waiting('sam'), act: (w, r) => w.leave(r, 'sam', 'Clean Exit'), to: 'toDestroy', logs: 'left' },
  { name: 'the staff leaves dirty', from: 'staffWaiting', setup: (w) => w.waiting('sam'), act: (w, r) => w.leave(r, 'sam'), to: 'toDestroy', logs: 'left' },
  { name: 'the staff leaves before its invitee came', from: 'staffWaitingForInvitee', setup: invitedWaiting, act: (w, r) => w.leave(r, 'sam', 'gone'), to: 'toDestroy', logs: 'left' },
  { name: 'the client leaves with status "Clean Exit"', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.leave(r, 'cleo', 'Clean Exit'), to: 'closingChat', logs: 'ended' },
  { name: 'the staff leaves with status " Clean Exit " (trimmed)', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.leave(r, 'sam', '  Clean Exit \n'), to: 'closingChat', logs: 'ended' },
  { name: 'one leaves after the web side marked a clean exit', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => { w.do({ type: 'cleanExit', room: r }); w.leave(r, 'cleo'); }, to: 'closingChat', logs: 'ended' },
  { name: 'the client leaves with any other status', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.leave(r, 'cleo', 'clean exit'), to: 'lost', logs: 'left' },
  { name: 'the staff leaves without a status', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.leave(r, 'sam'), to: 'lost', logs: 'left' },
  { name: 'the client (re)joins with another resource', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.join(r, 'cleo', 'phone'), to: 'chatting', logs: 'rejoin' },
  { name: 'the client leaves one resource and rejoins with it', from: 'chatting', setup: (w) => { const r = w.chatting(); w.join(r, 'cleo', 'phone'); w.leave(r, 'cleo'); return r; }, act: (w, r) => w.join(r, 'cleo'), to: 'chatting', logs: 'rejoin' },
  { name: 'the other leaves dirty', from: 'lost', setup: lost, act: (w, r) => w.leave(r, 'sam'), to: 'abandoned', logs: 'left' },
  { name: 'the other leaves clean', from: 'lost', setup: lost, act: (w, r) => w.leave(r, 'sam', 'Clean Exit'), to: 'toDestroy', logs: 'ended' },
  { name: 'the one who left comes back (ofgate resumes; HelpIM kicked it)', from: 'lost', setup: lost, act: (w, r) => w.join(r, 'cleo'), to: 'chatting', logs: 'rejoin' },
  { name: 'the remaining one leaves dirty', from: 'closingChat', setup: closing, act: (w, r) => w.leave(r, 'sam'), to: 'toDestroy', logs: 'left' },
  { name: 'the remaining one leaves clean', from: 'closingChat', setup: closing, act: (w, r) => w.leave(r, 'sam', 'Clean Exit'), to: 'toDestroy', logs: 'left' },
  { name: 'the client joins again', from: 'closingChat', setup: closing, act: (w, r) => w.join(r, 'cleo'), to: 'closingChat', logs: 'kicked' },
  { name: 'its staff joins again', from: 'abandoned', setup: abandoned, act: (w, r) => w.join(r, 'sam'), to: 'abandoned', logs: 'kicked' },
  { name: 'its staff joins again', from: 'toDestroy', setup: staffLeft, act: (w, r) => w.join(r, 'sam'), to: 'toDestroy', logs: 'kicked' },
  { name: 'an account that is not its staff joins first (HelpIM took it for the staff)', from: 'available', setup: (w) => w.take('sam'), act: (w, r) => w.join(r, 'mallory'), to: 'available', logs: 'kicked' },
  { name: 'anybody joins a room nobody took', from: 'available', setup: (w) => w.stock(), act: (w, r) => w.join(r, 'mallory'), to: 'available', logs: 'kicked' },
  { name: 'an intruder with the password joins', from: 'staffWaiting', setup: (w) => w.waiting('sam'), act: (w, r) => w.join(r, 'mallory'), to: 'staffWaiting', logs: 'kicked' },
  { name: 'an intruder joins a chat', from: 'chatting', setup: (w) => w.chatting(), act: (w, r) => w.join(r, 'mallory'), to: 'chatting', logs: 'kicked' },
  { name: 'a kicked intruder leaves', from: 'chatting', setup: (w) => { const r = w.chatting(); w.join(r, 'mallory'); return r; }, act: (w, r) => w.leave(r, 'mallory'), to: 'chatting', logs: 'kicked' },
  { name: 'a client other than the invitee joins', from: 'staffWaitingForInvitee', setup: invitedWaiting, act: (w, r) => w.join(r, 'cleo'), to: 'staffWaitingForInvitee', logs: 'kicked' },
];

describe('room pool machine: one-to-one room states (C.6)', () => {
  for (const row of rows) {
    it(`when ${row.from} and ${row.name}, then ${row.to}`, () => {
      const w = new PoolWorld();
      const room = row.setup(w);
      assert.equal(w.status(room), row.from, 'setup');
      const before = w.room(room);
      const m = w.mark();
      row.act(w, room);
      const after = w.room(room);
      assert.equal(after.status, row.to);
      if (row.to !== row.from) {
        assert.ok(after.statusAt === w.now && after.log.some((l) => l.kind === 'status' && l.status === row.to), 'status_timestamp and log entry');
        assert.deepEqual(said(w.since(m), 'roomStatus').slice(-1), [`${row.from} → ${row.to}`]);
        assert.ok(after.seq > before.seq);
      }
      if (row.logs) assert.equal([...after.log].reverse().find((l) => l.kind !== 'status')?.kind, row.logs);
      if (row.logs === 'kicked') assert.equal(said(w.since(m), 'kick').length, row.name.includes('leaves') ? 0 : 1);
    });
  }

  it('when the staff has two resources inside and one leaves, then the room stays staffWaiting until the last one leaves', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    w.join(room, 'sam', 'desk');
    w.leave(room, 'sam');
    assert.equal(w.status(room), 'staffWaiting');
    w.leave(room, 'sam', null, 'desk');
    assert.equal(w.status(room), 'toDestroy');
  });

  it('when an intruder is kicked, then the kick names the bare JID and the reason, and nothing else changes', () => {
    const w = new PoolWorld();
    const room = w.waiting('sam');
    const before = w.room(room);
    const m = w.mark();
    w.join(room, 'mallory', 'laptop');
    assert.deepEqual(w.since(m).filter((e) => e.type === 'kick'), [{ type: 'kick', room, jid: bareOf('mallory'), reason: 'This room is reserved for someone else' }]);
    assert.deepEqual(w.room(room).present, before.present);
    assert.equal(w.room(room).log.at(-1)?.who, bareOf('mallory'));
  });

  const timeouts: Array<{ from: RoomStatus; setup: (w: PoolWorld) => string; closesAfter: number }> = [
    { from: 'lost', setup: lost, closesAfter: CLEANUP },
    { from: 'closingChat', setup: closing, closesAfter: CLEANUP },
    { from: 'abandoned', setup: abandoned, closesAfter: CLEANUP },
    { from: 'toDestroy', setup: staffLeft, closesAfter: 0 },
    { from: 'available', setup: (w) => w.take('sam'), closesAfter: CLEANUP },
    { from: 'availableForInvitation', setup: invited, closesAfter: CLEANUP },
  ];
  for (const t of timeouts) {
    it(`when ${t.from} has lasted ${t.closesAfter / 1000} s at a cleanup pass, then it is closed (destroyed in ejabberd) and the pool refilled`, () => {
      const w = new PoolWorld();
      const room = t.setup(w);
      if (t.closesAfter > 0) {
        w.advance(t.closesAfter - 1);
        w.do({ type: 'tick' });
        assert.equal(w.status(room), t.from, 'not yet');
        w.advance(1);
      }
      const m = w.mark();
      w.do({ type: 'tick' });
      assert.equal(w.status(room), 'destroyed');
      assert.equal(said(w.since(m), 'destroyRoom').length, 1);
      assert.ok(said(w.since(m), 'refill').length > 0);
    });
  }

  it('when staffWaiting, chatting or the untaken stock last past the cleanup time, then they are kept', () => {
    const w = new PoolWorld();
    const chat = w.chatting('stan', 'cleo');
    const waiting = w.waiting('sam');
    const stock = w.stock();
    w.advance(CLEANUP * 10);
    w.do({ type: 'tick' });
    assert.deepEqual([w.status(stock), w.status(waiting), w.status(chat)], ['available', 'staffWaiting', 'chatting']);
  });

  it('when a destroyed room is archived, then it leaves the live record; a live one is not archived', () => {
    const w = new PoolWorld();
    const gone = w.take('sam');
    const live = w.waiting('stan');
    w.do({ type: 'close', room: gone, reason: 'done' });
    assert.deepEqual(w.do({ type: 'archive', rooms: [gone, live] }), { kind: 'archived', rooms: [gone] });
    assert.equal(w.state.rooms[gone], undefined);
    assert.equal(w.status(live), 'staffWaiting');
  });
});
