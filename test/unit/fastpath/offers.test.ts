import assert from 'node:assert/strict';
import type { AcceptResult, MachineEvent } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, World } from './fastpath-world.js';

/** alice and bob available, ann waiting and offered to alice. */
function offeredToAlice(): World {
  const w = new World();
  w.do(online('alice'));
  w.do(online('bob'));
  w.do({ type: 'agentPresence', agent: 'bob', show: 'dnd' });
  w.do(ask('ann'));
  w.do({ type: 'agentPresence', agent: 'bob', show: 'available' });
  assert.deepEqual(said(w.since(0), 'sendOffer'), ['offer ann → alice']);
  return w;
}

describe('fastpath machine: offers', () => {
  it('when the agent rejects, then the next agent is offered and the rejector waits out the rejection timeout', () => {
    const w = offeredToAlice();
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'reject', offerId: 'r-ann', agent: 'alice' }), { kind: 'rejected' });
    assert.deepEqual(said(w.since(m), 'sendOffer', 'revokeOffer'), ['offer ann → bob']);
    assert.deepEqual(w.do({ type: 'reject', offerId: 'r-ann', agent: 'bob' }), { kind: 'rejected' });
    w.advance(19_999);
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob']);
    w.advance(1);
    // alice's exclusion ended first (never-offered agents first, then by last chat): alice again
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob', 'offer ann → alice']);
  });

  it('when an offer times out, then it is revoked as timed out, the agent is a rejector and the next agent is offered', () => {
    const w = offeredToAlice();
    const m = w.mark();
    w.advance(19_999);
    assert.deepEqual(said(w.since(m), 'sendOffer', 'revokeOffer'), []);
    w.advance(1);
    assert.deepEqual(said(w.since(m), 'sendOffer', 'revokeOffer'), ['revoke ann from alice: The offer has timed out', 'offer ann → bob']);
    assert.deepEqual(w.state().queue[0]?.rejectors, [{ agent: 'alice', until: w.now + 20_000 }]);
  });

  it('when the offer is accepted, then the room is asked for, and once it exists both are invited', () => {
    const w = offeredToAlice();
    const m = w.mark();
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    assert.deepEqual(said(w.since(m), 'createRoom', 'cancelDeadline'), ['cancel offerTimeout r-ann/alice', 'cancel requestTimeout r-ann', 'room r-ann for alice + ann']);
    assert.deepEqual(w.state().queue, []);
    assert.equal(w.state().chats['r-ann']?.status, 'creating');
    const m2 = w.mark();
    assert.deepEqual(w.do({ type: 'roomCreated', offerId: 'r-ann' }), { kind: 'ok' });
    assert.deepEqual(said(w.since(m2)), ['invite alice to r-ann', 'invite ann to r-ann']);
    const again = w.state();
    assert.deepEqual(w.do({ type: 'roomCreated', offerId: 'r-ann' }), { kind: 'ok' });
    assert.equal(w.state(), again, 'a repeated roomCreated changes nothing');
    assert.equal(w.timerCount(), 0);
  });

  const late: Array<{ name: string; then: MachineEvent[]; waitMs?: number; who: string; offerId?: string; expect: AcceptResult['kind'] }> = [
    { name: 'when the winner accepts again, then it is accepted again (idempotent)', then: [{ type: 'accept', offerId: 'r-ann', agent: 'alice' }], who: 'alice', expect: 'accepted' },
    { name: 'when an agent never offered the request accepts, then it is not theirs (403)', then: [], who: 'bob', expect: 'not-yours' },
    { name: 'when the agent accepts after its offer timed out, then it was revoked (409)', then: [], waitMs: 20_000, who: 'alice', expect: 'revoked' },
    { name: 'when the agent accepts after rejecting, then it was revoked (409)', then: [{ type: 'reject', offerId: 'r-ann', agent: 'alice' }], who: 'alice', expect: 'revoked' },
    { name: 'when the agent accepts after the visitor cancelled, then it was revoked (409)', then: [{ type: 'cancel', userId: 'ann' }], who: 'alice', expect: 'revoked' },
    { name: 'when an agent accepts an unknown offer, then it is unknown', then: [], who: 'alice', offerId: 'r-nobody', expect: 'unknown' },
  ];
  for (const c of late) {
    it(c.name, () => {
      const w = offeredToAlice();
      for (const e of c.then) w.do(e);
      w.advance(c.waitMs ?? 0);
      const before = c.expect === 'accepted' ? undefined : w.state();
      assert.equal(w.do({ type: 'accept', offerId: c.offerId ?? 'r-ann', agent: c.who }).kind, c.expect);
      if (before) assert.equal(w.state(), before, 'a refused accept changes nothing');
    });
  }

  it('when the agent disconnects with a pending offer, then the offer is revoked at once and the request keeps its place', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    const m = w.mark();
    w.do({ type: 'agentPresence', agent: 'alice', show: 'offline' });
    assert.deepEqual(said(w.since(m), 'revokeOffer', 'updateQueue', 'cancelDeadline'), ['cancel offerTimeout r-ann/alice', 'revoke ann from alice: The agent is no longer available']);
    assert.deepEqual(w.state().queue.map((r) => [r.userId, r.offers.length]), [['ann', 0], ['ben', 0]]);
    w.do(online('bob'));
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ann → bob']);
  });

  it('when the room cannot be created, then the request goes back to its old place and another agent is offered', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    w.do(ask('cat'));
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    w.do({ type: 'accept', offerId: 'r-ben', agent: 'bob' });
    // cat is now offered to alice (fewer chats tie, by name); ann failed:
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'roomFailed', offerId: 'r-ann' }), { kind: 'ok' });
    assert.deepEqual(w.state().queue.map((r) => r.userId), ['ann', 'cat']);
    assert.deepEqual(said(w.since(m), 'revokeOffer', 'updateQueue', 'sendOffer'), [
      'revoke ann from alice: The support room could not be created',
      'offer ann → bob',
      'ann at 1 (0 s)',
      'cat at 2 (0 s)',
    ]);
  });

  it('when a chat ends, then the agent is free again and takes the next request', () => {
    const w = new World({ sales: { settings: { maxChatsPerAgent: 1 } } });
    w.do(online('alice'));
    w.do(ask('ann'));
    w.do(ask('ben'));
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    w.do({ type: 'roomCreated', offerId: 'r-ann' });
    const m = w.mark();
    assert.deepEqual(w.do({ type: 'chatEnded', offerId: 'r-ann' }), { kind: 'ok' });
    assert.deepEqual(said(w.since(m), 'sendOffer'), ['offer ben → alice']);
    assert.equal(w.state().agents.alice?.lastChatEndedAt, w.now);
    assert.deepEqual(w.do({ type: 'chatEnded', offerId: 'r-ann' }), { kind: 'unknown' });
  });
});
