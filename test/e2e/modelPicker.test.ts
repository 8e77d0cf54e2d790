// The extension's routes as models in the chat model picker: offered as "Bedrock: <route>
// (resilient)", and the one picked answers a plain chat message (no @bedrock) through the
// router, counted like any other request.
import * as assert from 'node:assert/strict';
import { ask, useWorkbench } from './harness';
import { chatModel, latestResponse, pickModel, prepareChat, readModelPicker, scrollChatToEnd, tableRows } from './chatSetup';

describe('the chat model picker', () => {
  const wb = useWorkbench();

  before(async function () {
    this.timeout(120_000);
    await prepareChat(wb().page);
  });

  afterEach(() => scrollChatToEnd(wb().page)); // before the root hook's screenshot

  it('offers each route as "Bedrock: <route> (resilient)" with its targets and fallbacks', async () => {
    const { page } = wb();
    const rows = (await readModelPicker(page, 'Bedrock')).map((label) => label.replace(/, Current model$/, ''));
    assert.deepEqual(rows.sort(), ['Bedrock: haiku (resilient), 1 target', 'Bedrock: sonnet (resilient), 2 targets, falls back to haiku']);
  });

  it('answers a plain chat message with the model picked there', async () => {
    const { page } = wb();
    await pickModel(page, 'Bedrock: sonnet (resilient)');
    assert.equal(await chatModel(page), 'Bedrock: sonnet (resilient)');
    const question = 'What does a resilient router do when a Region is throttled?';
    const answer = await ask(page, question);
    // The simulator repeats the start of the last user message (VS Code wraps it in <prompt>).
    assert.match(answer, /Simulated answer to "[^"]*What does a resilient router do when a Region/);
    assert.match(answer, /Bedrock: sonnet \(resilient\)\s*$/, 'the response names the model that answered');
    assert.doesNotMatch(answer, /Bedrock \(resilient\)|Served by/, 'no @bedrock: the model answered, not the participant');
    // The router served it on the sonnet route: one of its shards counts one successful attempt.
    const status = await ask(page, '@bedrock /status');
    assert.match(status, /Requests: 1 \(1 succeeded/);
    const rows = await tableRows(latestResponse(page).locator('table').first());
    const okAttempts = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[7]]));
    assert.equal([okAttempts['sonnet-a'], okAttempts['sonnet-b']].sort().join(' '), '0/0 1/1', JSON.stringify(okAttempts));
    assert.equal(okAttempts.haiku, '0/0');
  });
});
