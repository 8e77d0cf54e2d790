// Activation and registrations, in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VENDOR, extensionApi, nextRecord } from './helpers';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    chatParticipants: Array<{ id: string; name: string; commands: Array<{ name: string }> }>;
    languageModelChatProviders: Array<{ vendor: string }>;
    walkthroughs: Array<{ steps: Array<{ id: string; description: string }> }>;
    configuration: { properties: Record<string, { scope?: string }> };
  };
}

const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;

describe('extension: activation and registrations', () => {
  it('activates without loading the SDK or starting the simulator, with the default routes valid', async () => {
    const api = await extensionApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(api.simulator(), undefined, 'the simulator must start with the first request, not at activation');
    const state = api.settings();
    assert.deepEqual(state.problems, []);
    assert.deepEqual([...(state.config?.routes.keys() ?? [])], ['sonnet', 'haiku']);
    assert.equal(api.tenant(), 'sample-workspace');
  });

  it('registers every contributed command under the "Resilient LLM" category', async () => {
    await extensionApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands;
    assert.ok(contributed.length >= 11, `only ${contributed.length} commands contributed`);
    for (const c of contributed) {
      assert.equal(c.category, 'Resilient LLM', `${c.command} category`);
      assert.ok(registered.has(c.command), `${c.command} ("${c.title}") is contributed but not registered`);
    }
    const titles = contributed.map((c) => c.title);
    for (const t of ['Run Pattern Demo', 'Show Route Status', 'Show Workspace Quota', 'Validate Routes', 'Start Simulator', 'Stop Simulator', 'Open Log', 'Reset Statistics', 'Add Target', 'Sign in with AWS SSO', 'Store Bedrock API Key', 'Store Access Keys', 'Forget Stored Credentials', 'Set Redis Password']) assert.ok(titles.includes(t), `no "${t}" command`);
  });

  it('contributes @bedrock with /demo, /status and /routes, and hands out its handler', async () => {
    const api = await extensionApi();
    const [participant] = manifest().contributes.chatParticipants;
    assert.equal(participant?.id, 'resilient-llm.bedrock');
    assert.equal(participant?.name, 'bedrock');
    assert.deepEqual(participant?.commands.map((c) => c.name), ['demo', 'status', 'routes']);
    assert.equal(typeof api.chatHandler, 'function');
  });

  it('offers one language model per route, selectable in the model picker', async () => {
    await extensionApi();
    assert.deepEqual(manifest().contributes.languageModelChatProviders.map((p) => p.vendor), [VENDOR]);
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.deepEqual(models.map((m) => m.id).sort(), ['haiku', 'sonnet']);
    const sonnet = models.find((m) => m.id === 'sonnet')!;
    assert.equal(sonnet.name, 'Bedrock default: sonnet (resilient)', 'the default route sorts first in the picker');
    assert.equal(models.find((m) => m.id === 'haiku')!.name, 'Bedrock: haiku (resilient)');
    assert.equal(sonnet.vendor, VENDOR);
    assert.equal(sonnet.family, 'anthropic.claude-sonnet-4-6');
    assert.ok(sonnet.maxInputTokens > 100_000 && sonnet.maxInputTokens < 200_000, `maxInputTokens ${sonnet.maxInputTokens}`);
  });

  it('contributes a four-step walkthrough and user-only scopes for quotas, mode, endpoint and Redis', () => {
    const steps = manifest().contributes.walkthroughs[0]?.steps.map((s) => s.id);
    assert.deepEqual(steps, ['runDemo', 'chat', 'modelPicker', 'addTarget']);
    const props = manifest().contributes.configuration.properties;
    assert.equal(props['resilientLlm.quotas']?.scope, 'application');
    assert.equal(props['resilientLlm.mode']?.scope, 'machine');
    assert.equal(props['resilientLlm.endpoint']?.scope, 'machine');
    assert.equal(props['resilientLlm.redis.url']?.scope, 'machine');
    assert.equal(props['resilientLlm.redis.keyPrefix']?.scope, 'machine');
    assert.equal(props['resilientLlm.routes']?.scope, 'window');
  });

  it("the walkthrough's Open Chat link asks @bedrock its question (in Ask mode, where participants are offered)", async () => {
    const api = await extensionApi();
    const step = manifest().contributes.walkthroughs[0]!.steps.find((s) => s.id === 'chat')!;
    const link = /\(command:(workbench\.action\.chat\.open)\?([^)]+)\)/.exec(step.description);
    assert.ok(link, step.description);
    const args = JSON.parse(decodeURIComponent(link[2]!)) as { query: string };
    assert.match(args.query, /^@bedrock /);
    const served = nextRecord(api, 20_000);
    await vscode.commands.executeCommand(link[1]!, args);
    const record = await served;
    assert.equal(record.outcome, 'succeeded');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });
});
