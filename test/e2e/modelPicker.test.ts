// The extension's routes as models in the chat model picker: offered as "Bedrock: <route>
// (resilient)", and the one picked answers a plain chat message (no @bedrock) through the
// router, counted like any other request.
import * as assert from 'node:assert/strict';
import { type Page } from 'playwright-core';
import { ask, saveScreenshot } from './harness';
import { chatModel, pickModel, preselectedModel, readModelPicker, scrollChatToEnd, statusTargets, useChatWorkbench } from './chatSetup';

describe('the chat model picker', () => {
  const wb = useChatWorkbench();

  it('offers each route as "Bedrock: <route> (resilient)" with its targets and fallbacks, the default route first', async () => {
    const { page } = wb();
    const rows = (await readModelPicker(page, 'Bedrock')).map((label) => label.replace(/, Current model$/, ''));
    assert.deepEqual(rows.sort(), ['Bedrock default: sonnet (resilient), 2 targets, falls back to haiku · the default route', 'Bedrock: haiku (resilient), 1 target']);
  });

  it('had preselected the default route (sonnet, with sharding and fallback) when the Chat view first opened', () => {
    assert.equal(preselectedModel(), 'Bedrock default: sonnet (resilient)');
  });

  it('answers a plain chat message with the model picked there', async () => {
    const { page } = wb();
    await pickModel(page, 'Bedrock default: sonnet (resilient)');
    assert.equal(await chatModel(page), 'Bedrock default: sonnet (resilient)');
    const before = await sonnetAttempts(page);
    const question = 'What does a resilient router do when a Region is throttled?';
    const answer = await ask(page, question);
    // The simulator repeats the start of the last user message (VS Code wraps it in <prompt>).
    assert.match(answer, /Simulated answer to "[^"]*What does a resilient router do when a Region/);
    assert.match(answer, /Bedrock default: sonnet \(resilient\)\s*$/, 'the response names the model that answered');
    assert.doesNotMatch(answer, /Bedrock \(resilient\)|Served by/, 'no @bedrock: the model answered, not the participant');
    await scrollChatToEnd(page);
    await saveScreenshot(page, 'the chat model picker plain answer');
    // The router served it on the sonnet route: its shards count one more successful attempt.
    const after = await sonnetAttempts(page);
    assert.deepEqual({ ok: after.ok - before.ok, attempts: after.attempts - before.attempts }, { ok: 1, attempts: 1 });
  });
});

/** The sonnet route's targets' successful attempts and attempts, summed, from @bedrock /status ("OK/attempts"). */
async function sonnetAttempts(page: Page): Promise<{ ok: number; attempts: number }> {
  const text = await ask(page, '@bedrock /status');
  const targets = statusTargets(text).filter((t) => t.id === 'sonnet-a' || t.id === 'sonnet-b');
  assert.equal(targets.length, 2, text);
  return { ok: targets.reduce((n, t) => n + t.ok, 0), attempts: targets.reduce((n, t) => n + t.attempts, 0) };
}
