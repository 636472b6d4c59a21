import assert from 'node:assert/strict';
import type { CancelResult, MachineEvent } from '../../../gateway/fastpath/machine/index.js';
import { ask, online, said, World } from './fastpath-world.js';

describe('fastpath machine: the visitor cancels', () => {
  const stages: Array<{ name: string; setup: MachineEvent[]; result: CancelResult; said: string[] }> = [
    {
      name: 'when the visitor cancels while queued, then it departs (departure-requested) and its timer is cancelled',
      setup: [ask('ann')],
      result: { kind: 'cancelled', requestId: 'r-ann', stage: 'queued' },
      said: ['cancel requestTimeout r-ann', 'depart ann: departure-requested'],
    },
    {
      name: 'when the visitor cancels while offered, then the agent gets "User canceled" and the visitor departs',
      setup: [online('alice'), ask('ann')],
      result: { kind: 'cancelled', requestId: 'r-ann', stage: 'offered' },
      said: ['cancel offerTimeout r-ann/alice', 'revoke ann from alice: User canceled', 'cancel requestTimeout r-ann', 'depart ann: departure-requested', 'notify alice: '],
    },
    {
      name: 'when the visitor cancels in the room, then the room is removed and the agent is free; no depart-queue',
      setup: [online('alice'), ask('ann'), { type: 'accept', offerId: 'r-ann', agent: 'alice' }, { type: 'roomCreated', offerId: 'r-ann' }],
      result: { kind: 'cancelled', requestId: 'r-ann', stage: 'room' },
      said: ['destroy r-ann'],
    },
  ];
  for (const c of stages) {
    it(c.name, () => {
      const w = new World();
      for (const e of c.setup) w.do(e);
      const m = w.mark();
      assert.deepEqual(w.do({ type: 'cancel', userId: 'ann' }), c.result);
      assert.deepEqual(said(w.since(m)), c.said);
      assert.deepEqual(w.state().queue, []);
      assert.deepEqual(w.state().chats, {});
      assert.equal(w.timerCount(), 0);
    });
  }

  it('when a visitor that is not here cancels, then it is not found and nothing changes', () => {
    const w = new World();
    const before = w.state();
    assert.deepEqual(w.do({ type: 'cancel', userId: 'ghost' }), { kind: 'not-found' });
    assert.equal(w.state(), before);
  });

  it('when the visitor cancels while its room is being created, then the room is removed and a late roomCreated is unknown', () => {
    const w = new World();
    w.do(online('alice'));
    w.do(ask('ann'));
    w.do({ type: 'accept', offerId: 'r-ann', agent: 'alice' });
    assert.equal(w.do({ type: 'cancel', userId: 'ann' }).kind, 'cancelled');
    assert.deepEqual(w.do({ type: 'roomCreated', offerId: 'r-ann' }), { kind: 'unknown' });
  });

  it('when the visitor cancels with a broadcast offer out, then every agent holding it is told', () => {
    const w = new World({ sales: { settings: { routing: 'broadcast' } } });
    w.do(online('alice'));
    w.do(online('bob'));
    w.do(ask('ann'));
    const m = w.mark();
    w.do({ type: 'cancel', userId: 'ann' });
    assert.deepEqual(said(w.since(m), 'revokeOffer'), ['revoke ann from alice: User canceled', 'revoke ann from bob: User canceled']);
  });
});
