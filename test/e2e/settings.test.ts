// Editing the workspace's .vscode/settings.json while VS Code runs: the next request follows
// the new routes and limits; an invalid edit is reported (naming the setting) while the last
// good configuration keeps chat working.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { ask, getSession, saveScreenshot, waitForNotification } from './harness';
import { latestResponse, pickModel, tableRows, useChatWorkbench, waitForModelOffered } from './chatSetup';

const SONNET = 'us.anthropic.claude-sonnet-4-6';
const HAIKU = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

/** Workspace settings: sonnet on one target (with `rpm`), haiku on its own; sonnet falls back to haiku when `fallback`. */
function settings(options: { rpm: number; fallback: boolean }): Record<string, unknown> {
  return {
    'resilientLlm.mode': 'simulated',
    'resilientLlm.targets': [
      { id: 'sonnet-a', model: SONNET, profile: 'shard-a', region: 'us-east-1', rpm: options.rpm },
      { id: 'haiku', model: HAIKU, profile: 'shard-a', region: 'us-east-1', rpm: 50 },
    ],
    'resilientLlm.routes': [
      { name: 'sonnet', targets: ['sonnet-a'], fallbacks: options.fallback ? ['haiku'] : [] },
      { name: 'haiku', targets: ['haiku'] },
    ],
  };
}

describe('editing settings.json', () => {
  const wb = useChatWorkbench();
  let original = '';

  const write = (value: Record<string, unknown>) => fs.writeFileSync(getSession().settingsFile, JSON.stringify(value, null, 2));

  before(async function () {
    this.timeout(120_000);
    const { page } = wb();
    original = fs.readFileSync(getSession().settingsFile, 'utf8');
    write(settings({ rpm: 20, fallback: false }));
    // The picker shows each route's targets and fallbacks: it has read the new settings when it says so.
    await waitForModelOffered(page, /^Bedrock default: sonnet \(resilient\), 1 target · the default route(, Current model)?$/);
    await pickModel(page, 'Bedrock default: sonnet (resilient)');
  });

  after(() => {
    if (original) fs.writeFileSync(getSession().settingsFile, original);
  });

  it('routes the next request by them: a target RPM lowered to its use, a fallback added', async () => {
    const { page } = wb();
    assert.match(await ask(page, '@bedrock Which target serves this?'), /Served by sonnet-a \(us\.anthropic\.claude-sonnet-4-6 · shard-a · us-east-1\), 1 attempt\s*$/m);

    write(settings({ rpm: 1, fallback: true }));
    await waitForModelOffered(page, /^Bedrock default: sonnet \(resilient\), 1 target, falls back to haiku/);

    const answer = await ask(page, '@bedrock And this one?');
    assert.match(answer, /Served by haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1\), 1 attempt, fallback route haiku/);
    await saveScreenshot(page, 'editing settings.json the next answer comes from the fallback');
    await ask(page, '@bedrock /status');
    const rows = await tableRows(latestResponse(page).locator('table').first());
    const rpm = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[4]]));
    assert.deepEqual(Object.keys(rpm), ['sonnet-a', 'haiku']);
    assert.match(rpm['sonnet-a']!, /^[1-9]\d*\/1$/, 'sonnet-a: its new limit, reached');
    assert.match(rpm.haiku!, /^[1-9]\d*\/50$/);
  });

  it('reports an invalid edit with its setting path; chat keeps working', async () => {
    const { page } = wb();
    write(settings({ rpm: 0, fallback: true }));
    const message = await waitForNotification(page, /invalid settings/, 30_000);
    assert.match(message, /^Resilient LLM: invalid settings; the last good configuration keeps serving\. resilientLlm\.targets\[0\]\.rpm: must be at least 1/);
    // Its button opens the workspace settings.json, where the bad value is.
    const open = page.locator('.notification-toast').getByRole('button', { name: 'Open Settings (JSON)' });
    await open.click({ trial: true }); // waits for the toast to settle
    await saveScreenshot(page, 'editing settings.json invalid edit notification');
    await open.click();
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="/.vscode/settings.json"]');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await editor.locator('.view-lines').innerText(), /"rpm":\s*0/);
    await saveScreenshot(page, 'editing settings.json opened from the notification');
    await page.keyboard.press('Escape'); // VS Code 1.139 opens it in a modal editor over the workbench
    await editor.waitFor({ state: 'hidden', timeout: 15_000 });
    const answer = await ask(page, '@bedrock Still there?');
    assert.match(answer, /Simulated answer to "Still there\?"/);
    assert.match(answer, /Served by haiku \(.+\), 1 attempt, fallback route haiku/, 'sonnet-a is still at its last good limit (1 RPM, used)');
  });
});
