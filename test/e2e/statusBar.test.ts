// The status bar item follows this workspace's quota use: each request, from @bedrock or from
// the model picked for a plain chat message, moves "Bedrock N/60 rpm" on by one.
import * as assert from 'node:assert/strict';
import { ask, readStatusBar, saveScreenshot, waitForStatusBarItem } from './harness';
import { STATUS_ITEM, pickModel, useChatWorkbench } from './chatSetup';

const ITEM_ID = 'resilient-llm.resilient-llm-bedrock.resilientLlm.status';

describe('the status bar item', () => {
  const wb = useChatWorkbench();

  it('counts each request against the workspace quota', async function () {
    this.timeout(240_000); // up to a minute waiting for the window to empty, then two answers
    const { page } = wb();
    const item = await waitForStatusBarItem(page, STATUS_ITEM);
    assert.equal(item.id, ITEM_ID);
    // The count is a sliding minute: requests made by earlier tests would expire while this one
    // runs and make the count step down. Start from an empty window so each step is this test's.
    await waitForStatusBarItem(page, /Bedrock 0\/60 rpm/, 70_000);
    const used = 0;

    assert.match(await ask(page, '@bedrock Count this one'), /Served by/);
    const first = await waitForStatusBarItem(page, `Bedrock ${used + 1}/60 rpm`);
    assert.match(first.ariaLabel, new RegExp(`^Resilient LLM: workspace sample-workspace ${used + 1} of 60 requests per minute; last request served by \\S+ on route \\S+, \\d+ attempts?$`));

    // A plain message to the model picked in the picker is the same workspace's request, and
    // the item says what served it (the answer itself has no footer).
    await pickModel(page, 'Bedrock: haiku (resilient)');
    assert.match(await ask(page, 'And count this one too'), /Simulated answer to/);
    const second = await waitForStatusBarItem(page, `Bedrock ${used + 2}/60 rpm · haiku`);
    assert.match(second.ariaLabel, /last request served by haiku on route haiku, 1 attempt$/);
    await page.locator(`[id="${ITEM_ID}"]`).hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Last request' });
    await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await hover.first().innerText(), /Last request: route haiku, served by haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1\), 1 attempt\./);
    await saveScreenshot(page, 'the status bar item says what served a model picker answer');
    await page.mouse.move(10, 10);
    const items = (await readStatusBar(page)).filter((i) => i.id === ITEM_ID);
    assert.equal(items.length, 1, 'one item');
  });
});
