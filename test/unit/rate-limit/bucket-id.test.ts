import assert from 'node:assert/strict';
import { bucketId, type RateLimit } from '../../../gateway/rate-limit/index.js';
import { READABLE_KEY_LENGTH } from '../../../gateway/rate-limit/bucket-id.js';
import { checkId } from '../../../gateway/store/store-arguments.js';

const MINUTE: RateLimit = { limit: 10, windowMs: 60_000 };

describe('rate limit: bucket ids', () => {
  const readable: Array<[string, string]> = [
    ['203.0.113.7', '10/60000/203.0.113.7'],
    ['2001:db8::1', '10/60000/2001:db8::1'],
    ['', '10/60000/'],
    ['wg:sales/eu#1 😀', '10/60000/wg:sales/eu#1 😀'],
    ['x'.repeat(READABLE_KEY_LENGTH), `10/60000/${'x'.repeat(READABLE_KEY_LENGTH)}`],
  ];
  for (const [key, id] of readable) {
    it(`when the key is ${JSON.stringify(key.slice(0, 30))}, then the id keeps it readable`, () => {
      assert.equal(bucketId(key, MINUTE), id);
    });
  }

  const hashed = ['x'.repeat(READABLE_KEY_LENGTH + 1), 'y'.repeat(100_000), '\ud800', 'a\udfffb'];
  for (const key of hashed) {
    it(`when the key is long or holds a lone surrogate (${key.length} units), then the id is its hash, valid and short`, () => {
      const id = bucketId(key, MINUTE);
      assert.match(id, /^10\/60000#[A-Za-z0-9_-]{43}$/);
      assert.doesNotThrow(() => checkId(id));
    });
  }

  it('when keys and limits look alike, then no two buckets share an id', () => {
    const keys = [
      '', 'x', '0/x', '/x', 'x/', '60000/x', '10/60000/x', '#x', '\ud800', '\udc00', '\ufffd', 'a\ud800', 'a\udc00', 'a\ufffd',
      'x'.repeat(READABLE_KEY_LENGTH + 1), `${'x'.repeat(READABLE_KEY_LENGTH)}y`, 'é'.repeat(READABLE_KEY_LENGTH + 1),
    ];
    const limits: RateLimit[] = [MINUTE, { limit: 1, windowMs: 60_000 }, { limit: 10, windowMs: 6_000 }, { limit: 1, windowMs: 6_000 }];
    const ids = keys.flatMap((k) => limits.map((l) => bucketId(k, l)));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.doesNotThrow(() => checkId(id), id);
      assert.ok(id.length <= READABLE_KEY_LENGTH + 40, `short: ${id.length}`);
    }
  });
});
