import assert from 'node:assert/strict';
import { createVersionCounter } from '../../../gateway/store/local/version-counter.js';

describe('store: version counter', () => {
  it('when versions are taken, then each is greater than every one before, starting after the recovered last', () => {
    const v = createVersionCounter(41);
    assert.equal(v.last, 41);
    const taken = [v.next(), v.next(), v.next()];
    assert.ok(taken.every((x, i) => x > 41 && (i === 0 || x > (taken[i - 1] as number))), taken.join(','));
    assert.equal(v.last, taken[2]);
    assert.equal(createVersionCounter().next(), 1);
  });

  it('when the starting version is not a non-negative integer, then it is refused', () => {
    assert.throws(() => createVersionCounter(-1), RangeError);
    assert.throws(() => createVersionCounter(1.5), RangeError);
  });
});
