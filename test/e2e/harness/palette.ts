// The command palette, as a person uses it: Control+Shift+P, type the title, pick the row.
import { type Page } from 'playwright-core';
import { type DomElement } from './dom';

const WIDGET = '.quick-input-widget';
const ROW = `${WIDGET} .quick-input-list .monaco-list-row`;

/**
 * Runs the command whose palette label is `title` (e.g. "Resilient LLM: Run Demo"): the row
 * labelled exactly so, else the first row starting with it. Waits for a late-registered command.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const want = title.toLowerCase();
  await pick(page, `>${title}`, (labels) => {
    const exact = labels.findIndex((l) => l === want || l.startsWith(`${want},`));
    return exact >= 0 ? exact : labels.findIndex((l) => l.startsWith(want));
  }, `command "${title}"`, timeoutMs);
}

/** Opens a workspace file by name through Quick Open (the palette without the ">"). */
export async function openFile(page: Page, fileName: string, timeoutMs = 15_000): Promise<void> {
  const base = (fileName.split('/').pop() ?? fileName).toLowerCase();
  await pick(page, fileName, (labels) => labels.findIndex((l) => l.includes(base)), `file "${fileName}"`, timeoutMs);
  await page.locator('.tabs-container .tab', { hasText: fileName.split('/').pop() }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Opens the palette, types `query`, waits for `choose` to pick a row (index; -1: none yet), selects it with the arrow keys and presses Enter. */
async function pick(page: Page, query: string, choose: (lowerCaseLabels: string[]) => number, what: string, timeoutMs: number): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator(`${WIDGET} input`);
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(query);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = page.locator(ROW);
    const labels = (await rows.evaluateAll((els: DomElement[]) => els.map((el) => el.getAttribute('aria-label') ?? ''))).map((l) => l.toLowerCase());
    const index = choose(labels);
    if (index >= 0) {
      for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      const focused = await page.locator(`${ROW}.focused`).first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
      if (focused?.toLowerCase() === labels[index]) {
        await page.keyboard.press('Enter');
        break;
      }
    }
    if (Date.now() > deadline) {
      await page.keyboard.press('Escape');
      throw new Error(`${what} is not in the palette (rows: ${JSON.stringify(labels.slice(0, 5))})`);
    }
    // Re-typing refreshes the list when a command registered after the palette opened.
    await input.fill(`${query} `);
    await input.fill(query);
    await page.waitForTimeout(250);
  }
  // Done when the palette closes, or when the command reuses the widget for its own quick pick or
  // input box (our query is gone from it). Waiting for "hidden" alone took the whole timeout then.
  const widget = page.locator(WIDGET);
  const stillOurs = async () => (await widget.isVisible()) && (await input.inputValue({ timeout: 1000 }).catch(() => '')) === query;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && (await stillOurs())) await page.waitForTimeout(50);
}
