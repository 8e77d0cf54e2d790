// The gateway as a person uses it: Add Gateway Variables to Terminals from the palette, a new
// integrated terminal, a published client (the openai npm client) run in it by typing, and the
// dashboard's Gateway clients table listing it, in a light and a dark theme.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Frame, type Page } from 'playwright-core';
import { findWebviewFrame, runCommand, saveScreenshot, useWorkbench, waitForNotification } from './harness';

const ROOT = path.resolve(__dirname, '../..');

async function pickTheme(page: Page, theme: string): Promise<void> {
  // Keys typed while a webview or the terminal has the focus can miss the workbench: give it the focus first.
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: theme }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
  await page.locator(`.monaco-workbench.${theme.startsWith('Dark') ? 'vs-dark' : 'vs'}`).waitFor({ state: 'attached', timeout: 15_000 });
}

async function openDashboard(page: Page, selector: string): Promise<Frame> {
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
  await runCommand(page, 'Resilient LLM: Open Dashboard');
  return findWebviewFrame(page, { selector });
}

describe('gateway', () => {
  const wb = useWorkbench();

  it('a client in a new terminal is served through the gateway and listed on the dashboard', async () => {
    const { page } = wb();
    await runCommand(page, 'Resilient LLM: Add Gateway Variables to Terminals');
    await waitForNotification(page, /New terminals of this workspace now use the Resilient LLM gateway/, 30_000);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-e2e-gw-')), 'result.json');
    await runCommand(page, 'Terminal: Create New Terminal');
    const terminal = page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor({ state: 'visible', timeout: 15_000 });
    await terminal.click();
    await page.keyboard.type(`node ${path.join(ROOT, 'test/host/gateway/terminalClient.cjs')} ${out}`);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(out)) {
      if (Date.now() > deadline) throw new Error('the client in the terminal did not finish within 60 s');
      await page.waitForTimeout(200);
    }
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { present: string[]; text?: string; error?: string };
    assert.equal(result.error, undefined);
    assert.ok(result.present.includes('OPENAI_BASE_URL') && result.present.includes('ANTHROPIC_BEDROCK_BASE_URL'), result.present.join(', '));
    assert.ok((result.text ?? '').length > 0);
    await saveScreenshot(page, 'gateway client in the integrated terminal');

    for (const theme of ['Light Modern', 'Dark Modern']) {
      await pickTheme(page, theme);
      const frame = await openDashboard(page, 'table.gateway-clients');
      const row = frame.locator('table.gateway-clients tbody tr', { hasText: 'OpenAI SDK' });
      await row.first().waitFor({ state: 'visible', timeout: 20_000 });
      const cells = (await row.first().locator('th, td').allInnerTexts()).map((s) => s.trim());
      assert.match(cells[0]!, /^OpenAI SDK \d/);
      assert.match(cells[1]!, /^1: 1 ok · 0 limited · 0 failed$/);
      assert.equal(cells[3], 'sample-workspace');
      await row.first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, `gateway clients on the dashboard ${theme}`);
    }
  });
});
