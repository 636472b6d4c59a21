/**
 * Newest-first ids (gateway/store/newest-first-ids.ts): the exact formats the audit log and
 * Fastpath have stored their records with, ascending ids as newest first, clamping.
 */
import assert from 'node:assert/strict';
import { invertedTime, isNewestFirstId, newestFirstId, newestFirstKey } from '../../../gateway/store/index.js';

const LOG_ID_CEILING = 9_000_000_000_000_000;

describe('store: newest-first ids', () => {
  it('when a time in ms is keyed, then it is the 13-digit complement Fastpath has always written', () => {
    const table: Array<[number, string]> = [
      [0, '9999999999999'],
      [1_700_000_000_000, '8299999999999'],
      [1_700_000_000_000.9, '8299999999999'],
      [9_999_999_999_998, '0000000000001'],
    ];
    for (const [at, key] of table) assert.equal(invertedTime(at), key, String(at));
  });

  it('when a logId is keyed on the audit log\'s scale, then it is the 16-digit complement the audit log has always written', () => {
    const before = (logId: number): string => String(LOG_ID_CEILING - logId).padStart(16, '0'); // audit-log.ts's idOf until now
    for (const logId of [0, 1, 1_700_000_000_000_123, 1_700_000_000_999_999, 8_999_999_999_999_999]) {
      assert.equal(newestFirstKey(logId, LOG_ID_CEILING), before(logId), String(logId));
    }
  });

  it('when values lie outside 0…ceiling, then they are clamped (a key never changes width)', () => {
    assert.equal(invertedTime(-5), '9999999999999');
    assert.equal(invertedTime(1e20), '0000000000000');
    assert.equal(newestFirstKey(1e17, LOG_ID_CEILING), '0000000000000000');
  });

  it('when ids are made over time, then sorted ascending they are newest first, and only they pass the id check', () => {
    const ids = [1_000, 1_700_000_000_000, 1_700_000_000_001, 2_000_000_000_000].map((at) => [at, newestFirstId(at)] as const);
    assert.deepEqual([...ids].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([at]) => at), [2_000_000_000_000, 1_700_000_000_001, 1_700_000_000_000, 1_000]);
    for (const [, id] of ids) assert.match(id, /^\d{13}[0-9a-f]{8}$/);
    assert.equal(isNewestFirstId(ids[1]?.[1] ?? ''), true);
    for (const bad of ['', '8299999999999', '8299999999999ABCDEF01', '829999999999900000000x', '../x']) assert.equal(isNewestFirstId(bad), false, bad);
  });
});
