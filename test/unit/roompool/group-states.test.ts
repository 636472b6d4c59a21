/** Group rooms, a row per transition of helpdesk-peers.md C.6 (GroupRoom). */
import assert from 'node:assert/strict';
import type { RoomStatus } from '../../../gateway/roompool/machine/index.js';
import { bareOf, CLEANUP, PoolWorld, said } from './pool-world.js';

const group = (w: PoolWorld): string => w.take('sam', { type: 'group' });
const chatting = (w: PoolWorld): string => {
  const room = group(w);
  w.join(room, 'sam');
  w.join(room, 'ann');
  return room;
};
const abandoned = (w: PoolWorld): string => {
  const room = chatting(w);
  w.leave(room, 'ann');
  w.leave(room, 'sam');
  return room;
};

const rows: Array<{ name: string; from: RoomStatus; setup: (w: PoolWorld) => string; act: (w: PoolWorld, room: string) => void; to: RoomStatus }> = [
  { name: 'someone joins', from: 'available', setup: group, act: (w, r) => w.join(r, 'ann'), to: 'chatting' },
  { name: 'someone joins again', from: 'abandoned', setup: abandoned, act: (w, r) => w.join(r, 'ann'), to: 'chatting' },
  { name: 'one of two leaves', from: 'chatting', setup: chatting, act: (w, r) => w.leave(r, 'ann'), to: 'chatting' },
  { name: 'the last one leaves clean', from: 'chatting', setup: (w) => { const r = chatting(w); w.leave(r, 'ann'); return r; }, act: (w, r) => w.leave(r, 'sam', 'Clean Exit'), to: 'toDestroy' },
  { name: 'the last one leaves after the web marked a clean exit', from: 'chatting', setup: (w) => { const r = chatting(w); w.leave(r, 'ann'); w.do({ type: 'cleanExit', room: r }); return r; }, act: (w, r) => w.leave(r, 'sam'), to: 'toDestroy' },
  { name: 'the last one leaves dirty', from: 'chatting', setup: (w) => { const r = chatting(w); w.leave(r, 'ann'); return r; }, act: (w, r) => w.leave(r, 'sam', 'Disconnected'), to: 'abandoned' },
  { name: 'someone joins (kicked)', from: 'toDestroy', setup: (w) => { const r = chatting(w); w.leave(r, 'ann', 'Clean Exit'); w.leave(r, 'sam', 'Clean Exit'); return r; }, act: (w, r) => w.join(r, 'ann'), to: 'toDestroy' },
];

describe('room pool machine: group room states (C.6)', () => {
  for (const row of rows) {
    it(`when a group room is ${row.from} and ${row.name}, then ${row.to}`, () => {
      const w = new PoolWorld({ groupRooms: true });
      const room = row.setup(w);
      assert.equal(w.status(room), row.from, 'setup');
      row.act(w, room);
      assert.equal(w.status(room), row.to);
    });
  }

  it('when a staff member takes a group room, then it is made the room\'s moderator (admin affiliation) and anyone with the password may join', () => {
    const w = new PoolWorld({ groupRooms: true });
    const m = w.mark();
    const room = group(w);
    assert.deepEqual(w.since(m).filter((e) => e.type === 'grantModerator'), [{ type: 'grantModerator', room, jid: bareOf('sam') }]);
    w.join(room, 'ann');
    w.join(room, 'bob');
    assert.deepEqual(said(w.since(m), 'kick'), []);
  });

  it('when an abandoned group room lasts the cleanup time, then it is closed', () => {
    const w = new PoolWorld({ groupRooms: true });
    const room = abandoned(w);
    w.advance(CLEANUP);
    w.do({ type: 'tick' });
    assert.equal(w.status(room), 'destroyed');
  });
});
