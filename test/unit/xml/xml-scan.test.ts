/**
 * scanXmlText: the one linear pass before any XML parser: depth, constructs left open, what
 * XMPP forbids, and that its cost stays linear on hostile shapes.
 */
import assert from 'node:assert/strict';
import { scanXmlText } from '../../../gateway/xml/index.js';

const problemOf = (text: string, maxDepth = 32): string => {
  const scan = scanXmlText(text, maxDepth);
  assert.equal(scan.ok, false, `expected a problem in ${text.slice(0, 60)}`);
  return scan.ok ? '' : scan.problem;
};

describe('xml scanXmlText', () => {
  it('when the text is a stanza with attributes, CDATA, self-closing children and text, then it passes with its depth', () => {
    const scan = scanXmlText(`<message to='b@x' type="chat"><body>a &amp; b<![CDATA[<not a tag>]]></body><x xmlns='y'><z a = "1" /></x></message>`, 32);
    assert.deepEqual(scan, { ok: true, depth: 3 });
  });

  it('when elements nest deeper than the limit (open or self-closing), then it is refused as too deep', () => {
    const deep = (n: number, leaf = ''): string => '<a>'.repeat(n) + leaf + '</a>'.repeat(n);
    assert.deepEqual(scanXmlText(deep(32), 32), { ok: true, depth: 32 });
    const over = scanXmlText(deep(33), 32);
    assert.equal(over.ok, false);
    assert.equal(!over.ok && over.tooDeep, true);
    const leaf = scanXmlText(deep(32, '<b/>'), 32);
    assert.equal(!leaf.ok && leaf.tooDeep, true);
    const huge = scanXmlText('<a>'.repeat(100_000), 32);
    assert.equal(!huge.ok && huge.tooDeep, true);
  });

  it('when a construct never ends or XMPP forbids it, then it names the problem', () => {
    assert.match(problemOf('<message to="b'), /attribute value that never ends/);
    assert.match(problemOf("<message to='b\">"), /attribute value that never ends/);
    assert.match(problemOf('<message><![CDATA[x'), /CDATA section that never ends/);
    assert.match(problemOf('<message><!-- c --></message>'), /comment/);
    assert.match(problemOf('<!DOCTYPE x [<!ENTITY a "b">]><message/>'), /DTD/);
    assert.match(problemOf('<?xml version="1.0"?><message/>'), /processing instruction/);
    assert.match(problemOf('</stream><message/>'), /closing tag without/);
    assert.match(problemOf('<message></message x="1">'), /closing tag with attributes/);
    assert.match(problemOf('<message to>'), /without a value/);
    assert.match(problemOf('<message to=b>'), /without quotes/);
    assert.match(problemOf('< message/>'), /without a name/);
    assert.match(problemOf('<message !x="1"/>'), /unexpected '!'/);
    assert.match(problemOf('<message a="1"b="2"/>'), /not separated/);
    assert.match(problemOf('<message / >'), /'\/' inside a tag/);
  });

  it('when hostile shapes of 1 MB are scanned, then it takes about what ten scans of 100 KB take (linear)', () => {
    const shapes: Array<(n: number) => string> = [
      (n) => 'x'.repeat(n),
      (n) => `<message to="${'x'.repeat(n)}`,
      (n) => `<message><body>${'x&amp;'.repeat(n / 6)}</body></message>`,
      (n) => '<a/>'.repeat(n / 4),
      (n) => `<message ${'a="1" '.repeat(n / 6)}/>`,
      (n) => `<m><![CDATA[${']'.repeat(n)}`,
    ];
    for (const shape of shapes) {
      const small = shape(100_000);
      const large = shape(1_000_000);
      const best = (fn: () => void): number => {
        let min = Infinity;
        for (let round = 0; round < 3; round++) {
          const t = performance.now();
          fn();
          min = Math.min(min, performance.now() - t);
        }
        return min;
      };
      const tenSmall = best(() => { for (let i = 0; i < 10; i++) scanXmlText(small, 1_000_000); });
      const oneLarge = best(() => scanXmlText(large, 1_000_000));
      assert.ok(oneLarge <= Math.max(tenSmall, 2) * 4, `${large.slice(0, 20)}…: 1 MB took ${oneLarge.toFixed(1)} ms, 10 × 100 KB ${tenSmall.toFixed(1)} ms`);
    }
  });
});
