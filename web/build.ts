/**
 * Builds the web pages into dist/web (run by `npm run build`, so by `make`, `make test`, `make run`):
 * - the visitor widget `web/widget/ofgate-chat.ts` as a classic script (IIFE, `widget/ofgate-chat.js`)
 *   and an ES module (`widget/ofgate-chat.mjs`);
 * - the agent console `web/console/console.ts` (IIFE, `console/console.js`) with `web/console/index.html`
 *   and its `.css` files copied, when the console's entry exists (skipped with a note otherwise);
 * - a content-hashed copy of every script and style (`name.<hash>.ext`, served immutable) and
 *   `manifest.json`: plain name → `{file: hashed name, integrity: 'sha384-…', bytes}`.
 * Rules: the output folder is emptied first (no stale hashed copy survives); the widget's gzipped
 * size is printed and the build fails past WIDGET_BUDGET_BYTES; type-checking is not done here
 * (the npm script runs `tsc -p web/tsconfig.json` first).
 * Usage: `tsx web/build.ts [outDir]` (default dist/web), or `buildWeb()` from a test.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

/** The widget's budget, gzipped (issue #25). */
export const WIDGET_BUDGET_BYTES = 35 * 1024;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ManifestEntry {
  /** The content-hashed copy, relative to the output folder. */
  readonly file: string;
  /** Subresource Integrity value of the file (same bytes under both names). */
  readonly integrity: string;
  readonly bytes: number;
}
export type Manifest = Record<string, ManifestEntry>;

export interface WebBuildResult {
  readonly outDir: string;
  readonly manifest: Manifest;
  readonly widgetGzipBytes: number;
  /** What was skipped and why (the console's entry not written yet). */
  readonly notes: readonly string[];
}

const common: BuildOptions = {
  bundle: true,
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'silent',
  charset: 'utf8',
  tsconfig: join(ROOT, 'web/tsconfig.json'),
};

export async function buildWeb(outDir = join(ROOT, 'dist/web')): Promise<WebBuildResult> {
  const notes: string[] = [];
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'widget'), { recursive: true });

  const widgetEntry = join(ROOT, 'web/widget/ofgate-chat.ts');
  await build({ ...common, entryPoints: [widgetEntry], format: 'iife', outfile: join(outDir, 'widget/ofgate-chat.js') });
  await build({ ...common, entryPoints: [widgetEntry], format: 'esm', outfile: join(outDir, 'widget/ofgate-chat.mjs') });

  const consoleDir = join(ROOT, 'web/console');
  const consoleEntry = join(consoleDir, 'console.ts');
  if (existsSync(consoleEntry)) {
    mkdirSync(join(outDir, 'console'), { recursive: true });
    await build({ ...common, entryPoints: [consoleEntry], format: 'iife', outfile: join(outDir, 'console/console.js') });
    for (const f of readdirSync(consoleDir)) {
      if (f === 'index.html' || f.endsWith('.css')) copyFileSync(join(consoleDir, f), join(outDir, 'console', f));
    }
  } else {
    notes.push('web/console/console.ts does not exist yet: the console was not built');
  }

  const manifest = hashCopies(outDir);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const widgetGzipBytes = gzipSync(readFileSync(join(outDir, 'widget/ofgate-chat.js')), { level: 9 }).length;
  if (widgetGzipBytes > WIDGET_BUDGET_BYTES) {
    throw new Error(`widget/ofgate-chat.js is ${widgetGzipBytes} bytes gzipped, over the budget of ${WIDGET_BUDGET_BYTES}`);
  }
  return { outDir, manifest, widgetGzipBytes, notes };
}

/** Writes `name.<hash>.ext` beside every .js, .mjs and .css under `dir`; the manifest of them. */
function hashCopies(dir: string): Manifest {
  const manifest: Manifest = {};
  for (const path of filesUnder(dir)) {
    const ext = extname(path);
    if (!['.js', '.mjs', '.css'].includes(ext)) continue;
    const bytes = readFileSync(path);
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const hashed = join(dirname(path), `${basename(path, ext)}.${hash}${ext}`);
    writeFileSync(hashed, bytes);
    manifest[relative(dir, path)] = {
      file: relative(dir, hashed),
      integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
      bytes: bytes.length,
    };
  }
  return manifest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb(process.argv[2] ? resolve(process.argv[2]) : undefined).then(
    (r) => {
      for (const n of r.notes) console.log(`web: ${n}`);
      console.log(`web: widget ${r.widgetGzipBytes} bytes gzipped (budget ${WIDGET_BUDGET_BYTES}); ${Object.keys(r.manifest).length} files in ${relative(ROOT, r.outDir)}/manifest.json`);
    },
    (err: unknown) => {
      console.error(`web build failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
