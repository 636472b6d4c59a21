/**
 * How `npm test` splits the suite into two runs side by side (run-suites.ts): the files that start
 * stacks of their own ("standalone": they share nothing with the rest) and all the others, which
 * use the shared world or cluster. Every test file is in exactly one run (test-discovery.test.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files, or name prefixes ending in `-`, that start their own ejabberd / ofgate / stacks. */
export const STANDALONE = [
  'test/e2e/access-matrix.test.ts',
  'test/e2e/fuzz.test.ts',
  'test/e2e/stock-ejabberd.test.ts',
  'test/e2e/hooks.test.ts',
  'test/e2e/reconnect-storm.test.ts',
  'test/e2e/chat-reconnect.test.ts',
  'test/e2e/chat-archive-catch-up.test.ts',
  'test/e2e/makefile-first-install.test.ts',
  'test/e2e/faults-',
] as const;

/** Every test file under test/, relative to `root`, sorted. */
export function testFiles(root: string, dir = join(root, 'test')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? testFiles(root, p) : p.endsWith('.test.ts') ? [relative(root, p)] : [];
  }).sort();
}

export function splitSuites(root: string): { shared: string[]; standalone: string[] } {
  const all = testFiles(root);
  const isStandalone = (f: string): boolean => STANDALONE.some((s) => f === s || (s.endsWith('-') && f.startsWith(s)));
  return { shared: all.filter((f) => !isStandalone(f)), standalone: all.filter(isStandalone) };
}
