// Screenshots and logs of the end-to-end run go under test-artifacts/e2e/ (ignored by git).
import fs from 'node:fs';
import path from 'node:path';
import { type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');

/** A file-name-safe form of a test title. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'unnamed';
}

/** Saves a full-window screenshot as test-artifacts/e2e/<slug(name)>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${slug(name)}.png`);
  await page.screenshot({ path: file });
  return file;
}
