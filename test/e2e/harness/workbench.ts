// Opening the web workbench in a fresh browser context and waiting until a person could use it.
import fs from 'node:fs';
import path from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { artifactsDir, slug } from './artifacts';
import { getSession } from './session';

export interface Workbench {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** The page a test is driving now; the root hooks screenshot it after each test. */
let activePage: Page | undefined;
export const getActivePage = (): Page | undefined => activePage;

export async function waitForWorkbenchReady(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForSelector('.part.statusbar .statusbar-item', { timeout: timeoutMs });
  await page.waitForSelector('.part.activitybar, .part.sidebar', { timeout: timeoutMs });
  // The workspace folder is shown once the remote connection and file service are up.
  await page.waitForSelector('.explorer-folders-view, .part.sidebar .pane-header', { timeout: timeoutMs });
}

/** Opens the workbench on the session's workspace (or `folder`) in a new browser context. */
export async function openWorkbench(options: { folder?: string; name?: string } = {}): Promise<Workbench> {
  const session = getSession();
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  fs.mkdirSync(artifactsDir, { recursive: true });
  const consoleLog = fs.createWriteStream(path.join(artifactsDir, `${slug(options.name ?? 'workbench')}.console.log`), { flags: 'a' });
  page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack ?? err.message}\n`));
  await page.goto(session.server.workbenchUrl({ folder: options.folder ?? session.workspaceDir }));
  await waitForWorkbenchReady(page);
  activePage = page;
  return {
    page,
    context,
    async close() {
      if (activePage === page) activePage = undefined;
      await context.close().catch(() => undefined);
      consoleLog.end();
    },
  };
}
