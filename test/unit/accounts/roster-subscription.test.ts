import assert from 'node:assert/strict';
import { subscriptionFromInt, subscriptionToInt } from '../../../gateway/accounts/roster-subscription.js';

describe('roster subscription mapping', () => {
  it('when Openfire integers are mapped, then -1..3 give remove, none, to, from, both and back', () => {
    const names = ['remove', 'none', 'to', 'from', 'both'] as const;
    names.forEach((name, i) => {
      assert.equal(subscriptionFromInt(i - 1), name);
      assert.equal(subscriptionToInt(name), i - 1);
    });
  });

  it('when an integer is outside -1..3, then it maps to nothing', () => {
    assert.equal(subscriptionFromInt(4), undefined);
    assert.equal(subscriptionFromInt(-2), undefined);
  });
});
