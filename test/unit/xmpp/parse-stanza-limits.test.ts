/**
 * parseStanzaText's bounds (issue #19 items 1 and 2): a raw stanza over the size limit is a
 * 413 and one nested too deep a 400, both before parsing; and the parse is linear: hostile
 * shapes of 1 MB (limits raised to let them in) cost about what ten of 100 KB cost.
 */
import assert from 'node:assert/strict';
import { isGatewayError } from '../../../gateway/errors/index.js';
import { DEFAULT_STANZA_LIMITS } from '../../../gateway/xml/index.js';
import { parseStanzaText } from '../../../gateway/xmpp/index.js';

const statusOf = (fn: () => unknown): number => {
  try {
    fn();
  } catch (err) {
    assert.ok(isGatewayError(err), String(err));
    return err.status;
  }
  return 200;
};

describe('xmpp parseStanzaText limits', () => {
  it('when the text is larger than maxBytes, then 413 without parsing', () => {
    const body = 'x'.repeat(DEFAULT_STANZA_LIMITS.maxBytes);
    assert.equal(statusOf(() => parseStanzaText(`<message><body>${body}</body></message>`)), 413);
    assert.equal(statusOf(() => parseStanzaText(`<message><body>${'é'.repeat(1000)}</body></message>`, { maxBytes: 1500, maxDepth: 8 })), 413);
    assert.equal(parseStanzaText(`<message><body>${'x'.repeat(1000)}</body></message>`, { maxBytes: 1500, maxDepth: 8 }).name, 'message');
  });

  it('when the stanza nests deeper than maxDepth, then 400 naming the depth (3,300 levels included)', () => {
    const nested = (n: number): string => `<message>${'<x>'.repeat(n - 1)}${'</x>'.repeat(n - 1)}</message>`;
    assert.equal(parseStanzaText(nested(DEFAULT_STANZA_LIMITS.maxDepth)).name, 'message');
    for (const n of [DEFAULT_STANZA_LIMITS.maxDepth + 1, 3300]) {
      assert.throws(() => parseStanzaText(nested(n)), (err: unknown) => isGatewayError(err) && err.status === 400 && /nested more than 32/.test(err.message));
    }
  });

  it('when the text holds a character XML cannot carry, raw or as a character reference, then 400', () => {
    assert.equal(statusOf(() => parseStanzaText('<message><body>a\u0001</body></message>')), 400);
    assert.equal(statusOf(() => parseStanzaText('<message><body>a&#1;</body></message>')), 400);
    assert.equal(statusOf(() => parseStanzaText('<message><body>a&#xFFFE;</body></message>')), 400);
  });

  it('when hostile shapes of 1 MB are parsed, then it takes about what ten parses of 100 KB take (linear)', () => {
    const limits = { maxBytes: 4_000_000, maxDepth: 32 };
    const shapes: Array<(n: number) => string> = [
      (n) => 'x'.repeat(n),
      (n) => `<message>${'x'.repeat(n)}`,
      (n) => `<message><body>${'a&amp;'.repeat(n / 6)}`,
      (n) => `<message to="${'x'.repeat(n)}`,
      (n) => `<message><!--${'x'.repeat(n)}`,
      (n) => `<message><body>${'x'.repeat(n)}</body></message>`,
      (n) => `<message>${'<b/>'.repeat(n / 4)}</message>`,
    ];
    for (const shape of shapes) {
      const small = shape(100_000);
      const large = shape(1_000_000);
      const parse = (text: string): void => {
        try {
          parseStanzaText(text, limits);
        } catch {
          // refused or malformed: the cost is what is measured
        }
      };
      const best = (fn: () => void): number => {
        let min = Infinity;
        for (let round = 0; round < 3; round++) {
          const t = performance.now();
          fn();
          min = Math.min(min, performance.now() - t);
        }
        return min;
      };
      const tenSmall = best(() => { for (let i = 0; i < 10; i++) parse(small); });
      const oneLarge = best(() => parse(large));
      // linear: about equal; quadratic: ten times ten (seconds, as the old parser took). The margin is for a busy
      // machine and the allocation of one large string, which ten small ones do not pay.
      assert.ok(oneLarge <= Math.max(tenSmall, 10) * 10, `${large.slice(0, 20)}…: 1 MB took ${oneLarge.toFixed(1)} ms, 10 × 100 KB ${tenSmall.toFixed(1)} ms`);
    }
  });
});
