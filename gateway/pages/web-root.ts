/**
 * Where the built pages are when `pages.dir` is not set: `dist/web` of this installation, found
 * from this file's own place (the nearest folder above it with a package.json), so it holds
 * when run from the sources (tsx), from dist/ and from an installed copy alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultPagesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'web');
    const up = dirname(dir);
    if (up === dir) return resolve('dist', 'web');
    dir = up;
  }
}
