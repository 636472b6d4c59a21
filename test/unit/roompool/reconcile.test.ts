/**
 * The reconcile with ejabberd's real occupants (the svn bot's fixroomstatus, C.10): a row per
 * (status, who is inside, web clean exit) case, the room gone from ejabberd, intruders found
 * inside, and a reconcile read before a newer change refused.
 */
import assert from 'node:assert/strict';
import type { RoomStatus } from '../../../gateway/roompool/machine/index.js';
import { bareOf, jid, PoolWorld, said } from './pool-world.js';

type Inside = Array<'sam' | 'cleo' | 'ivy' | 'mallory'>;

function reconcile(w: PoolWorld, room: string, inside: Inside | null): void {
  const occupants = inside === null ? null : inside.map((n) => ({ jid: jid(n), nick: n }));
  assert.equal(w.do({ type: 'reconcile', room, occupants, seenSeq: w.room(room).seq }).kind, 'ok');
}

/** A room in `status` as the machine last knew it (setup through events). */
const setups: Record<string, (w: PoolWorld) => string> = {
  taken: (w) => w.take('sam'),
  invitation: (w) => w.take('sam', { invitee: 'ivy' }),
  invitationWaiting: (w) => { const r = w.take('sam', { invitee: 'ivy' }); w.join(r, 'sam'); return r; },
  waiting: (w) => w.waiting('sam'),
  reserved: (w) => { const r = w.waiting('sam'); w.request('cleo'); return r; },
  chatting: (w) => w.chatting(),
  cleanMarked: (w) => { const r = w.chatting(); w.do({ type: 'cleanExit', room: r }); return r; },
  lost: (w) => { const r = w.chatting(); w.leave(r, 'cleo'); return r; },
  closing: (w) => { const r = w.chatting(); w.leave(r, 'cleo', 'Clean Exit'); return r; },
};

const rows: Array<{ setup: keyof typeof setups; inside: Inside; to: RoomStatus }> = [
  { setup: 'taken', inside: ['sam'], to: 'staffWaiting' },
  { setup: 'taken', inside: [], to: 'available' },
  { setup: 'invitation', inside: ['sam'], to: 'staffWaitingForInvitee' },
  { setup: 'invitation', inside: ['sam', 'ivy'], to: 'chatting' },
  { setup: 'invitationWaiting', inside: [], to: 'toDestroy' },
  { setup: 'invitationWaiting', inside: ['sam', 'ivy'], to: 'chatting' },
  { setup: 'waiting', inside: [], to: 'toDestroy' },
  { setup: 'waiting', inside: ['sam'], to: 'staffWaiting' },
  { setup: 'reserved', inside: ['sam', 'cleo'], to: 'chatting' },
  { setup: 'chatting', inside: ['sam', 'cleo'], to: 'chatting' },
  { setup: 'chatting', inside: ['sam'], to: 'lost' },
  { setup: 'chatting', inside: ['cleo'], to: 'lost' },
  { setup: 'chatting', inside: [], to: 'abandoned' },
  { setup: 'cleanMarked', inside: ['sam'], to: 'closingChat' },
  { setup: 'cleanMarked', inside: [], to: 'toDestroy' },
  { setup: 'lost', inside: ['sam', 'cleo'], to: 'chatting' },
  { setup: 'lost', inside: ['sam'], to: 'lost' },
  { setup: 'lost', inside: [], to: 'abandoned' },
  { setup: 'closing', inside: ['sam'], to: 'closingChat' },
  { setup: 'closing', inside: [], to: 'toDestroy' },
];

describe('room pool machine: reconcile with ejabberd\'s occupants (fixroomstatus)', () => {
  for (const row of rows) {
    it(`when ${row.setup} and ejabberd says [${row.inside.join(', ')}] inside, then ${row.to}`, () => {
      const w = new PoolWorld();
      const room = setups[row.setup]?.(w) as string;
      reconcile(w, room, row.inside);
      assert.equal(w.status(room), row.to);
      assert.deepEqual([...w.room(room).present].sort(), row.inside.map((n) => jid(n)).sort());
    });
  }

  it('when a reserved room lost its staff while nobody listened, then the reserved client is back at the head of the queue', () => {
    const w = new PoolWorld();
    const room = setups.reserved?.(w) as string;
    w.take('stan');
    w.request('dora');
    reconcile(w, room, []);
    assert.deepEqual(w.state.queue.map((t) => t.client), [bareOf('cleo'), bareOf('dora')]);
  });

  it('when an intruder is inside a one-to-one room, then it is kicked and not counted', () => {
    const w = new PoolWorld();
    const room = w.chatting();
    const m = w.mark();
    reconcile(w, room, ['sam', 'cleo', 'mallory']);
    assert.deepEqual(said(w.since(m), 'kick'), [`kick ${bareOf('mallory')}`]);
    assert.equal(w.status(room), 'chatting');
  });

  it('when the room is gone from ejabberd, then it is destroyed without a destroy call, and a chat in it is abandoned first', () => {
    const w = new PoolWorld();
    const stock = w.stock();
    const chat = w.chatting();
    const m = w.mark();
    reconcile(w, stock, null);
    reconcile(w, chat, null);
    assert.deepEqual([w.status(stock), w.status(chat)], ['destroyed', 'destroyed']);
    assert.deepEqual(said(w.since(m), 'destroyRoom'), []);
    assert.ok(said(w.since(m), 'roomStatus').includes('chatting → abandoned'));
    assert.equal(w.room(chat).log.find((l) => l.kind === 'gone')?.detail, 'The room no longer exists in ejabberd');
  });

  it('when the room changed after ejabberd was read, then the reconcile is refused as stale and changes nothing', () => {
    const w = new PoolWorld();
    const room = w.take('sam');
    const seenSeq = w.room(room).seq;
    w.join(room, 'sam');
    const before = w.state;
    assert.deepEqual(w.do({ type: 'reconcile', room, occupants: [], seenSeq }), { kind: 'stale' });
    assert.equal(w.state, before);
  });

  it('when a group room is found empty while chatting, then it is abandoned; found occupied when abandoned, chatting', () => {
    const w = new PoolWorld({ groupRooms: true });
    const room = w.take('sam', { type: 'group' });
    w.join(room, 'sam');
    reconcile(w, room, []);
    assert.equal(w.status(room), 'abandoned');
    reconcile(w, room, ['cleo']);
    assert.equal(w.status(room), 'chatting');
  });
});
