// Settings applied live, invalid changes reported once while the last good routes serve,
// and user-only settings a workspace cannot override.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../../../src/extension/settings';
import type { ConfigProblem } from '../../../src/router';
import { validateSettings } from '../../../src/router';
import { EXTENSION_ID, RecordingStream, VENDOR, chatRequest, extensionApi, nextRecord, nextSettings, readResponse, restoreSettingsAfterSuite, routeModel, setSetting, workspaceSettingsFile } from './helpers';

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
  restoreSettingsAfterSuite(['quotas', 'mode']);

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
      const routes = new RecordingStream();
      await api.chatHandler(chatRequest('', { command: 'routes' }), { history: [] }, routes, new vscode.CancellationTokenSource().token);
      assert.match(routes.text, /\*\*1 problem in the settings\*\*; the last good configuration \(above\) keeps serving/);
      assert.match(routes.text, /- `resilientLlm\.routes\[0\]\.fallbacks\[0\]`: no route named "haiku-typo"/);
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

  it('a workspace cannot raise its own quota, change the mode, the tenant, the endpoint or where limits are kept (Redis), even by editing settings.json', async () => {
    const api = await extensionApi();
    const file = workspaceSettingsFile();
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const changed = nextSettings(api);
    const redisLines = () => api.logLines().filter((l) => /Redis/.test(l)).length;
    const redisBefore = redisLines();
    fs.writeFileSync(file, JSON.stringify({ ...before, 'resilientLlm.quotas': { default: { rpm: 100000 }, workspaces: { 'sample-workspace': { rpm: 100000 } } }, 'resilientLlm.mode': 'aws', 'resilientLlm.tenant': 'tenant-b', 'resilientLlm.endpoint': 'https://attacker.example', 'resilientLlm.redis.url': 'redis://attacker.example:6379', 'resilientLlm.redis.keyPrefix': 'victim:', 'resilientLlm.maxQueueWaitMs': 9000 }, null, 2));
    await changed;
    await new Promise((r) => setTimeout(r, 300)); // the limits re-read the Redis settings on the same change
    assert.equal(api.limits().mode, 'in-process', 'a workspace chose where the limits are kept');
    assert.equal(api.limits().redis, undefined);
    assert.equal(redisLines(), redisBefore, 'nothing connected to the workspace\'s Redis');
    const settings = api.settings().config!.settings;
    assert.equal(settings.maxQueueWaitMs, 9000, 'the workspace-scoped setting in the same file applies');
    assert.equal(settings.quotas.default.rpm, 60);
    assert.equal(settings.quotas.workspaces['sample-workspace'], undefined);
    assert.equal(settings.mode, 'simulated');
    assert.equal(settings.endpoint, undefined);
    assert.equal(api.tenant(), 'sample-workspace');
    assert.equal(api.settings().sources.quotas, 'default');
  });

  it('in an untrusted workspace only user settings name the targets (the accounts billed), and VS Code is told every restricted setting', async () => {
    const api = await extensionApi();
    const evil = [{ id: 'evil', model: 'us.anthropic.claude-sonnet-4-6', profile: 'their-account', region: 'us-east-1', rpm: 1000 }];
    await setSetting(api, 'targets', evil, Workspace);
    await setSetting(api, 'routes', [{ name: 'sonnet', targets: ['evil'] }], Workspace);
    const trusted = readSettings(true);
    assert.deepEqual(trusted.raw.targets, evil, 'a trusted workspace names its targets');
    const untrusted = readSettings(false);
    assert.equal(untrusted.sources.targets, 'default');
    assert.ok(!(untrusted.raw.targets as Array<{ profile: string }>).some((t) => t.profile === 'their-account'), 'an untrusted workspace named an account');
    for (const key of ['mode', 'endpoint', 'quotas', 'tenant', 'simulator', 'demo']) assert.notEqual(untrusted.sources[key], 'workspace', key);
    const check = validateSettings(untrusted.raw);
    assert.equal(check.ok, false, 'its routes can only use the user\'s targets');
    assert.ok(!check.ok && check.problems.some((p) => p.path === 'resilientLlm.routes[0].targets[0]'));
    const restricted = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } } }).capabilities.untrustedWorkspaces;
    assert.equal(restricted.supported, 'limited');
    for (const key of ['mode', 'endpoint', 'targets', 'quotas', 'tenant', 'simulator', 'demo', 'redis.url', 'redis.keyPrefix']) assert.ok(restricted.restrictedConfigurations.includes(`resilientLlm.${key}`), `resilientLlm.${key} is not restricted`);
    await setSetting(api, 'routes', undefined, Workspace);
    await setSetting(api, 'targets', undefined, Workspace);
  });

  it('in aws mode, every target must name a profile of the AWS files (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE respected)', async () => {
    const api = await extensionApi();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-aws-'));
    const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
    // The extension host is this process: its environment is the extension's.
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    fs.writeFileSync(process.env.AWS_CONFIG_FILE, '[profile shard-a]\nregion = us-east-1\nsso_session = corp\n\n[sso-session corp]\nsso_region = us-east-1\n');
    fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
    try {
      await setSetting(api, 'targets', undefined, Workspace);
      await setSetting(api, 'routes', undefined, Workspace);
      const state = await setSetting(api, 'mode', 'aws', vscode.ConfigurationTarget.Global);
      assert.deepEqual(state.problems.map((p) => p.path), ['resilientLlm.targets[1].profile']);
      assert.match(state.problems[0]!.message, /^no AWS profile named "shard-b" in .*config and .*credentials \(did you mean "shard-a"\?\); add it \(aws configure sso --profile shard-b\)/);
      assert.equal(state.config?.settings.mode, 'simulated', 'the last good configuration keeps serving');
      fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[shard-b]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = not-a-real-secret\n');
      const fixed = await api.refreshSettings();
      assert.deepEqual(fixed.problems, []);
      assert.equal(fixed.config?.settings.mode, 'aws');
    } finally {
      await setSetting(api, 'mode', undefined, vscode.ConfigurationTarget.Global);
      process.env.AWS_CONFIG_FILE = saved.config;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.credentials;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      if (saved.credentials === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(api.settings().config?.settings.mode, 'simulated');
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
