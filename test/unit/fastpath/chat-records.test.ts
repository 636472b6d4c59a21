/**
 * Chat records over a real memory store: written when the room exists (idempotent), taken over
 * by another agent or workgroup (previous agents and workgroups kept, an index entry per
 * workgroup), completed once with its transcript, rated (again replaces), expiring with their
 * keep time, listed newest first with the search and agent filter and paging.
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import type { AskRecord } from '../../../gateway/fastpath/index.js';
import { chatMatches, heldBy } from '../../../gateway/fastpath/chat-record-search.js';
import { createChatRecords, partyOf, ratingInput, type ChatRecords } from '../../../gateway/fastpath/chat-records.js';
import { createMemoryStore } from '../../../gateway/store/index.js';
import { createFakeClock, type FakeClock } from '../../kit/fake-clock.js';

const DAY = 86_400_000;

function ask(requestId: string, extra: Partial<AskRecord['fields']> = {}): AskRecord {
  return {
    requestId, userId: `u-${requestId}`, workgroup: 'sales', account: `fpv-${requestId}`, streamId: 's', identity: null, askedAt: 1_000, endedAt: null,
    fields: { workgroup: 'sales', userID: `u-${requestId}`, emailAddress: `${requestId}@example.com`, question: 'Where is my parcel?', ...extra },
  };
}

describe('fastpath chat records', () => {
  let clock: FakeClock;
  let records: ChatRecords;
  const open = (requestId: string, agent = 'ann', workgroup = 'sales', extra: Partial<AskRecord['fields']> = {}) =>
    records.opened({ workgroup, agent, ask: ask(requestId, extra), room: `${requestId}@conference.x`, at: clock.now() });

  beforeEach(() => {
    clock = createFakeClock();
    records = createChatRecords({ store: createMemoryStore({ clock }), now: () => clock.now(), keepMs: 30 * DAY });
  });

  it('when the room exists, then the record holds the visitor, agent, room and times; opening again changes nothing', async () => {
    const first = await open('r1', 'ann', 'sales', { nickname: 'Vic', company: 'ACME' });
    clock.advance(1000);
    const again = await open('r1');
    assert.deepEqual(again, first);
    assert.deepEqual(
      { ...first.visitor, agent: first.agent, room: first.room, queuedAt: first.queuedAt, endedAt: first.endedAt, rating: first.rating },
      { email: 'r1@example.com', question: 'Where is my parcel?', nickname: 'Vic', company: 'ACME', agent: 'ann', room: 'r1@conference.x', queuedAt: 1_000, endedAt: null, rating: null },
    );
    assert.deepEqual(partyOf(first), { visitorAccount: 'fpv-r1', visitorName: 'Vic' });
    assert.equal((await records.list('sales', { q: '', agents: '*' })).records.length, 1);
  });

  it('when another agent takes it over and then another workgroup, then previous agents and workgroups are kept and both workgroups list it', async () => {
    await open('r1', 'ann');
    await open('r1', 'bob');
    const moved = await open('r1', 'cat', 'support');
    assert.deepEqual([moved.agent, moved.previousAgents, moved.workgroup, moved.previousWorkgroups], ['cat', ['ann', 'bob'], 'support', ['sales']]);
    assert.ok(heldBy(moved, 'ann') && heldBy(moved, 'cat') && !heldBy(moved, 'dan'));
    assert.equal((await records.list('sales', { q: '', agents: ['bob'] })).records.length, 1);
    assert.equal((await records.list('support', { q: '', agents: '*' })).records.length, 1);
  });

  it('when it ends, then endedAt, reason and transcript are set once; a later end with another transcript changes nothing', async () => {
    await open('r1');
    const messages = [{ from: 'r1@conference.x/ann', nick: 'ann', role: 'agent' as const, body: 'Hello', at: 5 }];
    const ended = await records.endChatRecord('r1', { endedAt: 9, reason: 'agent-ended', messages });
    assert.deepEqual([ended?.endedAt, ended?.endReason, ended?.messages], [9, 'agent-ended', messages]);
    const again = await records.endChatRecord('r1', { endedAt: 10, reason: 'everyone-left', messages: [] });
    assert.deepEqual(again, ended);
    assert.equal(await records.endChatRecord('nope', { endedAt: 1, reason: null, messages: null }), undefined);
  });

  it('when the transcript could not be read at the end, then a later end may still bring it', async () => {
    await open('r1');
    await records.endChatRecord('r1', { endedAt: 9, reason: 'everyone-left', messages: null });
    const later = await records.endChatRecord('r1', { endedAt: 12, reason: 'agent-ended', messages: [] });
    assert.deepEqual([later?.endedAt, later?.endReason, later?.messages], [9, 'everyone-left', []]);
  });

  it('when rated twice, then the second rating replaces the first; a chat without a record is a 404', async () => {
    await open('r1');
    await records.rate('r1', { rating: 2, comment: 'slow' }, 100);
    const r = await records.rate('r1', { rating: 5, comment: null }, 200);
    assert.deepEqual([r.rating, r.comment, r.ratedAt], [5, null, 200]);
    await assert.rejects(records.rate('r2', { rating: 3, comment: null }, 1), (e: unknown) => isGatewayError(e) && e.status === 404);
  });

  it('when the keep time passes, then the record and its index entry are gone, a rating since included', async () => {
    await open('r1');
    clock.advance(29 * DAY);
    await records.rate('r1', { rating: 4, comment: null }, clock.now());
    clock.advance(2 * DAY);
    assert.equal(await records.get('r1'), undefined);
    assert.deepEqual((await records.list('sales', { q: '', agents: '*' })).records, []);
  });

  it('when listed, then newest first, filtered by words and agents, paged with the cursor', async () => {
    for (const [i, agent] of ['ann', 'bob', 'ann', 'ann'].entries()) {
      await open(`r${i}`, agent, 'sales', i === 2 ? { company: 'Globex' } : {});
      clock.advance(1000);
    }
    const all = await records.list('sales', { q: '', agents: '*' });
    assert.deepEqual(all.records.map((r) => r.requestId), ['r3', 'r2', 'r1', 'r0']);
    assert.deepEqual((await records.list('sales', { q: 'globex PARCEL', agents: '*' })).records.map((r) => r.requestId), ['r2']);
    assert.deepEqual((await records.list('sales', { q: '', agents: ['bob'] })).records.map((r) => r.requestId), ['r1']);
    const page1 = await records.list('sales', { q: '', agents: ['ann'] }, { limit: 2 });
    assert.deepEqual(page1.records.map((r) => r.requestId), ['r3', 'r2']);
    assert.ok(page1.next);
    const page2 = await records.list('sales', { q: '', agents: ['ann'] }, { limit: 2, after: page1.next });
    assert.deepEqual(page2.records.map((r) => r.requestId), ['r0']);
    assert.deepEqual((await records.list('other', { q: '', agents: '*' })).records, []);
  });

  it('chatMatches: every word somewhere in the visitor fields, question or agents, case-insensitive', async () => {
    const r = await open('r1', 'ann', 'sales', { nickname: 'Vic Tor' });
    assert.equal(chatMatches(r, { q: 'vic ANN', agents: '*' }), true);
    assert.equal(chatMatches(r, { q: 'vic bob', agents: '*' }), false);
    assert.equal(chatMatches(r, { q: '', agents: ['bob'] }), false);
  });

  it('ratingInput: 1 to 5 whole, comment text of at most 2000 (trimmed, blank = none)', () => {
    assert.deepEqual(ratingInput({ rating: 4, comment: ' fine ' }), { rating: 4, comment: 'fine' });
    assert.deepEqual(ratingInput({ rating: 1, comment: '  ' }), { rating: 1, comment: null });
    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 2.5 }, { rating: '4' }, {}]) {
      assert.throws(() => ratingInput(bad), (e: unknown) => isGatewayError(e) && e.resource === 'rating');
    }
    assert.throws(() => ratingInput({ rating: 3, comment: 'x'.repeat(2001) }), (e: unknown) => isGatewayError(e) && e.resource === 'comment');
  });
});
