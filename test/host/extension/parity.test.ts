// Parity with the Bedrock providers people already use (issue 10), in the real extension host
// against the simulator: auth per target, model discovery in Add Target (and its fallback when
// the account denies it), image input advertised per route, extended thinking shown apart from
// the answer, prompt-cache tokens in the dashboard's state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TurnMetadata } from '../../../src/extension/chat/history';
import type { HostMessage, RouterView } from '../../../src/webview/protocol';
import { RecordingStream, VENDOR, chatRequest, config, eventually, extensionApi, nextRecord, readResponse, restoreSettingsAfterSuite, routeModel, setSetting } from './helpers';

const Workspace = vscode.ConfigurationTarget.Workspace;
const SONNET = 'us.anthropic.claude-sonnet-4-6';
const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';
const token = () => new vscode.CancellationTokenSource().token;

type Api = Awaited<ReturnType<typeof extensionApi>>;

async function configure(api: Api, targets: unknown[], routes: unknown[]): Promise<void> {
  // Routes first to a valid interim (the defaults' targets stay), then both.
  await setSetting(api, 'targets', [...(config().inspect<unknown[]>('targets')?.defaultValue ?? []), ...targets], Workspace);
  await setSetting(api, 'routes', routes, Workspace);
  assert.deepEqual(api.settings().problems, []);
}

function ask(api: Api, prompt: string, route: string, history: vscode.ChatContext['history'] = []) {
  return routeModel(route).then(async (model) => {
    const stream = new RecordingStream();
    const result = await api.chatHandler(chatRequest(prompt, { model }), { history }, stream, token());
    return { stream, result: result ?? {} };
  });
}

