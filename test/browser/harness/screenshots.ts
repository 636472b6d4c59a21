/**
 * Screenshots of the browser tests' steps, kept as test artifacts in test-artifacts/browser/
 * (git-ignored): `<suite>-<nn>-<step>.png`, numbered in the order they were taken.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const ARTIFACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test-artifacts/browser');

export function screenshotter(suite: string): (page: Page, step: string) => Promise<string> {
  let n = 0;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return async (page, step) => {
    n += 1;
    const path = join(ARTIFACTS_DIR, `${suite}-${String(n).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await page.screenshot({ path, fullPage: false });
    return path;
  };
}
