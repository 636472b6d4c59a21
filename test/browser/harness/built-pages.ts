/**
 * The built pages the browser tests load from ofgate (dist/web, written by `npm run build`,
 * which `make test` runs first): fails early with the command to run when they are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPagesDir } from '../../../gateway/pages/index.js';

export function builtManifest(): Record<string, { file: string; integrity: string; bytes: number }> {
  const file = join(defaultPagesDir(), 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the pages first (make build, or npm run -s build:web)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, { file: string; integrity: string; bytes: number }>;
}
