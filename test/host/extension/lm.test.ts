// The language-model provider, used the way any chat or agent uses a model: vscode.lm.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, extensionApi, nextRecord, readResponse, routeModel } from './helpers';

const weatherTool: vscode.LanguageModelChatTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('extension: language-model provider', () => {
  it('answers through the router, for this workspace, with the simulator started on first use', async () => {
    const api = await extensionApi();
    const model = await routeModel('sonnet');
    const recorded = nextRecord(api);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('What is account sharding?')], {}, new vscode.CancellationTokenSource().token);
    const { text } = await readResponse(response);
    assert.match(text, /^Simulated answer to "What is account sharding\?":/);
    const record = await recorded;
    assert.equal(record.outcome, 'succeeded');
    assert.equal(record.route, 'sonnet');
    assert.equal(record.tenant, 'sample-workspace');
    assert.match(record.servedBy?.targetId ?? '', /^sonnet-[ab]$/);
    assert.ok(record.usage && record.usage.outputTokens > 0, 'usage recorded');
    assert.match(api.simulator()?.endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('returns a tool call and answers after the tool result (a full round trip)', async () => {
    const model = await routeModel('sonnet');
    const token = new vscode.CancellationTokenSource().token;
    const question = vscode.LanguageModelChatMessage.User('Use get_weather to tell me the weather in Paris');
    const first = await readResponse(await model.sendRequest([question], { tools: [weatherTool] }, token));
    assert.equal(first.toolCalls.length, 1, `expected one tool call, got text ${JSON.stringify(first.text)}`);
    const call = first.toolCalls[0]!;
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');
    assert.match(call.callId, /^tooluse_/);

    const messages = [
      question,
      vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelTextPart(first.text), call]),
      vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart('sunny, 21 degrees')])]),
    ];
    const second = await readResponse(await model.sendRequest(messages, { tools: [weatherTool] }, token));
    assert.equal(second.toolCalls.length, 0);
    assert.match(second.text, /^Simulated answer to "Use get_weather to tell me the weather in Paris": the tool returned "sunny, 21 degrees"\./);
  });

  it('forces a tool call when the tool mode is Required', async () => {
    const model = await routeModel('haiku');
    const r = await readResponse(await model.sendRequest([vscode.LanguageModelChatMessage.User('Hello there')], { tools: [weatherTool], toolMode: vscode.LanguageModelChatToolMode.Required }, new vscode.CancellationTokenSource().token));
    assert.deepEqual(r.toolCalls.map((c) => c.name), ['get_weather']);
  });

  it('sends image parts to models that take images', async () => {
    const api = await extensionApi();
    const DataPart = (vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mimeType: string): unknown } }).LanguageModelDataPart;
    assert.ok(DataPart, 'VS Code has LanguageModelDataPart');
    const model = await routeModel('sonnet');
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64')); // a 1x1 red PNG: the workbench decodes images
    const recorded = nextRecord(api);
    const message = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('What is in this picture?'), DataPart.image(png, 'image/png') as vscode.LanguageModelTextPart]);
    const { text } = await readResponse(await model.sendRequest([message], {}, new vscode.CancellationTokenSource().token));
    assert.match(text, /^Simulated answer to "What is in this picture\?"/);
    assert.ok((await recorded).usage!.inputTokens >= 1600, 'the simulator counts about 1,600 tokens per image it received');
  });

  it('counts tokens locally', async () => {
    const model = await routeModel('sonnet');
    assert.equal(await model.countTokens('a'.repeat(400)), 100);
    const n = await model.countTokens(vscode.LanguageModelChatMessage.User('b'.repeat(40)));
    assert.ok(n >= 10 && n < 20, `message estimate ${n}`);
  });

  it('cancelling mid-answer ends the request as cancelled and frees every limit it held', async () => {
    const api = await extensionApi();
    const router = api.router();
    const model = await routeModel('sonnet');
    const source = new vscode.CancellationTokenSource();
    const recorded = nextRecord(api);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Write a long story about resilient routers')], {}, source.token);
    let chunks = 0;
    try {
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) chunks++;
        if (chunks === 2) source.cancel();
      }
    } catch {
      // a cancelled stream may end with an error; the record says what happened
    }
    assert.ok(chunks >= 2, 'the answer had started streaming');
    const record = await recorded;
    assert.equal(record.outcome, 'cancelled');
    assert.equal(record.errorKind, 'cancelled');
    await eventually(() => router.store.outstanding === 0 && router.activeRequests === 0, 'the limiter to settle');
    const snapshot = router.snapshot();
    for (const t of snapshot.targets) assert.equal(t.usage.inFlight, 0, `${t.id} still has a request in flight`);
    assert.equal(router.store.usage('tenant:sample-workspace', router.clock.now()).inFlight, 0);
  });
});
