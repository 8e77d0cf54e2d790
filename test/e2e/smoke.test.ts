// Smoke test of the end-to-end harness: the workbench loads with the packaged extension
// installed, and each helper works against built-in VS Code features.
import * as assert from 'node:assert/strict';
import {
  findWebviewFrame,
  openChat,
  openFile,
  readChatTurns,
  readNotifications,
  readStatusBar,
  runCommand,
  sendChatMessage,
  useWorkbench,
  waitForChatResponse,
  waitForNotification,
} from './harness';

describe('e2e smoke', () => {
  const wb = useWorkbench();

  it('loads the workbench on the sample workspace', async () => {
    const { page } = wb();
    assert.match(await page.title(), /sample-workspace/);
    assert.ok((await readStatusBar(page)).length > 0, 'the status bar has items');
    assert.deepEqual(await readNotifications(page), []);
  });

  it('lists the packaged extension as installed', async () => {
    const { page } = wb();
    await runCommand(page, 'Extensions: Show Installed Extensions');
    const item = page.locator('.extension-list-item', { hasText: 'Resilient LLM for Amazon Bedrock' });
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await item.innerText(), /resilient-llm/);
  });

  it('runs a built-in command whose message shows as a toast', async () => {
    const { page } = wb();
    await runCommand(page, 'Chat: Reset Tool Confirmations');
    await waitForNotification(page, 'Tool confirmation preferences have been reset');
  });

  it('finds a webview frame (Markdown preview)', async () => {
    const { page } = wb();
    await openFile(page, 'README.md');
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const frame = await findWebviewFrame(page, { selector: 'h1', text: 'Sample workspace' });
    assert.equal(await frame.locator('h1').innerText(), 'Sample workspace');
  });

  it('sends a chat message and renders both turns', async () => {
    const { page } = wb();
    await openChat(page);
    const before = (await readChatTurns(page)).length;
    await sendChatMessage(page, 'hello from the e2e smoke test');
    const response = await waitForChatResponse(page, before);
    const turns = await readChatTurns(page);
    assert.ok(turns.some((t) => t.kind === 'request' && t.text.includes('hello from the e2e smoke test')));
    assert.ok(response.trim().length > 0); // the selected model's answer, or "Language model unavailable" if none
  });
});
