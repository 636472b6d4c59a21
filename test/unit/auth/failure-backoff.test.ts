/** The failed-login back-off's arithmetic (gateway/auth/failure-backoff.ts), pure. */
import assert from 'node:assert/strict';
import { afterFailure, delayAfter, failureRecord, heldSeconds, keepMs, type BackoffSettings, type FailureRecord } from '../../../gateway/auth/failure-backoff.js';

const s: BackoffSettings = { freeFailures: 3, firstDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 900_000 };
const T0 = 1_700_000_000_000;

describe('failed-login back-off', () => {
  it('when failures stay below the free ones, then nothing is held', () => {
    let r: FailureRecord | undefined;
    for (let i = 0; i < 2; i++) r = afterFailure(r, T0, s);
    assert.deepEqual(r, { failures: 2, heldUntil: 0 });
    assert.equal(heldSeconds(r, T0), 0);
  });

  it('when the free failures are used up, then each further one doubles the wait up to the maximum', () => {
    assert.deepEqual([3, 4, 5, 6, 7, 8, 9, 10].map((n) => delayAfter(n, s)), [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    assert.equal(delayAfter(10_000, s), 60_000, 'no overflow far past the maximum');
  });

  it('when the third failure comes, then the key is held one second from then, and Retry-After rounds up', () => {
    const r = afterFailure({ failures: 2, heldUntil: 0 }, T0, s);
    assert.deepEqual(r, { failures: 3, heldUntil: T0 + 1000 });
    assert.equal(heldSeconds(r, T0 + 1), 1);
    assert.equal(heldSeconds(r, T0 + 1000), 0, 'free again when the wait is over');
  });

  it('when the free failures are 0, then the key is never held', () => {
    assert.equal(delayAfter(1000, { ...s, freeFailures: 0 }), 0);
  });

  it('when a record is written, then it is kept past the longest hold by the forget time', () => {
    assert.equal(keepMs(s), 60_000 + 900_000);
  });

  it('when the stored value is not a record, then it reads as none', () => {
    for (const v of [undefined, null, 3, 'x', { failures: -1, heldUntil: 0 }, { failures: 1.5, heldUntil: 0 }, { failures: 1 }]) assert.equal(failureRecord(v), undefined);
    assert.deepEqual(failureRecord({ failures: 4, heldUntil: T0, extra: 1 }), { failures: 4, heldUntil: T0 });
  });
});
