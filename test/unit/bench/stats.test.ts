import assert from 'node:assert/strict';
import { median, percentile, round, summarize } from '../../../bench/stats.js';

describe('bench stats', () => {
  it('when percentiles are taken, then they follow the nearest-rank definition', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(sorted, 0), 1);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3], 50), 2);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
  });

  it('when there are no samples, then the percentile is NaN; when p is outside 0..100, then it throws', () => {
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.throws(() => percentile([1], 101), RangeError);
    assert.throws(() => percentile([1], Number.NaN), RangeError);
  });

  it('when unsorted samples are summarized, then count, mean, percentiles and max are right and the input is untouched', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    const s = summarize(samples);
    assert.deepEqual(s, { count: 10, mean: 5.5, p50: 5, p90: 9, p99: 10, max: 10 });
    assert.deepEqual(samples, [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
  });

  it('when numbers are sorted, then the sort is numeric (not the string order of Array.prototype.sort)', () => {
    assert.equal(summarize([100, 9, 20]).p50, 20);
  });

  it('when figures are rounded, then small ones keep two decimals, mid ones one, large ones none', () => {
    assert.equal(round(1.23456), 1.23);
    assert.equal(round(12.345), 12.3);
    assert.equal(round(12345.6), 12346);
    assert.ok(Number.isNaN(round(Number.NaN)));
  });
});

describe('bench median', () => {
  it('when the count is odd or even, then the middle value or the mean of the two middle ones; non-finite values are left out, none left is NaN', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([Number.NaN, 5, Number.POSITIVE_INFINITY, 1]), 3);
    assert.ok(Number.isNaN(median([Number.NaN])));
  });
});