describe('extension: parity features', function () {
  this.timeout(60_000);
  restoreSettingsAfterSuite();

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('resilientLlm.stopSimulator');
  });

  it('an api-key target and an access-keys target answer through @bedrock in simulated mode (the simulator\'s own secrets)', async () => {
    const api = await extensionApi();
    await configure(
      api,
      [
        { id: 'key-a', model: SONNET, profile: 'key-shard', region: 'us-west-2', auth: { type: 'api-key' } },
        { id: 'keys-a', model: SONNET, profile: 'keys-shard', region: 'us-east-1', auth: { type: 'access-keys' } },
      ],
      [{ name: 'keyed', targets: ['key-a'] }, { name: 'keys', targets: ['keys-a'] }],
    );
    for (const [route, target] of [['keyed', 'key-a'], ['keys', 'keys-a']] as const) {
      const recorded = nextRecord(api);
      const { stream, result } = await ask(api, `Hello through ${route}`, route);
      assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
      assert.match(stream.text, new RegExp(`^Simulated answer to "Hello through ${route}"`));
      const record = await recorded;
      assert.equal(record.servedBy?.targetId, target);
    }
    const sim = api.simulator()!;
    assert.ok(sim.invocationLog().some((r) => r.profile === 'key-shard' && r.outcome === 'success'), 'the simulator served the API key\'s account');
  });

  it('Add Target\'s model list comes from the account (its application inference profile first), and picking from it writes a target that serves', async () => {
    const api = await extensionApi();
    const sim = (await api.ensureBackend())!;
    sim.ensureAccount('disc-shard');
    const app = sim.createApplicationInferenceProfile({ profile: 'disc-shard', region: 'us-east-1', name: 'team-sonnet', copyFrom: SONNET });
    const pick = await api.addTargetModels({ profile: 'disc-shard', region: 'us-east-1' });
    assert.equal(pick.fallback, false, pick.message);
    assert.equal(pick.choices[0]?.id, app.arn);
    assert.match(pick.choices[0]!.kind, /^application inference profile \(copies us\.anthropic\.claude-sonnet-4-6\)/);
    assert.ok(pick.choices.some((c) => c.id === SONNET && /cross-Region inference profile \(US\)/.test(c.kind)), 'system profiles too');

    // The real quick pick: the model is the only question; accept its first item.
    const added = Promise.resolve(vscode.commands.executeCommand<{ id: string; model: string } | undefined>('resilientLlm.addTarget', { profile: 'disc-shard', region: 'us-east-1', id: 'disc-app', route: 'disc' }));
    let done = false;
    void added.finally(() => (done = true));
    for (let i = 0; i < 60 && !done; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const target = await added;
    assert.equal(target?.model, app.arn, 'the first item, the account\'s application inference profile, was written');
    await eventually(() => api.settings().config?.routes.has('disc'), 'the new route');
    const recorded = nextRecord(api);
    const { result } = await ask(api, 'Through the application inference profile', 'disc');
    assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
    const record = await recorded;
    assert.equal(record.servedBy?.model, app.arn);
    assert.ok(record.costUsd && record.costUsd > 0, 'priced as the model it copies (learned from discovery)');
  });

  it('when the account denies discovery, Add Target offers the built-in list and says why', async () => {
    const api = await extensionApi();
    const sim = (await api.ensureBackend())!;
    sim.ensureAccount('deny-shard');
    sim.denyDiscovery('deny-shard');
    const pick = await api.addTargetModels({ profile: 'deny-shard', region: 'us-east-1' });
    assert.equal(pick.fallback, true);
    assert.match(pick.message ?? '', /Could not list the models of account "deny-shard" in us-east-1: ListFoundationModels \(denied: .*service control policy/);
    assert.match(pick.message ?? '', /showing the built-in list/);
    assert.ok(pick.choices.some((c) => c.id === SONNET), 'the catalog\'s profiles');
    assert.ok(!pick.choices.some((c) => c.id.startsWith('arn:')), 'no application profiles from the catalog');
    assert.ok(api.logLines().some((l) => l.startsWith('warn: Could not list the models of account "deny-shard"')), 'the reason is logged');
  });

  it('a route advertises image input when any target of its chain takes images, not only its first', async () => {
    const api = await extensionApi();
    await configure(
      api,
      [{ id: 'llama', model: LLAMA, profile: 'shard-a', region: 'us-east-1' }],
      [{ name: 'llama-first', targets: ['llama', 'sonnet-a'] }, { name: 'llama-only', targets: ['llama'] }, { name: 'llama-then-haiku', targets: ['llama'], fallbacks: ['haiku'] }, { name: 'haiku', targets: ['haiku'] }],
    );
    const vision = async (route: string) => ((await routeModel(route)) as unknown as { capabilities?: { supportsImageToText?: boolean } }).capabilities?.supportsImageToText;
    assert.equal(await vision('llama-first'), true, 'sonnet-a takes images');
    assert.equal(await vision('llama-then-haiku'), true, 'its fallback takes images');
    assert.equal(await vision('llama-only'), false);
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.deepEqual(models.map((m) => m.id).sort(), ['haiku', 'llama-first', 'llama-only', 'llama-then-haiku']);
  });

  it('extended thinking is shown as a quoted Thinking block before the answer, kept out of the answer, and sent back signed in the next turn', async () => {
    const api = await extensionApi();
    await configure(api, [], [{ name: 'deep', targets: ['sonnet-a'], reasoning: { budgetTokens: 2048 }, maxTokens: 1024 }]);
    const first = await ask(api, 'Why do retries need a budget?', 'deep');
    assert.equal(first.result.errorDetails, undefined, first.result.errorDetails?.message);
    const { stream } = first;
    assert.ok(stream.progressMessages.includes('Thinking...'), 'a thinking progress line');
    assert.match(stream.text, /^> \*\*Thinking\*\*\n>\n> Let me think about "Why do retries need a budget\?"\./);
    const [thinking, answer] = stream.text.split('\n\n');
    assert.ok(thinking!.split('\n').every((line) => line.startsWith('>')), 'the thinking is quoted throughout');
    assert.match(answer!, /^Simulated answer to "Why do retries need a budget\?"/);
    const meta = first.result.metadata as TurnMetadata;
    assert.match(meta.answer ?? '', /^Simulated answer/);
    assert.doesNotMatch(meta.answer ?? '', /Let me think/, 'the thinking is not part of the answer');
    assert.equal(meta.reasoning?.length, 1);
    assert.ok(meta.reasoning![0]!.signature.length > 10, 'signed');

    const history = [
      { prompt: 'Why do retries need a budget?', command: undefined, references: [], participant: 'resilient-llm.bedrock', toolReferences: [] },
      { response: [], result: first.result, participant: 'resilient-llm.bedrock', command: undefined },
    ] as unknown as vscode.ChatContext['history'];
    const recorded = nextRecord(api);
    const second = await ask(api, 'And how large?', 'deep', history);
    assert.equal(second.result.errorDetails, undefined, second.result.errorDetails?.message);
    const record = await recorded;
    assert.ok(record.usage!.inputTokens > 30, `the history with its thinking was sent (${record.usage!.inputTokens} input tokens)`);

    // The language-model API has no stable thinking part: its stream carries the answer only.
    const { text } = await readResponse(await (await routeModel('deep')).sendRequest([vscode.LanguageModelChatMessage.User('Think, then answer')], {}, token()));
    assert.match(text, /^Simulated answer to "Think, then answer"/);
  });

  it('prompt-cache reads and writes reach the dashboard\'s state (per target and per request)', async () => {
    const api = await extensionApi();
    await configure(api, [], [{ name: 'cached', targets: ['sonnet-b'], promptCaching: true }]);
    await vscode.commands.executeCommand('resilientLlm.openDashboard');
    await eventually(() => api.dashboard.isReady(), 'the dashboard page to be ready', 20_000);
    let latest: RouterView | undefined;
    const sub = api.dashboard.onDidPost((m: HostMessage) => {
      if (m.type === 'router') latest = m.view;
    });
    try {
      const prompt = `Review this design document. ${'The router holds every limit exactly and settles reservations with real usage. '.repeat(80)}`;
      for (let i = 0; i < 2; i++) {
        const { result } = await ask(api, prompt, 'cached');
        assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
      }
      // The target's totals and the records of both requests (a record is posted a moment after its attempt).
      const view = await eventually(() => {
        const t = latest?.targets.find((x) => x.id === 'sonnet-b');
        return t && t.tokens.cacheWrite > 0 && t.tokens.cacheRead > 0 && latest!.recent.filter((r) => r.route === 'cached').length === 2 ? latest : undefined;
      }, 'a posted state with cache reads and writes on sonnet-b and both requests', 15_000);
      const [second, first] = view.recent.filter((r) => r.route === 'cached');
      assert.ok((first!.usage?.cacheWriteInputTokens ?? 0) > 1000, 'the first request wrote the prefix');
      assert.ok((second!.usage?.cacheReadInputTokens ?? 0) > 1000, 'the second read it');
      assert.ok(second!.costUsd! < first!.costUsd!, 'reads cost less than writes');
      assert.ok(api.logLines().some((l) => /route cached · .* \(cache \d+ read, \d+ written\)/.test(l)), 'the log line has them too');
    } finally {
      sub.dispose();
    }
  });
});
