/** Guards against tests that silently stop running: every test file must match the spec glob. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

  it('when npm test runs, then its glob covers test/**/*.test.ts and nothing narrows it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.test, "mocha 'test/**/*.test.ts'");
    const rc = JSON.parse(readFileSync(join(root, '.mocharc.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(rc.spec, undefined, 'a spec in .mocharc.json would be merged into every run');
  });
});
