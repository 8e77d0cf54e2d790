// Editing the workspace's .vscode/settings.json while VS Code runs: the next request follows
// the new routes and limits; an invalid edit is reported (naming the setting) while the last
// good configuration keeps chat working.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { ask, clearNotifications, getSession, runCommand, saveScreenshot, waitForNotification } from './harness';
import { pickModel, statusTargets, useChatWorkbench, waitForModelOffered } from './chatSetup';

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

  after(async () => {
    if (original) fs.writeFileSync(getSession().settingsFile, original);
    await clearNotifications(wb().page).catch(() => undefined);
  });

  it('routes the next request by them: a target RPM lowered to its use, a fallback added', async () => {
    const { page } = wb();
    assert.match(await ask(page, '@bedrock Which target serves this?'), /Served by sonnet-a \(us\.anthropic\.claude-sonnet-4-6 · shard-a · us-east-1\), 1 attempt\s*$/m);

    write(settings({ rpm: 1, fallback: true }));
    await waitForModelOffered(page, /^Bedrock default: sonnet \(resilient\), 1 target, falls back to haiku/);

    const answer = await ask(page, '@bedrock And this one?');
    assert.match(answer, /Served by haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1\), 1 attempt, fallback route haiku/);
    await saveScreenshot(page, 'editing settings.json the next answer comes from the fallback');
    const rpm = Object.fromEntries(statusTargets(await ask(page, '@bedrock /status')).map((t) => [t.id, t.rpm]));
    assert.deepEqual(Object.keys(rpm), ['sonnet-a', 'haiku']);
    assert.match(rpm['sonnet-a']!, /^[1-9]\d*\/1$/, 'sonnet-a: its new limit, reached');
    assert.match(rpm.haiku!, /^[1-9]\d*\/50$/);
  });

  it('reports an invalid edit with its setting path; chat keeps working', async () => {
    const { page } = wb();
    write(settings({ rpm: 0, fallback: true }));
    const message = await waitForNotification(page, /problems? in the settings/, 30_000);
    assert.match(message, /^Resilient LLM: 1 problem in the settings; the last good configuration keeps serving\. resilientLlm\.targets\[0\]\.rpm: must be at least 1/);
    // Its button opens the workspace settings.json, where the bad value is.
    const open = page.locator('.notification-toast').getByRole('button', { name: 'Open Settings (JSON)' });
    await open.click({ trial: true }); // waits for the toast to settle
    await saveScreenshot(page, 'editing settings.json invalid edit notification');
    await open.click();
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="/.vscode/settings.json"]');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await editor.locator('.view-lines').innerText(), /"rpm":\s*0/);
    await saveScreenshot(page, 'editing settings.json opened from the notification');
    // An ordinary editor tab, not VS Code 1.139's modal editor over the open tab, with the cursor on the line at fault.
    assert.equal(await page.locator('.modal-editor-part').filter({ visible: true }).count(), 0, 'opened in a modal editor');
    assert.match((await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label')) ?? '', /^settings\.json\b/, 'the file is the active tab');
    assert.equal(await editor.locator('.view-line', { hasText: '"rpm": 0' }).count(), 1, 'the line at fault is in view');
    await runCommand(page, 'View: Close Editor');
    const answer = await ask(page, '@bedrock Still there?');
    assert.match(answer, /Simulated answer to "Still there\?"/);
    assert.match(answer, /Served by (sonnet-a|haiku) \(/);
    // The last good limit (1 RPM) is in force, not the invalid 0 (which no request would pass).
    const rpm = Object.fromEntries(statusTargets(await ask(page, '@bedrock /status')).map((t) => [t.id, t.rpm]));
    assert.match(rpm['sonnet-a'] ?? '', /^\d+\/1$/, 'sonnet-a keeps its last good limit of 1 RPM');
  });

  it('reports every problem at once: a misspelled key and a route naming an unknown target', async () => {
    const { page } = wb();
    await clearNotifications(page);
    const bad = settings({ rpm: 20, fallback: true }) as { 'resilientLlm.targets': Array<Record<string, unknown>>; 'resilientLlm.routes': Array<{ targets: string[] }> };
    bad['resilientLlm.targets'][0]!.rpmm = 5;
    bad['resilientLlm.routes'][0]!.targets = ['sonnet-a', 'sonnet-z'];
    write(bad);
    const message = await waitForNotification(page, /2 problems in the settings/, 30_000);
    assert.match(message, /\(1\) resilientLlm\.targets\[0\]\.rpmm: unknown field \(did you mean "rpm"\?\).*\(2\) resilientLlm\.routes\[0\]\.targets\[1\]: no target with id "sonnet-z"/);
    await saveScreenshot(page, 'editing settings.json every problem at once');
    await clearNotifications(page); // toasts cover the chat input
    const routes = await ask(page, '@bedrock /routes');
    assert.match(routes, /2 problems in the settings/);
    assert.match(routes, /resilientLlm\.targets\[0\]\.rpmm/);
    assert.match(routes, /resilientLlm\.routes\[0\]\.targets\[1\]/);
    await saveScreenshot(page, 'editing settings.json routes lists every problem');
  });

  it('says a settings.json that does not parse does not parse, and where', async () => {
    const { page } = wb();
    await clearNotifications(page);
    // A missing comma after the mode.
    fs.writeFileSync(getSession().settingsFile, JSON.stringify(settings({ rpm: 20, fallback: true }), null, 2).replace('"simulated",', '"simulated"'));
    const message = await waitForNotification(page, /does not parse/, 30_000);
    assert.match(message, /\.vscode\/settings\.json:3:3: the file does not parse: a comma is missing \(between two entries\) at line 3, column 3/);
    const open = page.locator('.notification-toast', { hasText: 'does not parse' }).getByRole('button', { name: 'Open Settings (JSON)' });
    await open.click({ trial: true });
    await saveScreenshot(page, 'editing settings.json does not parse notification');
    await open.click();
    const editor = page.locator('.editor-instance .monaco-editor[data-uri$="/.vscode/settings.json"]');
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await editor.locator('.view-line', { hasText: '"resilientLlm.targets"' }).first().innerText()) ?? '', /resilientLlm\.targets/, 'the line of the error is in view');
    await saveScreenshot(page, 'editing settings.json opened at the syntax error');
    await runCommand(page, 'View: Close Editor');
    await clearNotifications(page);
    const routes = await ask(page, '@bedrock /routes');
    assert.match(routes, /does not parse/);
    assert.doesNotMatch(routes, /The settings are valid/);
    await saveScreenshot(page, 'editing settings.json routes says the file does not parse');
    write(settings({ rpm: 20, fallback: true }));
    await clearNotifications(page);
  });
});
