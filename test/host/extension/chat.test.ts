// @bedrock's handler, called as VS Code calls it, with a stream that records what it is given.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RecordingStream, chatRequest, extensionApi, nextRecord, restoreSettingsAfterSuite, routeModel, setSetting } from './helpers';

const token = () => new vscode.CancellationTokenSource().token;

describe('extension: @bedrock chat participant', () => {
  restoreSettingsAfterSuite(['tenant']);

  it('answers through the router, streaming, and ends with the served-by line', async () => {
    const api = await extensionApi();
    const stream = new RecordingStream();
    const recorded = nextRecord(api);
    const result = await api.chatHandler(chatRequest('Why shard across accounts?', { model: await routeModel('sonnet') }), { history: [] }, stream, token());
    const record = await recorded;
    assert.equal(result?.errorDetails, undefined);
    assert.match(stream.text, /^Simulated answer to "Why shard across accounts\?":/);
    assert.ok(stream.markdowns.length > 3, 'the answer streamed in pieces');
    const s = record.servedBy!;
    assert.match(stream.markdowns.at(-1)!, new RegExp(`Served by ${s.targetId} \\(${s.model.replace(/\./g, '\\.')} · ${s.profile} · ${s.region}\\), 1 attempt`));
    assert.equal((result?.metadata as { answer?: string }).answer, stream.text.slice(0, stream.text.indexOf('\n\n---')));
  });

  it('sends the conversation history with the new question', async () => {
    const api = await extensionApi();
    const firstQuestion = 'First question about quotas';
    const history = [
      { prompt: firstQuestion, command: undefined, references: [], participant: 'resilient-llm.bedrock', toolReferences: [] },
      { response: [], result: { metadata: { answer: 'An earlier answer.' } }, participant: 'resilient-llm.bedrock', command: undefined },
      { prompt: '', command: 'status', references: [], participant: 'resilient-llm.bedrock', toolReferences: [] },
      { response: [], result: { metadata: { command: 'status' } }, participant: 'resilient-llm.bedrock', command: 'status' },
    ] as unknown as vscode.ChatContext['history'];
    const stream = new RecordingStream();
    const recorded = nextRecord(api);
    await api.chatHandler(chatRequest('And a follow-up', { model: await routeModel('sonnet') }), { history }, stream, token());
    const record = await recorded;
    // The simulator counts input tokens from the whole conversation it received.
    const alone = new RecordingStream();
    const recordedAlone = nextRecord(api);
    await api.chatHandler(chatRequest('And a follow-up', { model: await routeModel('sonnet') }), { history: [] }, alone, token());
    const recordAlone = await recordedAlone;
    assert.ok(record.usage!.inputTokens > recordAlone.usage!.inputTokens + 5, `history not sent: ${record.usage!.inputTokens} vs ${recordAlone.usage!.inputTokens} input tokens`);
  });

  it('sends attached files (#file references) with the question', async () => {
    const api = await extensionApi();
    const model = await routeModel('sonnet');
    const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'README.md');
    const size = (await vscode.workspace.fs.readFile(readme)).byteLength;
    const tokens = async (references: vscode.ChatPromptReference[]) => {
      const recorded = nextRecord(api);
      await api.chatHandler({ ...chatRequest('Summarize the attached file', { model }), references }, { history: [] }, new RecordingStream(), token());
      return (await recorded).usage!.inputTokens;
    };
    const without = await tokens([]);
    const withFile = await tokens([{ id: 'vscode.file', value: readme }]);
    assert.ok(withFile - without >= Math.floor(size / 4), `the file (${size} bytes) did not reach the model: ${withFile} vs ${without} input tokens`);
  });

  it('sends attached images (an image file, a pasted image) as image blocks', async () => {
    const api = await extensionApi();
    const model = await routeModel('sonnet');
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64')); // a 1x1 red PNG
    const file = vscode.Uri.file(path.join(os.tmpdir(), `rllm-chat-image-${process.pid}.png`));
    await vscode.workspace.fs.writeFile(file, png);
    const send = async (references: vscode.ChatPromptReference[]) => {
      const recorded = nextRecord(api);
      const result = await api.chatHandler({ ...chatRequest('What is in this picture?', { model }), references }, { history: [] }, new RecordingStream(), token());
      assert.equal(result?.errorDetails, undefined);
      return (await recorded).usage!.inputTokens;
    };
    const without = await send([]);
    // The simulator counts about 1,600 input tokens for each image block it receives.
    const fromFile = await send([{ id: 'vscode.file', value: file }]);
    assert.ok(fromFile - without >= 1600, `the image file did not reach the model as an image: ${fromFile} vs ${without} input tokens`);
    const pasted = await send([{ id: 'image', value: { mimeType: 'image/png', data: () => Promise.resolve(png) } }]);
    assert.ok(pasted - without >= 1600, `the pasted image did not reach the model as an image: ${pasted} vs ${without} input tokens`);
    await vscode.workspace.fs.delete(file);
  });

  it('/status shows every target with its health and limits, and this workspace\'s quota', async () => {
    const api = await extensionApi();
    const stream = new RecordingStream();
    const result = await api.chatHandler(chatRequest('', { command: 'status' }), { history: [] }, stream, token());
    assert.equal(result?.errorDetails, undefined);
    for (const id of ['sonnet-a', 'sonnet-b', 'haiku']) assert.match(stream.text, new RegExp(`^\\*\\*\`${id}\`\\*\\* \\$\\(pass\\) healthy {2}$`, 'm'));
    assert.match(stream.text, /healthy/);
    assert.match(stream.text, /^Gateway RPM \d+\/20 · /m, 'RPM limit of 20 shown');
    assert.match(stream.text, /Workspace "sample-workspace" \(default quota\): \d+ of 60 requests per minute/);
  });

  it('/routes shows the routes, their targets and fallbacks', async () => {
    const api = await extensionApi();
    const stream = new RecordingStream();
    await api.chatHandler(chatRequest('', { command: 'routes' }), { history: [] }, stream, token());
    assert.match(stream.text, /\*\*`sonnet`\*\* \(the default route\): shuffle over 2 targets, falls back to `haiku`\n\n- `sonnet-a`: .+\n- `sonnet-b`: /);
    assert.doesNotMatch(stream.text, /<br>/);
    assert.match(stream.text, /The settings are valid\./);
  });

  it('/demo fallback runs the demo and renders its table, with progress per request', async () => {
    const api = await extensionApi();
    const stream = new RecordingStream();
    const result = await api.chatHandler(chatRequest('fallback', { command: 'demo' }), { history: [] }, stream, token());
    assert.equal(result?.errorDetails, undefined);
    assert.match(stream.text, /### Model fallback/);
    assert.match(stream.text, /\| fallback \| 7 \| 70% \|/);
    assert.match(stream.text, /\| primary \| 3 \| 30% \|/);
    assert.equal(stream.progressMessages.filter((m) => /^fallback request \d+: succeeded/.test(m)).length, 10);
    assert.deepEqual(stream.buttons.map((b) => b.command), ['resilientLlm.openDashboard']);
    assert.ok((await vscode.commands.getCommands(true)).includes('resilientLlm.openDashboard'), 'the button runs a registered command');
  });

  it('/demo with an unknown pattern lists the patterns; a cancelled demo shows no table', async () => {
    const api = await extensionApi();
    const unknown = await api.chatHandler(chatRequest('nope', { command: 'demo' }), { history: [] }, new RecordingStream(), token());
    assert.match(unknown?.errorDetails?.message ?? '', /There is no "nope" demo\. Run one of the five pattern demos: `\/demo cris`, `\/demo sharding`, `\/demo fallback`, `\/demo load-balancing`, `\/demo quota-isolation`, `\/demo all`/);
    // Cancel as soon as the first request of the demo completes.
    const source = new vscode.CancellationTokenSource();
    const stream = new RecordingStream();
    const progress = stream.progress.bind(stream);
    stream.progress = (m: string) => {
      progress(m);
      if (/request \d+:/.test(m)) source.cancel();
    };
    const result = await api.chatHandler(chatRequest('quota-isolation', { command: 'demo' }), { history: [] }, stream, source.token);
    assert.ok(stream.progressMessages.some((m) => /request \d+:/.test(m)), 'the demo had started');
    assert.equal(result?.errorDetails, undefined);
    assert.doesNotMatch(stream.text, /\|/, 'no result table after a cancel');
  });

  it('ends with errorDetails saying when the quota frees up once the workspace has used it', async () => {
    const api = await extensionApi();
    await setSetting(api, 'tenant', 'tenant-a', vscode.ConfigurationTarget.Global);
    assert.equal(api.tenant(), 'tenant-a');
    const model = await routeModel('haiku');
    const outcomes: Array<vscode.ChatResult | void | null | undefined> = [];
    let last = new RecordingStream();
    for (let i = 0; i < 4; i++) {
      last = new RecordingStream();
      outcomes.push(await api.chatHandler(chatRequest(`Quota question ${i}`, { model }), { history: [] }, last, token()));
    }
    assert.deepEqual(outcomes.slice(0, 3).map((r) => r?.errorDetails), [undefined, undefined, undefined]);
    const message = (outcomes[3] as vscode.ChatResult).errorDetails?.message ?? '';
    assert.match(message, /Workspace "tenant-a" has used its quota of 3 requests per minute; try again in \d+(\.\d)? s/);
    assert.match(message, /The quota frees up at /);
    assert.deepEqual(last.buttons.map((b) => b.command), ['resilientLlm.showQuota']);
    await setSetting(api, 'tenant', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(api.tenant(), 'sample-workspace');
  });

  it('an expired sign-in ends the turn with a button that signs in to that profile', async () => {
    const api = await extensionApi();
    const simulator = (await api.ensureBackend())!;
    await setSetting(api, 'targets', [{ id: 'expired-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'expired-shard', region: 'us-east-1' }], vscode.ConfigurationTarget.Workspace);
    await setSetting(api, 'routes', [{ name: 'expired', targets: ['expired-a'] }], vscode.ConfigurationTarget.Workspace);
    simulator.ensureAccount('expired-shard');
    simulator.faults.accountExpired('expired-shard', true);
    const stream = new RecordingStream();
    const result = await api.chatHandler(chatRequest('Hello', { model: await routeModel('expired') }), { history: [] }, stream, token());
    assert.match(result?.errorDetails?.message ?? '', /credentials of AWS profile "expired-shard" have expired/);
    const signIn = stream.buttons.find((b) => b.command === 'resilientLlm.ssoLogin');
    assert.deepEqual(signIn?.arguments, ['expired-shard']);
    assert.doesNotMatch(JSON.stringify({ result, text: stream.text }), /AKIA|aws_secret_access_key/);
  });

  it('with every target failing, says which target failed and why', async () => {
    const api = await extensionApi();
    const simulator = (await api.ensureBackend())!;
    await setSetting(api, 'targets', [
      { id: 'down-a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'down-shard', region: 'us-east-1' },
      { id: 'down-b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'down-shard', region: 'us-west-2' },
    ], vscode.ConfigurationTarget.Workspace);
    await setSetting(api, 'routes', [{ name: 'down', targets: ['down-a', 'down-b'] }], vscode.ConfigurationTarget.Workspace);
    simulator.ensureAccount('down-shard');
    const fault = simulator.faults.errorRate('unavailable', 1, { profile: 'down-shard' });
    try {
      const stream = new RecordingStream();
      const result = await api.chatHandler(chatRequest('Hello', { model: await routeModel('down') }), { history: [] }, stream, token());
      assert.match(result?.errorDetails?.message ?? '', /No target could serve route "down"/);
      assert.match(stream.text, /- down-a: unavailable: Bedrock is unavailable/);
      assert.match(stream.text, /- down-b: unavailable: Bedrock is unavailable/);
      assert.deepEqual(stream.buttons.map((b) => b.command), ['resilientLlm.showStatus']);
    } finally {
      simulator.faults.remove(fault);
    }
  });
});
