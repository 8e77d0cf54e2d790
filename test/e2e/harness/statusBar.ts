// Status bar items: id (e.g. "publisher.extension.itemId"), visible text and accessible label.
import { type Page } from 'playwright-core';
import { type DomElement } from './dom';
import { matches, type TextMatcher } from './notifications';

export interface StatusBarItem {
  id: string;
  text: string;
  ariaLabel: string;
}

export async function readStatusBar(page: Page): Promise<StatusBarItem[]> {
  return page.locator('.part.statusbar .statusbar-item').evaluateAll((els: DomElement[]) =>
    els.map((el) => ({ id: el.id, text: el.innerText.trim(), ariaLabel: el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? '' })),
  );
}

/** Waits for an item whose id, text or label matches. */
export async function waitForStatusBarItem(page: Page, matcher: TextMatcher, timeoutMs = 15_000): Promise<StatusBarItem> {
  const deadline = Date.now() + timeoutMs;
  let items: StatusBarItem[] = [];
  while (Date.now() < deadline) {
    items = await readStatusBar(page);
    const hit = items.find((item) => matches(item.id, matcher) || matches(item.text, matcher) || matches(item.ariaLabel, matcher));
    if (hit) return hit;
    await page.waitForTimeout(200);
  }
  throw new Error(`no status bar item matching ${String(matcher)} within ${timeoutMs} ms (saw: ${JSON.stringify(items)})`);
}
