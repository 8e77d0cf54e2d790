/**
 * Published clients, unmodified, through the gateway to the simulator: the AWS SDK's
 * ConverseStream (its own process, configured by two environment variables only),
 * @anthropic-ai/bedrock-sdk's streaming Messages call, and the `openai` client's streaming
 * chat completion with a tool call and its result.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import OpenAI from 'openai';
import { HAIKU_GLOBAL, SONNET_US, type GatewayEnv, startGatewayEnv } from '../../support/gatewayEnv';
import { runProcess } from './run';

describe('gateway: published clients', function () {
  let g: GatewayEnv;
  let home: string;
  before(async () => {
    g = await startGatewayEnv();
    home = await mkdtemp(join(tmpdir(), 'rllm-gw-home-'));
  });
  after(async () => {
    await g.close();
    await rm(home, { recursive: true, force: true });
  });

  it('the AWS SDK streams ConverseStream with only AWS_ENDPOINT_URL_BEDROCK_RUNTIME and AWS_BEARER_TOKEN_BEDROCK set; the model id reaches the route whose target uses it', async () => {
    const before = g.records.length;
    const r = await runProcess(process.execPath, ['--import', 'tsx', 'test/integration/gateway/awsSdkClient.ts', HAIKU_GLOBAL, 'Why do retries need a budget?'], {
      env: { HOME: home, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: g.gateway.endpoint, AWS_BEARER_TOKEN_BEDROCK: g.token },
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { text: string; deltas: number; stopReason: string; usage: { outputTokens: number } };
    assert.ok(out.deltas > 1, `streamed in pieces (${out.deltas})`);
    assert.equal(out.stopReason, 'end_turn');
    const records = g.records.slice(before);
    assert.equal(records.length, 1);
    assert.equal(records[0]!.route, 'haiku');
    assert.equal(records[0]!.tenant, 'alpha');
    assert.equal(records[0]!.servedBy?.targetId, 'haiku');
    assert.match(records[0]!.client ?? '', /^AWS SDK for JavaScript \d/, 'the record names the client');
    assert.equal(out.usage.outputTokens, records[0]!.usage?.outputTokens);
    assert.ok(g.gateway.clients().some((c) => c.client.startsWith('AWS SDK for JavaScript') && c.succeeded === 1), JSON.stringify(g.gateway.clients()));
  });

  it('@anthropic-ai/bedrock-sdk streams a Messages call: Anthropic events in Bedrock chunk frames, text as it arrives', async () => {
    const client = new AnthropicBedrock({ baseURL: g.gateway.endpoint, apiKey: g.token, awsRegion: 'us-east-1', maxRetries: 0 });
    const stream = client.messages.stream({ model: SONNET_US, max_tokens: 300, messages: [{ role: 'user', content: 'Summarise cross-Region inference in a sentence.' }] });
    const pieces: string[] = [];
    stream.on('text', (t) => pieces.push(t));
    const message = await stream.finalMessage();
    assert.ok(pieces.length > 1, `text arrived in pieces (${pieces.length})`);
    assert.equal(message.content[0]?.type, 'text');
    assert.equal((message.content[0] as { text: string }).text, pieces.join(''));
    assert.equal(message.stop_reason, 'end_turn');
    const last = g.records.at(-1)!;
    assert.equal(last.route, 'sonnet');
    assert.match(last.client ?? '', /^Anthropic Bedrock SDK \d/);
    assert.equal(message.usage.output_tokens, last.usage?.outputTokens);
    assert.ok(g.gateway.clients().some((c) => c.client.startsWith('Anthropic Bedrock SDK')), JSON.stringify(g.gateway.clients()));
  });

  it('the openai client streams a chat completion that calls a tool, then answers from the tool result', async () => {
    const openai = new OpenAI({ baseURL: `${g.gateway.endpoint}/v1`, apiKey: g.token, maxRetries: 0 });
    const models = await openai.models.list();
    assert.deepEqual(models.data.map((m) => m.id), ['sonnet', 'haiku']);
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Please use get_weather for Paris.' }];
    const first = await openai.chat.completions.create({ model: 'sonnet', messages, tools, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of first) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const c of choice?.delta.tool_calls ?? []) calls[c.index] = { id: c.id ?? calls[c.index]?.id ?? '', name: c.function?.name ?? calls[c.index]?.name ?? '', arguments: (calls[c.index]?.arguments ?? '') + (c.function?.arguments ?? '') };
      finish = choice?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(finish, 'tool_calls');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.name, 'get_weather');
    assert.equal(typeof (JSON.parse(calls[0]!.arguments) as { city: unknown }).city, 'string');
    assert.ok(usage && usage.completion_tokens > 0);

    messages.push({ role: 'assistant', content: text, tool_calls: [{ id: calls[0]!.id, type: 'function', function: { name: 'get_weather', arguments: calls[0]!.arguments } }] });
    messages.push({ role: 'tool', tool_call_id: calls[0]!.id, content: 'Sunny, 21 C' });
    const second = await openai.chat.completions.create({ model: 'sonnet', messages, tools, stream: true });
    let answer = '';
    let secondFinish: string | null = null;
    for await (const chunk of second) {
      answer += chunk.choices[0]?.delta.content ?? '';
      secondFinish = chunk.choices[0]?.finish_reason ?? secondFinish;
    }
    assert.equal(secondFinish, 'stop');
    assert.ok(answer.length > 0);
    assert.ok(g.gateway.clients().some((c) => c.client.startsWith('OpenAI SDK') && c.succeeded === 3), JSON.stringify(g.gateway.clients()));
  });
});
