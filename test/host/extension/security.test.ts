// Issue 9, extension level: traffic with KNOWN secret values (stored access keys, temporary
// credentials with a session token, a Bedrock API key, a wrong secret key, an expired account, a
// Redis password), including failures (SigV4 rejection, expired credentials, throttling, a
// missing key), then every output the extension produces is scanned for them: the "Resilient
// LLM" log (its lines as written), chat output, the language-model API's answers and errors,
// notifications, the dashboard's posted messages, the status bar tooltip, the router's records
// and snapshot. `aws` mode, with resilientLlm.endpoint pointing at a simulator of the test's own,
// so the secrets come from VS Code's secret storage exactly as with real AWS.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RequestRecord } from '../../../src/router';
import { type Simulator, startSimulator } from '../../../src/simulator';
import type { HostMessage } from '../../../src/webview/protocol';
import { RecordingStream, chatRequest, eventually, extensionApi, restoreSettingsAfterSuite, routeModel, setSetting } from './helpers';

const Global = vscode.ConfigurationTarget.Global;
const Workspace = vscode.ConfigurationTarget.Workspace;
const SONNET = 'us.anthropic.claude-sonnet-4-6';
const WRONG_SECRET = 'wR0ngSecretKeyForTheHostTest0123456789ab';
const REDIS_PASSWORD = 'host-test-redis-pw-9Vh2Lq';
const ACCOUNTS = ['sec-keys', 'sec-session', 'sec-token', 'sec-wrong', 'sec-expired', 'sec-missing'];
const token = () => new vscode.CancellationTokenSource().token;
const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

type Notify = (message: string, ...rest: unknown[]) => Thenable<unknown>;
type NotifyName = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/** Records every notification the extension shows (the API object is shared with the extension under test), still showing it. */
function interceptNotifications(into: string[]): () => void {
  const names: NotifyName[] = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];
  const originals = names.map((n) => vscode.window[n] as unknown as Notify);
  names.forEach((n, i) => {
    (vscode.window as unknown as Record<NotifyName, Notify>)[n] = (message: string, ...rest: unknown[]) => {
      into.push(`${n}: ${message} ${JSON.stringify(rest)}`);
      return originals[i]!.call(vscode.window, message, ...rest);
    };
  });
  return () => names.forEach((n, i) => ((vscode.window as unknown as Record<NotifyName, Notify>)[n] = originals[i]!));
}

