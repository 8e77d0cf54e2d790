// @bedrock in the Chat view of code-server with the packaged .vsix: an answer streams in and
// ends with the served-by line; /demo quota-isolation renders its table; /status shows the
// targets and this workspace's quota.
import * as assert from 'node:assert/strict';
import { ask } from './harness';
import { latestResponse, sendAndWatch, statusTargets, tableRows, useChatWorkbench } from './chatSetup';

const SERVED_BY = /Served by (sonnet-a|sonnet-b|haiku) \(\S+ · shard-[ab] · us-[a-z]+-\d\), 1 attempt/;

describe('@bedrock in the Chat view', () => {
  const wb = useChatWorkbench();

  it('answers a question, streaming, and says what served it', async () => {
    const { page } = wb();
    const question = 'Why do cross-Region inference profiles help with throttling?';
    const { text, partials } = await sendAndWatch(page, `@bedrock ${question}`);
    assert.match(text, new RegExp(`Simulated answer to "${question.replace(/\?/g, '\\?')}"`));
    assert.match(text, SERVED_BY);
    // Seen while loading: some of the answer without the served-by line, then more of it.
    const answering = partials.filter((p) => p.includes('Simulated answer') && !/Served by/.test(p));
    assert.ok(answering.length >= 1, `partial content before the end (saw ${JSON.stringify(partials)})`);
    const lengths = new Set(partials.filter((p) => p.includes('Simulated answer')).map((p) => p.length));
    assert.ok(lengths.size >= 2, `the answer grew while streaming (saw ${JSON.stringify(partials)})`);
    assert.match(await latestResponse(page).locator('em').last().innerText(), SERVED_BY, 'the served-by line is set apart (emphasis)');
  });

  it('renders the quota-isolation demo table for /demo quota-isolation', async () => {
    const { page } = wb();
    const text = await ask(page, '@bedrock /demo quota-isolation');
    assert.match(text, /Multi-tenant quota isolation/);
    const rows = await tableRows(latestResponse(page).locator('table').first());
    assert.deepEqual(rows, [
      ['Workspace', 'Quota (RPM)', 'Sent', 'Succeeded', 'Rate limited', 'Failed', 'Success rate'],
      ['tenant-a', '3', '5', '3', '2', '0', '60%'],
      ['tenant-b', '10', '5', '5', '0', '0', '100%'],
      ['tenant-c', '10', '5', '5', '0', '0', '100%'],
    ]);
    assert.match(text, /Succeeded 13\/15, rate limited 2, failed 0/);
    await latestResponse(page).getByRole('button', { name: 'Open Dashboard' }).waitFor({ state: 'visible' });
  });

  it('shows the targets, their health and this workspace quota for /status', async () => {
    const { page } = wb();
    const text = await ask(page, '@bedrock /status');
    assert.match(text, /Mode: simulated, requests go to the simulator at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(text, /Requests: [1-9]\d* \([1-9]\d* succeeded/, 'the question asked above is counted');
    // One block per target (a wide table wrapped "healthy" to "health y" in the narrow Chat view).
    assert.equal(await latestResponse(page).locator('table').count(), 0);
    const targets = statusTargets(text);
    // RPM per target is a gateway limit: named as such (Bedrock's own units are the pools').
    assert.match(text, /Gateway RPM \d+\/20/);
    assert.deepEqual(
      targets.map((t) => [t.id, t.model, t.profile, t.region, t.health]),
      [
        ['sonnet-a', 'us.anthropic.claude-sonnet-4-6', 'shard-a', 'us-east-1', 'healthy'],
        ['sonnet-b', 'us.anthropic.claude-sonnet-4-6', 'shard-b', 'us-west-2', 'healthy'],
        ['haiku', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'shard-a', 'us-east-1', 'healthy'],
      ],
    );
    // Health is a codicon (VS Code's icon font, always there) and a word; never an emoji, which needs an emoji font.
    assert.equal(await latestResponse(page).locator('.codicon-pass').count(), 3, 'a $(pass) codicon per healthy target');
    assert.doesNotMatch(text, /\p{Extended_Pictographic}/u, 'no emoji in /status');
    assert.match(text, /Quota\. Workspace "sample-workspace" \(default quota\): \d+ of 60 requests per minute/);
  });
});
