/**
 * Accessibility check with axe-core (node_modules/axe-core/axe.min.js injected into the page):
 * fails on any violation of impact serious or critical, listing rule, impact and the nodes.
 * axe reads open shadow roots, so the widget's inside is checked too.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: unknown; readonly failureSummary?: string }>;
}

/** Runs axe on the page (or on `selector` only); the violations of every impact. */
export async function axeViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ path: AXE_PATH });
  const context = selector ? JSON.stringify({ include: [selector] }) : 'document';
  const result = (await page.evaluate(`window.axe.run(${context}, { resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations;
}

export async function assertNoSeriousViolations(page: Page, what: string, selector?: string): Promise<void> {
  const serious = (await axeViolations(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const detail = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`).join('\n  ');
    throw new Error(`axe-core: ${serious.length} serious or critical violations on ${what}:\n  ${detail}`);
  }
}