describe('extension: no secret in anything it shows', function () {
  this.timeout(120_000);
  restoreSettingsAfterSuite(['mode', 'endpoint']);
  let sim: Simulator;
  const notifications: string[] = [];
  let stopIntercepting = () => {};

  before(async () => {
    sim = await startSimulator({ port: 0, seed: 11 });
    stopIntercepting = interceptNotifications(notifications);
  });

  after(async () => {
    stopIntercepting();
    for (const account of ACCOUNTS) await run('resilientLlm.forgetCredentials', account);
    await run('resilientLlm.setRedisPassword', '');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const api = await extensionApi();
    await setSetting(api, 'mode', undefined, Global);
    await setSetting(api, 'endpoint', undefined, Global);
    await run('resilientLlm.stopSimulator');
    await sim?.close();
  });

  it('wires the interception to the extension: a command\'s notification is seen', async () => {
    await run('resilientLlm.forgetCredentials', 'sec-nothing-here');
    await eventually(() => notifications.some((n) => n.includes('Nothing was stored for account "sec-nothing-here"')), 'the notification to be intercepted', 2000);
  });

  it('traffic with known secrets, failures included: no secret, signature or Authorization header in the log, chat, notifications, dashboard, status bar or records', async () => {
    const api = await extensionApi();
    // Known secrets, stored through the commands (as a user would).
    for (const account of ACCOUNTS) sim.ensureAccount(account);
    const keys = sim.ensureAccount('sec-keys');
    const session = sim.issueSessionCredentials('sec-session');
    const apiKey = sim.issueApiKey('sec-token');
    const wrong = sim.ensureAccount('sec-wrong');
    const expired = sim.ensureAccount('sec-expired');
    assert.equal(await run('resilientLlm.storeAccessKeys', { account: 'sec-keys', accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }), 'sec-keys');
    assert.equal(await run('resilientLlm.storeAccessKeys', { account: 'sec-session', ...session }), 'sec-session');
    assert.equal(await run('resilientLlm.storeApiKey', { account: 'sec-token', apiKey }), 'sec-token');
    await run('resilientLlm.storeAccessKeys', { account: 'sec-wrong', accessKeyId: wrong.accessKeyId, secretAccessKey: WRONG_SECRET });
    await run('resilientLlm.storeAccessKeys', { account: 'sec-expired', accessKeyId: expired.accessKeyId, secretAccessKey: expired.secretAccessKey });
    assert.equal(await run('resilientLlm.setRedisPassword', REDIS_PASSWORD), 'stored');
    const secrets = [keys.accessKeyId, keys.secretAccessKey, session.accessKeyId, session.secretAccessKey, session.sessionToken, apiKey, wrong.accessKeyId, WRONG_SECRET, expired.accessKeyId, expired.secretAccessKey, REDIS_PASSWORD];

    sim.faults.accountExpired('sec-expired', true);
    sim.faults.errorRate('throttle', 1, { profile: 'sec-keys', sourceRegion: 'us-west-2' });
    const accessKeys = { type: 'access-keys' };
    await setSetting(api, 'targets', [
      { id: 'k1', model: SONNET, profile: 'sec-keys', region: 'us-east-1', auth: accessKeys },
      { id: 'k2', model: SONNET, profile: 'sec-keys', region: 'us-west-2', auth: accessKeys },
      { id: 's1', model: SONNET, profile: 'sec-session', region: 'us-east-1', auth: accessKeys },
      { id: 't1', model: SONNET, profile: 'sec-token', region: 'us-west-2', auth: { type: 'api-key' } },
      { id: 'w1', model: SONNET, profile: 'sec-wrong', region: 'us-east-1', auth: accessKeys },
      { id: 'e1', model: SONNET, profile: 'sec-expired', region: 'us-east-1', auth: accessKeys },
      { id: 'm1', model: SONNET, profile: 'sec-missing', region: 'us-east-1', auth: { type: 'api-key' } },
      // The defaults' targets stay, so the default routes stay valid in between.
      { id: 'sonnet-a', model: SONNET, profile: 'shard-a', region: 'us-east-1', auth: { type: 'default-chain' } },
      { id: 'sonnet-b', model: SONNET, profile: 'shard-b', region: 'us-west-2', auth: { type: 'default-chain' } },
      { id: 'haiku', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'shard-a', region: 'us-east-1', auth: { type: 'default-chain' } },
    ], Workspace);
    await setSetting(api, 'routes', [
      { name: 'sec-keys', targets: ['k1'] },
      { name: 'sec-throttled', targets: ['k2'], fallbacks: ['sec-token'] },
      { name: 'sec-session', targets: ['s1'] },
      { name: 'sec-token', targets: ['t1'] },
      { name: 'sec-wrong', targets: ['w1'] },
      { name: 'sec-expired', targets: ['e1'] },
      { name: 'sec-missing', targets: ['m1'] },
    ], Workspace);
    await setSetting(api, 'endpoint', sim.endpointTemplate, Global);
    const state = await setSetting(api, 'mode', 'aws', Global);
    assert.deepEqual(state.problems, []);
    assert.equal(state.config?.settings.mode, 'aws');

    // Every output, from here on.
    await run('resilientLlm.openDashboard');
    await eventually(() => api.dashboard.isReady(), 'the dashboard page to be ready', 20_000);
    const posted: HostMessage[] = [];
    const records: RequestRecord[] = [];
    const subs = [api.dashboard.onDidPost((m) => posted.push(m)), api.router().onRecord((r) => records.push(r))];
    const chat: Array<{ stream: RecordingStream; result: unknown }> = [];
    const lm: string[] = [];
    try {
      const ask = async (route: string) => {
        const stream = new RecordingStream();
        const result = await api.chatHandler(chatRequest(`Question for ${route}`, { model: await routeModel(route) }), { history: [] }, stream, token());
        chat.push({ stream, result });
        return { stream, result: (result ?? {}) as vscode.ChatResult };
      };
      for (const route of ['sec-keys', 'sec-session', 'sec-token']) {
        const { stream, result } = await ask(route);
        assert.equal(result.errorDetails, undefined, `${route}: ${result.errorDetails?.message}`);
        assert.match(stream.text, /^Simulated answer to "Question for /);
      }
      const throttled = await ask('sec-throttled');
      assert.equal(throttled.result.errorDetails, undefined, throttled.result.errorDetails?.message);
      assert.match(throttled.stream.text, /Served by t1 .*fallback route sec-token/);

      const rejected = await ask('sec-wrong');
      assert.match(rejected.result.errorDetails?.message ?? '', /rejected the stored access keys of account "sec-wrong"/);
      assert.deepEqual(rejected.stream.buttons.map((b) => [b.command, b.arguments]), [['resilientLlm.storeAccessKeys', ['sec-wrong']]], 'the button stores keys; it does not run aws sso login');
      const expiredTurn = await ask('sec-expired');
      assert.equal((expiredTurn.result.metadata as { errorKind?: string }).errorKind, 'credentials', expiredTurn.result.errorDetails?.message);
      const missing = await ask('sec-missing');
      assert.match(missing.result.errorDetails?.message ?? '', /Store Bedrock API Key/, 'the message names the command that stores the key');

      // The language-model API: an answer and an error.
      const ok = await (await routeModel('sec-token')).sendRequest([vscode.LanguageModelChatMessage.User('Through the model picker')], {}, token());
      for await (const part of ok.stream) if (part instanceof vscode.LanguageModelTextPart) lm.push(part.value);
      try {
        const bad = await (await routeModel('sec-wrong')).sendRequest([vscode.LanguageModelChatMessage.User('Through the model picker, failing')], {}, token());
        for await (const part of bad.stream) if (part instanceof vscode.LanguageModelTextPart) lm.push(part.value);
        assert.fail('the wrong key was accepted');
      } catch (err) {
        const e = err as Error & { cause?: unknown };
        lm.push(`${e.message}\n${e.stack ?? ''}\n${String(e.cause ?? '')}`);
      }
      assert.ok(lm.some((t) => /rejected the stored access keys/.test(t)), lm.join('\n'));

      await eventually(() => posted.some((m) => m.type === 'router' && m.view.targets.some((t) => t.id === 'w1' && t.health === 'credentials')), 'the dashboard to show the credentials problem', 10_000);
    } finally {
      for (const s of subs) s.dispose();
    }

    const tooltip = (api.statusBarItem().tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /w1/, 'the tooltip lists the targets');
    const outputs: Record<string, string> = {
      log: api.logLines().join('\n'),
      chat: JSON.stringify(chat.map((c) => ({ markdown: c.stream.markdowns, progress: c.stream.progressMessages, buttons: c.stream.buttons, result: c.result }))),
      languageModel: lm.join('\n'),
      notifications: notifications.join('\n'),
      dashboard: JSON.stringify(posted),
      statusBar: `${api.statusBarItem().text}\n${tooltip}\n${api.statusBarItem().accessibilityInformation?.label ?? ''}`,
      records: JSON.stringify(records),
      snapshot: JSON.stringify(api.router().snapshot()),
    };
    // The scan covers real output: failures and the stored-secret commands are in it.
    assert.match(outputs.log!, /r\d+ failed · .*route sec-wrong/);
    assert.match(outputs.log!, /Stored access keys with a session token for account "sec-session"/);
    assert.match(outputs.notifications!, /stored the Bedrock API key of account "sec-token"/);
    assert.ok(records.length >= 7 && posted.length > 0);
    for (const [where, text] of Object.entries(outputs)) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${where} contains the secret ${secret.slice(0, 4)}…`);
      assert.doesNotMatch(text, /Authorization|AWS4-HMAC-SHA256|Signature=|X-Amz-Security-Token|Bearer [A-Za-z0-9]/i, `${where} contains a signature or an Authorization header`);
    }
  });

  it('Forget Stored Credentials deletes an account\'s keys: its next request says how to store them', async () => {
    const api = await extensionApi();
    assert.deepEqual(await run('resilientLlm.forgetCredentials', 'sec-token'), ['bearer-token']);
    const stream = new RecordingStream();
    const result = await api.chatHandler(chatRequest('After forgetting', { model: await routeModel('sec-token') }), { history: [] }, stream, token());
    assert.match(result?.errorDetails?.message ?? '', /Store Bedrock API Key/);
    assert.deepEqual(stream.buttons.map((b) => b.command), ['resilientLlm.storeApiKey']);
  });
});
