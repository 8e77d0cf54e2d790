// What a new user meets (issue 19), seen as they see it: a fresh workbench with the Chat view at
// its default width (not widened, unlike the other chat tests), in a light and a dark theme.
// Screenshots under test-artifacts/e2e/ are for a person to look at; the assertions hold the
// behaviour: @bedrock in Agent mode, /routes without a table, /status with codicons, the status
// bar after a model picker answer, and every target at its limit shown once as rate limiting.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { type Page } from 'playwright-core';
import { ask, getSession, openChat, runCommand, saveScreenshot, useWorkbench, waitForStatusBarItem } from './harness';
import { STATUS_ITEM, chatMode, chatModel, latestResponse, scrollChatToEnd, switchToAskMode, until, waitForModelOffered } from './chatSetup';

const ITEM_ID = 'resilient-llm.resilient-llm-bedrock.resilientLlm.status';
const THEMES = [
  { name: 'light', id: 'Light 2026', bodyClass: 'vs' },
  { name: 'dark', id: 'Dark 2026', bodyClass: 'vs-dark' },
] as const;

/** Picks the colour theme as a person does ("Preferences: Color Theme") and waits for the workbench to show it. */
async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  const current = (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
  if (current.split(' ').includes(theme.bodyClass)) return;
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input').first().fill(theme.id);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: theme.id }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await until(() => page.locator('.monaco-workbench').first().getAttribute('class').then((c) => c ?? ''), (c) => c.split(' ').includes(theme.bodyClass), `the ${theme.name} theme`, 20_000);
}

describe('the first hour, at the Chat view default width', () => {
  const wb = useWorkbench();
  let workspaceSettings = '';

  before(async function () {
    this.timeout(180_000);
    workspaceSettings = fs.readFileSync(getSession().settingsFile, 'utf8');
    const { page } = wb();
    await waitForStatusBarItem(page, STATUS_ITEM, 60_000);
    await openChat(page);
    await waitForModelOffered(page, /^Bedrock( default)?: .+ \(resilient\)/);
  });

  // The theme is the browser context's own (closed with the workbench); the workspace file is shared.
  after(() => {
    fs.writeFileSync(getSession().settingsFile, workspaceSettings);
  });

  it('answers @bedrock in Agent mode too (the README says so)', async () => {
    const { page } = wb();
    await openChat(page);
    for (let i = 0; i < 5 && (await chatMode(page)) !== 'Agent'; i++) {
      const before = await chatMode(page);
      await runCommand(page, 'Chat: Switch to Next Agent');
      await until(() => chatMode(page), (mode) => mode !== before, 'the chat mode to change', 10_000, 100);
    }
    assert.equal(await chatMode(page), 'Agent');
    const model = await until(() => chatModel(page), (m) => m.startsWith('Bedrock'), 'one of our models in Agent mode', 15_000, 200);
    const answer = await ask(page, '@bedrock Are you there in Agent mode?');
    await scrollChatToEnd(page);
    await saveScreenshot(page, `first hour agent mode (${model})`);
    assert.match(answer, /Simulated answer to "Are you there in Agent mode\?"/);
    assert.match(answer, /Served by \S+ \(/, '@bedrock answered (its footer), not the model alone');
    await switchToAskMode(page);
  });

  for (const theme of THEMES) {
    it(`${theme.name} theme: /routes, /status, a model picker answer and the status bar read well`, async () => {
      const { page } = wb();
      await setTheme(page, theme);
      await switchToAskMode(page);
      assert.equal(await chatModel(page), 'Bedrock default: sonnet (resilient)', 'the default route is selected');

      const routes = await ask(page, '@bedrock /routes');
      assert.doesNotMatch(routes, /<br>/);
      assert.equal(await latestResponse(page).locator('table').count(), 0, 'no table: one block per route');
      await scrollChatToEnd(page);
      await saveScreenshot(page, `first hour ${theme.name} routes`);

      await ask(page, '@bedrock /status');
      assert.equal(await latestResponse(page).locator('.codicon-pass').count(), 3);
      assert.equal(await latestResponse(page).locator('table').count(), 0);
      await scrollChatToEnd(page);
      await saveScreenshot(page, `first hour ${theme.name} status`);

      const answer = await ask(page, 'How should I spread requests over two accounts?');
      assert.match(answer, /^Simulated answer to "How should I spread requests over two accounts\?": [A-Z]/m);
      const item = await waitForStatusBarItem(page, / · (sonnet-a|sonnet-b|haiku)$/);
      assert.match(item.ariaLabel, /last request served by (sonnet-a|sonnet-b|haiku) on route sonnet, \d+ attempts?$/);
      await scrollChatToEnd(page);
      await page.locator(`[id="${ITEM_ID}"]`).hover();
      await page.locator('.monaco-hover').filter({ hasText: 'Last request' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await saveScreenshot(page, `first hour ${theme.name} model picker answer and status bar tooltip`);
      await page.mouse.move(10, 10);
    });
  }

  it('every target at its limit: listed once, rate limited, with when it frees up', async () => {
    const { page } = wb();
    const settings = JSON.parse(workspaceSettings) as Record<string, unknown>;
    const targets = (settings['resilientLlm.targets'] as Array<Record<string, unknown>>).map((t) => ({ ...t, rpm: 1 }));
    fs.writeFileSync(getSession().settingsFile, JSON.stringify({ ...settings, 'resilientLlm.targets': targets, 'resilientLlm.maxQueueWaitMs': 0 }, null, 2));
    await waitForModelOffered(page, /^Bedrock default: sonnet \(resilient\), 2 targets/);
    let answer = '';
    for (let i = 0; i < 5 && !/Every target/.test(answer); i++) answer = await ask(page, `@bedrock Limit me ${i}`);
    await scrollChatToEnd(page);
    await saveScreenshot(page, 'first hour every target at its limit');
    assert.match(answer, /Every target is at its limit:/);
    assert.match(answer, /Every target of route "sonnet" is at its limit\. The first one frees up in \d/);
    assert.equal(answer.split('sonnet-a: at its limit').length - 1, 1, `the targets are listed once:\n${answer}`);
    const status = await ask(page, '@bedrock /status');
    assert.match(status, /[1-9]\d* rate limited, 0 failed/);
  });
});
