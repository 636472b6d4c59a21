/**
 * A unified diff of two texts for `--dry-run` and before writing (`diff -u`, which Debian
 * always has), with the secret of mod_ofgate masked so a diff can be pasted safely.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function unifiedDiff(before: string, after: string, label: string, secret?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ofgate-diff-'));
  try {
    writeFileSync(join(dir, 'a'), before, { mode: 0o600 });
    writeFileSync(join(dir, 'b'), after, { mode: 0o600 });
    const r = spawnSync('diff', ['-u', '--label', label, '--label', `${label} (with ofgate)`, join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
    const text = r.stdout ?? '';
    return secret ? text.split(secret).join('********') : text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
