import assert from 'node:assert/strict';
import { decideAcquire, liveHolder, type HolderRecord, type LeaseRecord } from '../../../gateway/cluster/index.js';
import { dueForRefresh } from '../../../gateway/cluster/lease-record.js';

const me: LeaseRecord = { holder: 'a', incarnation: 'a2' };

describe('lease record', () => {
  const cases: Array<{ name: string; lease?: LeaseRecord; heartbeat?: HolderRecord; live?: string; decision: string }> = [
    { name: 'when there is no lease record, then nobody holds it and it can be taken', decision: 'take' },
    { name: 'when it is ours (this incarnation), then it is mine', lease: me, heartbeat: { incarnation: 'a2' }, live: 'a', decision: 'mine' },
    { name: "when another instance's heartbeat names the lease's incarnation, then it is taken", lease: { holder: 'b', incarnation: 'b1' }, heartbeat: { incarnation: 'b1' }, live: 'b', decision: 'taken' },
    { name: "when the holder's heartbeat expired, then it can be taken", lease: { holder: 'b', incarnation: 'b1' }, decision: 'take' },
    { name: 'when the holder restarted (a new incarnation), then its old lease can be taken', lease: { holder: 'b', incarnation: 'b1' }, heartbeat: { incarnation: 'b2' }, decision: 'take' },
    { name: 'when the lease is from an earlier life of ours, then we take it again', lease: { holder: 'a', incarnation: 'a1' }, heartbeat: { incarnation: 'a2' }, decision: 'take' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.equal(liveHolder(tc.lease, tc.heartbeat), tc.live);
      assert.equal(decideAcquire(tc.lease, tc.heartbeat, me), tc.decision);
    });
  }

  it('when held records near their expiry, then the soonest expiring half-spent ones are refreshed, at most a batch', () => {
    const held = new Map([['x', 1_000], ['y', 400], ['z', 600], ['w', 5_000]]);
    assert.deepEqual(dueForRefresh(held, 0, 1_200, 2), ['y', 'z']);
    assert.deepEqual(dueForRefresh(held, 0, 1_200, 10), ['y', 'z']);
    assert.deepEqual(dueForRefresh(held, 500, 1_200, 10), ['y', 'z', 'x']);
  });
});
