/** Guards against tests that silently stop running: every test file must match the spec glob. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { splitSuites, STANDALONE } from '../harness/suite-split.js';

const root = resolve(new URL('.', import.meta.url).pathname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('test discovery', () => {
  it('when the test tree is listed, then every test file is *.test.ts and every *.test.ts holds a test', () => {
    const all = walk(join(root, 'test')).filter((f) => /\.(spec|test)\.[cm]?[jt]s$/.test(f));
    const misnamed = all.filter((f) => !f.endsWith('.test.ts'));
    assert.deepEqual(misnamed, []);
    // a test file holds tests of its own, or runs a shared contract suite (describe…Contract)
    const empty = all.filter((f) => !/\bit\(|\bdescribe\w*Contract\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(empty, []);
  });

  it('when npm test runs, then its two runs together cover every test file once, and every standalone entry names files', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.test, 'tsx test/harness/run-suites.ts');
    const { shared, standalone } = splitSuites(root);
    const all = walk(join(root, 'test')).filter((f) => f.endsWith('.test.ts')).map((f) => relative(root, f)).sort();
    assert.deepEqual([...shared, ...standalone].sort(), all);
    assert.deepEqual(shared.filter((f) => standalone.includes(f)), []);
    for (const entry of STANDALONE) assert.ok(standalone.some((f) => f === entry || (entry.endsWith('-') && f.startsWith(entry))), `${entry} names no test file`);
    const rc = JSON.parse(readFileSync(join(root, '.mocharc.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(rc.spec, undefined, 'a spec in .mocharc.json would be merged into every run');
  });
});
