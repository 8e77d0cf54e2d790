// Every command, run through vscode.commands the way the palette and buttons run them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { config, eventually, extensionApi, restoreSettingsAfterSuite, setSetting } from './helpers';

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

describe('extension: commands', () => {
  restoreSettingsAfterSuite(['simulator']);

  after(async () => {
    await run('workbench.action.closeAllEditors');
  });

  it('Show Route Status shows every target and the quota', async () => {
    const markdown = await run<string>('resilientLlm.showStatus');
    for (const id of ['sonnet-a', 'sonnet-b', 'haiku']) assert.match(markdown, new RegExp(`\\| ${id} \\|`));
    assert.match(markdown, /Workspace "sample-workspace"/);
    await eventually(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Route Status/.test(t.label)), 'the status preview to open');
  });

  it('Show Workspace Quota says how much of the quota is used', async () => {
    const text = await run<string>('resilientLlm.showQuota');
    assert.match(text, /^Workspace "sample-workspace" \(default quota\): \d+ of 60 requests per minute · [\d,]+ of 500,000 tokens per minute · [\d,]+ of 5,000,000 tokens today/);
  });

  it('Validate Routes finds no problem in the defaults', async () => {
    assert.deepEqual(await run<string[]>('resilientLlm.validateRoutes'), []);
  });

  it('Stop Simulator stops it, Start Simulator starts it on loopback again', async () => {
    const api = await extensionApi();
    await run('resilientLlm.startSimulator');
    assert.ok(api.simulator());
    assert.equal(await run<boolean>('resilientLlm.stopSimulator'), true);
    assert.equal(api.simulator(), undefined);
    assert.equal(await run<boolean>('resilientLlm.stopSimulator'), false, 'stopping twice');
    const endpoint = await run<string>('resilientLlm.startSimulator');
    assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.simulator()?.endpoint, endpoint);
    assert.deepEqual(api.simulator()!.accounts().map((a) => a.profile).sort(), ['shard-a', 'shard-b']);
  });

  it('a new simulator seed (user settings) restarts the simulator with it', async () => {
    const api = await extensionApi();
    const before = (await api.ensureBackend())!;
    await config().update('simulator', { seed: 42 }, vscode.ConfigurationTarget.Global);
    try {
      const after = await eventually(() => api.settings().config?.settings.simulator.seed === 42 && api.ensureBackend(), 'the new seed to apply');
      assert.equal((await after)?.seed, 42);
      assert.notEqual((await after)?.endpoint, before.endpoint);
    } finally {
      await config().update('simulator', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually(() => api.settings().config?.settings.simulator.seed === 7, 'the default seed to return');
  });

  it('Reset Statistics clears the counters', async () => {
    const api = await extensionApi();
    assert.equal(await run<boolean>('resilientLlm.resetStatistics'), true);
    assert.equal(api.router().snapshot().totals.requests, 0);
    assert.equal(api.router().snapshot().recent.length, 0);
  });

  it('Open Log shows the log', async () => {
    assert.equal(await run<boolean>('resilientLlm.openLog'), true);
  });

  it('Add Target writes the target and its route into workspace settings, and it serves', async () => {
    const api = await extensionApi();
    const changed = new Promise<void>((resolve) => {
      const sub = api.onDidChangeSettings((s) => {
        if (s.config?.routes.has('nova')) {
          sub.dispose();
          resolve();
        }
      });
    });
    const target = await run<{ id: string }>('resilientLlm.addTarget', { profile: 'shard-c', region: 'us-east-1', model: 'us.amazon.nova-lite-v1:0', rpm: 30, tpm: 100000, route: 'nova' });
    assert.equal(target.id, 'nova-lite-shard-c');
    await changed;
    const written = config().inspect<Array<{ id: string; profile: string; rpm?: number }>>('targets')?.workspaceValue ?? [];
    assert.deepEqual(written.map((t) => t.id), ['sonnet-a', 'sonnet-b', 'haiku', 'nova-lite-shard-c']);
    assert.equal(written.at(-1)?.rpm, 30);
    assert.deepEqual(config().inspect<Array<{ name: string; targets: string[] }>>('routes')?.workspaceValue?.find((r) => r.name === 'nova')?.targets, ['nova-lite-shard-c']);
    const record = (await api.router().send({ route: 'nova', tenant: api.tenant(), request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] } })).record;
    assert.equal(record.servedBy?.targetId, 'nova-lite-shard-c');
    assert.equal(record.servedBy?.profile, 'shard-c');
  });

  it('Add Target refuses a target the router would reject, and says why', async () => {
    const before = config().inspect('targets')?.workspaceValue;
    const result = await run('resilientLlm.addTarget', { profile: 'shard-a', region: 'us-east-1', model: 'not a model', id: 'bad' });
    assert.equal(result, undefined);
    assert.deepEqual(config().inspect('targets')?.workspaceValue, before);
  });

  it('Run Pattern Demo runs the model fallback demo and shows its table', async () => {
    const api = await extensionApi();
    const announced = new Promise<number>((resolve) => {
      const sub = api.onDidRunDemo((results) => {
        sub.dispose();
        resolve(results.length);
      });
    });
    const results = await run<Array<{ pattern: string; succeeded: number; requests: number; byTarget?: Record<string, number> }>>('resilientLlm.runDemo', 'fallback');
    assert.equal(results.length, 1);
    assert.equal(results[0]!.pattern, 'fallback');
    assert.equal(results[0]!.succeeded, 10);
    assert.deepEqual(results[0]!.byTarget, { primary: 3, fallback: 7 });
    assert.equal(await announced, 1);
    assert.equal(api.lastDemoResults()[0]?.pattern, 'fallback');
    await eventually(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Demo Results/.test(t.label)), 'the results preview to open');
  });

  it('Sign in with AWS SSO runs aws sso login for the profile in a terminal', async () => {
    const line = await run<string>('resilientLlm.ssoLogin', 'shard-a');
    assert.equal(line, "aws sso login --profile 'shard-a'");
    const terminal = await eventually(() => vscode.window.terminals.find((t) => t.name === 'AWS SSO: shard-a'), 'the terminal');
    terminal.dispose();
    assert.equal(await run('resilientLlm.ssoLogin', 'x; rm -rf /'), undefined, 'a name that is not a profile is refused');
  });

  it('Open Settings (JSON) opens the file that holds the setting', async () => {
    assert.equal(await run<string>('resilientLlm.openSettingsJson', 'resilientLlm.routes[0].targets[0]'), 'workspace');
    assert.equal(await run<string>('resilientLlm.openSettingsJson', 'resilientLlm.quotas.default.rpm'), 'user');
    assert.equal(await run<string>('resilientLlm.openSettingsJson', 'resilientLlm.redis.url'), 'user');
  });

  it('Open Settings (JSON) puts the cursor on the setting at fault', async () => {
    const routes = config().get<Array<{ name: string; targets: string[] }>>('routes')!;
    await setSetting(await extensionApi(), 'routes', routes, vscode.ConfigurationTarget.Workspace);
    assert.equal(await run<string>('resilientLlm.openSettingsJson', 'resilientLlm.routes[0].targets[1]'), 'workspace');
    const editor = vscode.window.activeTextEditor!;
    assert.match(editor.document.uri.path, /\/\.vscode\/settings\.json$/);
    assert.equal(editor.document.getText(editor.selection), JSON.stringify(routes[0]!.targets[1]), 'the second target of the first route is selected');
    await run('resilientLlm.openSettingsJson', 'resilientLlm.routes[0].noSuchField');
    const at = vscode.window.activeTextEditor!;
    assert.ok(at.selection.isEmpty);
    const rest = at.document.getText().slice(at.document.offsetAt(at.selection.active));
    assert.match(rest, new RegExp(`^\\{\\s*"name":\\s*"${routes[0]!.name}"`), 'a field that is not there: the cursor is at the start of its route');
  });
});
