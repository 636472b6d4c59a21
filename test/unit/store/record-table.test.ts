import assert from 'node:assert/strict';
import { createRecordTable } from '../../../gateway/store/local/record-table.js';
import { compareIds } from '../../../gateway/store/record-state.js';

describe('store: record table', () => {
  it('when ids are compared, then the order is by code point (a surrogate pair sorts above U+E000)', () => {
    const ids = ['😀', '\uE000', 'b', 'a', '', 'ab', '\uFFFF', '𐀀'];
    assert.deepEqual([...ids].sort(compareIds), ['', 'a', 'ab', 'b', '\uE000', '\uFFFF', '𐀀', '😀']);
    const utf8 = [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...ids].sort(compareIds), utf8);
  });

  it('when expired records are reclaimed, then they leave the table and the order', () => {
    const t = createRecordTable();
    for (let i = 0; i < 10; i++) t.apply({ collection: 'c', id: `k${i}`, record: { json: String(i), version: 1, expiresAt: i < 7 ? 100 : undefined } });
    assert.equal(t.size, 10);
    assert.equal(t.reclaimExpired(100), 7);
    assert.equal(t.size, 3);
    assert.deepEqual(t.list('c', { prefix: 'k', after: undefined, limit: 10 }, 0).map(([id]) => id), ['k7', 'k8', 'k9']);
    t.apply({ collection: 'c', id: 'k8', record: null });
    assert.deepEqual(t.entries('c', 0).map(([id]) => id), ['k7', 'k9']);
  });
});
