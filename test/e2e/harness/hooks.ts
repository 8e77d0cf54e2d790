// Mocha root hooks for the end-to-end suite (loaded by test/e2e/.mocharc.json):
// start code-server + Chromium once, screenshot the active page after every test, stop at the end.
import type * as Mocha from 'mocha';
import { saveScreenshot } from './artifacts';
import { startSession, stopSession } from './session';
import { getActivePage } from './workbench';

export const mochaHooks: Mocha.RootHookObject = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(20 * 60_000); // the first run provisions code-server (about 2 minutes)
    const session = await startSession();
    console.log(`    [e2e] code-server ${session.server.url}, workspace ${session.workspaceDir}`);
  },
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    const page = getActivePage();
    if (!test || !page) return;
    const file = await saveScreenshot(page, `${test.fullTitle()}${test.state === 'failed' ? ' FAILED' : ''}`).catch(() => undefined);
    if (file && test.state === 'failed') console.log(`    [e2e] screenshot: ${file}`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopSession();
  },
};
