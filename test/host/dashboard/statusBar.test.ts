// The status bar item in the real extension host: its text follows the workspace's quota use
// as requests go through @bedrock's handler, and it warns when the workspace is at its quota.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RecordingStream, chatRequest, eventually, extensionApi, restoreSettingsAfterSuite, routeModel, setSetting } from '../extension/helpers';

const token = () => new vscode.CancellationTokenSource().token;

describe('dashboard: status bar item', () => {
  // Tenants of their own (fresh names: nothing else has used their quota), set in user settings.
  restoreSettingsAfterSuite(['tenant', 'quotas']);

  // Leave the host as the other suites expect it: no simulator running.
  after(() => vscode.commands.executeCommand('resilientLlm.stopSimulator'));

  before(async () => {
    const api = await extensionApi();
    await setSetting(api, 'quotas', { default: { rpm: 60, tpm: 500000, tokensPerDay: 5000000 }, workspaces: { 'status-bar-ten': { rpm: 10, tpm: 100000 }, 'status-bar-two': { rpm: 2 } } }, vscode.ConfigurationTarget.Global);
  });

  async function ask(api: Awaited<ReturnType<typeof extensionApi>>, question: string): Promise<vscode.ChatResult | void | null | undefined> {
    return api.chatHandler(chatRequest(question, { model: await routeModel('haiku') }), { history: [] }, new RecordingStream(), token());
  }

  it('shows the workspace\'s requests in the last minute against its quota, and follows each request', async () => {
    const api = await extensionApi();
    const item = api.statusBarItem();
    await setSetting(api, 'tenant', 'status-bar-ten', vscode.ConfigurationTarget.Global);
    await eventually(() => item.text === '$(pulse) Bedrock 0/10 rpm', `"Bedrock 0/10 rpm" (saw "${item.text}")`);
    assert.equal(item.command, 'resilientLlm.openDashboard');
    assert.equal(item.backgroundColor, undefined);
    for (let n = 1; n <= 3; n++) {
      assert.equal((await ask(api, `Status bar question ${n}`))?.errorDetails, undefined);
      await eventually(() => item.text === `$(pulse) Bedrock ${n}/10 rpm · haiku`, `"Bedrock ${n}/10 rpm · haiku" after request ${n} (saw "${item.text}")`, 5000);
    }
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /workspace `status-bar-ten` \(its own quota\)/);
    assert.match(tooltip.value, /Requests per minute: 3 of 10/);
    assert.match(tooltip.value, /Last request: route `haiku`, served by haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1\), 1 attempt\./);
    for (const id of ['sonnet-a', 'sonnet-b', 'haiku']) assert.match(tooltip.value, new RegExp(`\\| ${id} \\(`), `a row for ${id}`);
    assert.match(tooltip.value, /\[Open Dashboard\]\(command:resilientLlm\.openDashboard\)/);
    assert.match(item.accessibilityInformation?.label ?? '', /workspace status-bar-ten 3 of 10 requests per minute; last request served by haiku on route haiku, 1 attempt/);
  });

  it('warns when the workspace is at its quota', async () => {
    const api = await extensionApi();
    const item = api.statusBarItem();
    await setSetting(api, 'tenant', 'status-bar-two', vscode.ConfigurationTarget.Global);
    await eventually(() => item.text === '$(pulse) Bedrock 0/2 rpm', `"Bedrock 0/2 rpm" (saw "${item.text}")`);
    await ask(api, 'First of two');
    await ask(api, 'Second of two');
    await eventually(() => item.text === '$(warning) Bedrock 2/2 rpm · haiku', `"$(warning) Bedrock 2/2 rpm · haiku" (saw "${item.text}")`, 5000);
    assert.ok(item.backgroundColor instanceof vscode.ThemeColor);
    assert.equal((item.backgroundColor as vscode.ThemeColor).id, 'statusBarItem.warningBackground');
    assert.match((item.tooltip as vscode.MarkdownString).value, /at its quota of requests per minute/);
    const refused = await ask(api, 'One too many');
    assert.match(refused?.errorDetails?.message ?? '', /has used its quota of 2 requests per minute/);
    await eventually(() => item.text === '$(warning) Bedrock 2/2 rpm · rate-limited', `a refused request is not counted, but shown as the last (saw "${item.text}")`, 5000);
  });
});
