import assert from 'node:assert/strict';
import { mergeRosterRows } from '../../../../gateway/ejabberd/results/roster-rows.js';

describe('mergeRosterRows', () => {
  const row = (jid: string, group: string, over: Partial<{ nick: string; subscription: string; ask: string }> = {}) => ({
    jid,
    group,
    nick: 'N',
    subscription: 'both',
    ask: 'undefined',
    ...over,
  });

  it('when a contact has one row per group, then it becomes one entry with the groups in order', () => {
    assert.deepEqual(mergeRosterRows([row('a@x', 'G1'), row('b@x', ''), row('a@x', 'G2'), row('a@x', 'G1')]), [
      { jid: 'a@x', nick: 'N', subscription: 'both', ask: '', groups: ['G1', 'G2'] },
      { jid: 'b@x', nick: 'N', subscription: 'both', ask: '', groups: [] },
    ]);
  });

  it("when ask is a real request, then it is kept, and 'undefined' (Erlang's none) becomes ''", () => {
    assert.deepEqual(
      mergeRosterRows([row('a@x', '', { ask: 'subscribe' }), row('b@x', '')]).map((e) => e.ask),
      ['subscribe', ''],
    );
  });

  it('when ejabberd stored an unknown subscription value, then it reads as none', () => {
    assert.equal(mergeRosterRows([row('a@x', '', { subscription: 'bogus' })])[0]?.subscription, 'none');
  });

  it('when there are no rows, then the roster is empty', () => {
    assert.deepEqual(mergeRosterRows([]), []);
  });
});
