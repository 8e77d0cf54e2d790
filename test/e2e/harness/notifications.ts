// Notification toasts (what showInformationMessage / showWarningMessage / showErrorMessage show).
import { type Page } from 'playwright-core';

export type TextMatcher = string | RegExp;

export const matches = (text: string, matcher: TextMatcher): boolean => (typeof matcher === 'string' ? text.includes(matcher) : matcher.test(text));

/** The messages of the toasts on screen now, top to bottom. */
export async function readNotifications(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
}

/** Waits for a toast whose message matches; returns its text. */
export async function waitForNotification(page: Page, matcher: TextMatcher, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await readNotifications(page);
    const hit = seen.find((text) => matches(text, matcher));
    if (hit !== undefined) return hit;
    await page.waitForTimeout(200);
  }
  throw new Error(`no notification matching ${String(matcher)} within ${timeoutMs} ms (saw: ${JSON.stringify(seen)})`);
}

/** Closes every toast (Notifications: Clear All Notifications). */
export async function clearNotifications(page: Page): Promise<void> {
  for (const close of await page.locator('.notification-toast .codicon-notifications-clear').all()) await close.click().catch(() => undefined);
}
