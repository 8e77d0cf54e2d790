// Settings applied live, invalid changes reported once while the last good routes serve,
// and user-only settings a workspace cannot override.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConfigProblem } from '../../../src/router';
import { VENDOR, extensionApi, nextRecord, nextSettings, readResponse, restoreSettingsAfterSuite, routeModel, setSetting, workspaceSettingsFile } from './helpers';

const Workspace = vscode.ConfigurationTarget.Workspace;

async function ask(route: string): Promise<string> {
  const api = await extensionApi();
  const recorded = nextRecord(api);
  const model = await routeModel(route);
  await readResponse(await model.sendRequest([vscode.LanguageModelChatMessage.User(`Which target serves ${route}?`)], {}, new vscode.CancellationTokenSource().token));
  const record = await recorded;
  assert.equal(record.outcome, 'succeeded', record.message);
  return record.servedBy!.targetId;
}

describe('extension: live settings', () => {
  restoreSettingsAfterSuite(['quotas']);

  it('a route changed in workspace settings changes where requests go, without a reload', async () => {
    const api = await extensionApi();
    await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-b'] }], Workspace);
    assert.deepEqual([await ask('sonnet'), await ask('sonnet')], ['sonnet-b', 'sonnet-b']);
    await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-a'] }], Workspace);
    assert.deepEqual([await ask('sonnet'), await ask('sonnet')], ['sonnet-a', 'sonnet-a']);
    assert.equal(api.settings().sources.routes, 'workspace');
  });

  it('a new route appears as a model in the model picker', async () => {
    const api = await extensionApi();
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.lm.onDidChangeChatModels(() => {
        sub.dispose();
        resolve();
      });
    });
    await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-a'] }, { name: 'fast', targets: ['haiku'] }], Workspace);
    await changed;
    const ids = (await vscode.lm.selectChatModels({ vendor: VENDOR })).map((m) => m.id).sort();
    assert.deepEqual(ids, ['fast', 'sonnet']);
    assert.equal(await ask('fast'), 'haiku');
  });

  it('an invalid change is reported once, naming the setting, and the last good routes keep serving', async () => {
    const api = await extensionApi();
    await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-b'] }], Workspace);
    const reports: Array<readonly ConfigProblem[]> = [];
    const sub = api.onDidReportProblems((p) => reports.push(p));
    try {
      const state = await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-b'], fallbacks: ['haiku-typo'] }], Workspace);
      assert.deepEqual(state.problems, [{ path: 'resilientLlm.routes[0].fallbacks[0]', message: 'no route named "haiku-typo"; add the route or remove this fallback' }]);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]![0]!.path, 'resilientLlm.routes[0].fallbacks[0]');
      assert.equal(await ask('sonnet'), 'sonnet-b', 'the last good configuration serves');
      // Another change that leaves the same problem is not reported again.
      await setSetting(api, 'maxQueueWaitMs', 5000, Workspace);
      assert.equal(api.settings().problems.length, 1);
      assert.equal(reports.length, 1, 'the same problem was reported twice');
      // A different problem is.
      await setSetting(api, 'targets', [{ id: 'sonnet-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 0 }], Workspace);
      assert.equal(reports.length, 2);
      assert.ok(reports[1]!.some((p) => p.path === 'resilientLlm.targets[0].rpm' && /at least 1/.test(p.message)), JSON.stringify(reports[1]));
    } finally {
      sub.dispose();
    }
    await setSetting(api, 'targets', undefined, Workspace);
    const fixed = await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['sonnet-a'] }], Workspace);
    assert.deepEqual(fixed.problems, []);
    assert.equal(await ask('sonnet'), 'sonnet-a');
  });

  it('a workspace cannot raise its own quota, change the mode or the tenant, even by editing settings.json', async () => {
    const api = await extensionApi();
    const file = workspaceSettingsFile();
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const changed = nextSettings(api);
    fs.writeFileSync(file, JSON.stringify({ ...before, 'resilientLlm.quotas': { default: { rpm: 100000 }, workspaces: { 'sample-workspace': { rpm: 100000 } } }, 'resilientLlm.mode': 'aws', 'resilientLlm.tenant': 'consumer-b', 'resilientLlm.endpoint': 'https://attacker.example', 'resilientLlm.maxQueueWaitMs': 9000 }, null, 2));
    await changed;
    const settings = api.settings().config!.settings;
    assert.equal(settings.maxQueueWaitMs, 9000, 'the workspace-scoped setting in the same file applies');
    assert.equal(settings.quotas.default.rpm, 60);
    assert.equal(settings.quotas.workspaces['sample-workspace'], undefined);
    assert.equal(settings.mode, 'simulated');
    assert.equal(settings.endpoint, undefined);
    assert.equal(api.tenant(), 'sample-workspace');
    assert.equal(api.settings().sources.quotas, 'default');
  });

  it('quotas set in user settings apply', async () => {
    const api = await extensionApi();
    const state = await setSetting(api, 'quotas', { default: { rpm: 7 }, workspaces: {} }, vscode.ConfigurationTarget.Global);
    assert.equal(state.config?.settings.quotas.default.rpm, 7);
    assert.equal(api.router().tenantSpec('sample-workspace')?.rpm, 7);
    await setSetting(api, 'quotas', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(api.router().tenantSpec('sample-workspace')?.rpm, 60);
  });
});
