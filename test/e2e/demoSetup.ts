// Running a pattern demo as a person does: "Resilient LLM: Run Pattern Demo" in the command
// palette, the pattern picked in the quick pick; the results open as a markdown preview
// ("Demo Results") and a notification sums them up.
import { type Frame, type Page } from 'playwright-core';
import { tableRows } from './chatSetup';
import { findWebviewFrame, runCommand } from './harness';

/** Picks the row of the open quick pick whose label starts with `label`. */
export async function pickQuickItem(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(label);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
}

/** Runs the demo titled `title` (e.g. "Model fallback") from the command palette. */
export async function runDemoFromPalette(page: Page, title: string): Promise<void> {
  await runCommand(page, 'Resilient LLM: Run Pattern Demo');
  await pickQuickItem(page, title);
}

/** The "Demo Results" preview once it shows the demo titled `title`. */
export async function demoResultsFrame(page: Page, title: string, timeoutMs = 60_000): Promise<Frame> {
  return findWebviewFrame(page, { selector: 'table', text: title }, timeoutMs);
}

/** The preview's tables, each as rows of cell texts (header row first), keyed by the bold caption above each. */
export async function previewTables(frame: Frame): Promise<Record<string, string[][]>> {
  const out: Record<string, string[][]> = {};
  const tables = frame.locator('table');
  for (let i = 0; i < (await tables.count()); i++) {
    const table = tables.nth(i);
    // demoMarkdown puts "**caption**" in the paragraph just before each table.
    const caption = await table.evaluate((el: { previousElementSibling: { textContent: string | null } | null }) => el.previousElementSibling?.textContent?.trim() ?? '');
    out[caption || `table ${i + 1}`] = await tableRows(table);
  }
  return out;
}
