import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand, type ConverseStreamOutput, type Tool } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { replyText } from '../../../src/simulator';
import { converse, startTestSim, textOf, userMessage, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const WEATHER: Tool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { json: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] } },
  },
};

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const e of stream ?? []) events.push(e);
  return events;
}

describe('simulator: Converse and ConverseStream through the real SDK', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 42 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  it('Converse answers with the predictable text for the prompt and seed, with usage and metrics', async () => {
    const out = await converse(t.bedrock(), SONNET, 'What is cross-Region inference?');
    assert.equal(textOf(out), replyText(42, 'What is cross-Region inference?'));
    assert.equal(out.stopReason, 'end_turn');
    assert.equal(out.output?.message?.role, 'assistant');
    const usage = out.usage;
    assert.ok(usage && usage.inputTokens === Math.ceil('What is cross-Region inference?'.length / 4));
    assert.ok((usage.outputTokens ?? 0) >= 20);
    assert.equal(usage.totalTokens, (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
    assert.ok((out.metrics?.latencyMs ?? 0) > 0);
  });

  it('a different seed gives a different answer to the same prompt', async () => {
    t.sim.reset({ seed: 43 });
    const out = await converse(t.bedrock(), SONNET, 'What is cross-Region inference?');
    assert.equal(textOf(out), replyText(43, 'What is cross-Region inference?'));
    assert.notEqual(textOf(out), replyText(42, 'What is cross-Region inference?'));
    t.sim.reset({ seed: 42 });
    assert.equal(t.sim.seed, 42);
  });

  it('ConverseStream sends the same text in several deltas, then messageStop and metadata', async () => {
    const res = await t.bedrock().send(new ConverseStreamCommand({ modelId: HAIKU, messages: userMessage('Stream me something') }));
    const events = await collect(res.stream);
    assert.deepEqual(events[0], { messageStart: { role: 'assistant' } });
    const deltas = events.filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta?.delta?.text ?? '');
    assert.ok(deltas.length >= 5, `only ${deltas.length} deltas`);
    assert.equal(deltas.join(''), replyText(42, 'Stream me something'));
    const names = events.map((e) => Object.keys(e)[0]);
    assert.deepEqual(names.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
    const meta = events.at(-1)?.metadata;
    const finalUsage = meta?.usage;
    assert.ok(finalUsage && (finalUsage.outputTokens ?? 0) >= 20 && finalUsage.totalTokens === (finalUsage.inputTokens ?? 0) + (finalUsage.outputTokens ?? 0));
    assert.ok((meta?.metrics?.latencyMs ?? 0) > 0);
    assert.equal(events.find((e) => e.messageStop)?.messageStop?.stopReason, 'end_turn');
  });

  it('maxTokens truncates the answer with stopReason max_tokens', async () => {
    const out = await converse(t.bedrock(), SONNET, 'Tell me a long story', 5);
    assert.equal(out.stopReason, 'max_tokens');
    assert.equal(out.usage?.outputTokens, 5);
    assert.ok(replyText(42, 'Tell me a long story').startsWith(textOf(out)));
  });

  it('asks for a tool named in the prompt, and answers in text once given the result', async () => {
    const client = t.bedrock();
    const messages = userMessage('Use get_weather for Paris please');
    const first = await client.send(new ConverseCommand({ modelId: SONNET, messages, toolConfig: { tools: [WEATHER] } }));
    assert.equal(first.stopReason, 'tool_use');
    const toolUse = first.output?.message?.content?.find((c) => c.toolUse)?.toolUse;
    assert.equal(toolUse?.name, 'get_weather');
    assert.deepEqual(toolUse?.input, { city: 'Use get_weather for Paris please', days: 1 });
    assert.match(toolUse?.toolUseId ?? '', /^tooluse_/);

    const second = await client.send(
      new ConverseCommand({
        modelId: SONNET,
        toolConfig: { tools: [WEATHER] },
        messages: [
          ...messages,
          { role: 'assistant', content: first.output?.message?.content ?? [] },
          { role: 'user', content: [{ toolResult: { toolUseId: toolUse?.toolUseId ?? '', content: [{ text: 'Sunny, 21 C' }] } }] },
        ],
      }),
    );
    assert.equal(second.stopReason, 'end_turn');
    assert.equal(textOf(second), replyText(42, 'Use get_weather for Paris please', 'Sunny, 21 C'));
  });

  it('does not use a tool the prompt does not name, unless toolChoice forces it', async () => {
    const client = t.bedrock();
    const plain = await client.send(new ConverseCommand({ modelId: SONNET, messages: userMessage('Just chat'), toolConfig: { tools: [WEATHER] } }));
    assert.equal(plain.stopReason, 'end_turn');
    const mentioned = await client.send(new ConverseCommand({ modelId: SONNET, messages: userMessage('The get_weather tool exists; just say hello.'), toolConfig: { tools: [WEATHER] } }));
    assert.equal(mentioned.stopReason, 'end_turn', 'naming a tool is not asking for it');
    const forced = await client.send(new ConverseCommand({ modelId: SONNET, messages: userMessage('Just chat'), toolConfig: { tools: [WEATHER], toolChoice: { any: {} } } }));
    assert.equal(forced.stopReason, 'tool_use');
  });

  it('streams a tool call as contentBlockStart, input deltas that parse as the input, and stopReason tool_use', async () => {
    const res = await t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('call get_weather for Oslo'), toolConfig: { tools: [WEATHER] } }));
    const events = await collect(res.stream);
    const start = events.find((e) => e.contentBlockStart)?.contentBlockStart;
    assert.equal(start?.start?.toolUse?.name, 'get_weather');
    const index = start?.contentBlockIndex;
    const input = events
      .filter((e) => e.contentBlockDelta?.contentBlockIndex === index)
      .map((e) => e.contentBlockDelta?.delta?.toolUse?.input ?? '')
      .join('');
    assert.deepEqual(JSON.parse(input), { city: 'call get_weather for Oslo', days: 1 });
    assert.equal(events.find((e) => e.messageStop)?.messageStop?.stopReason, 'tool_use');
  });

  it('InvokeModel takes and returns the Anthropic messages body', async () => {
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: 'Invoke me' }] });
    const res = await t.bedrock().send(new InvokeModelCommand({ modelId: SONNET, contentType: 'application/json', body }));
    const json = JSON.parse(Buffer.from(res.body).toString('utf8')) as { type: string; content: Array<{ text: string }>; stop_reason: string; usage: { output_tokens: number } };
    assert.equal(json.type, 'message');
    assert.equal(json.content[0]?.text, replyText(42, 'Invoke me'));
    assert.equal(json.stop_reason, 'end_turn');
    assert.ok(json.usage.output_tokens > 0);
  });

  it('InvokeModelWithResponseStream sends Anthropic stream events in chunks', async () => {
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: [{ type: 'text', text: 'Invoke a stream' }] }] });
    const res = await t.bedrock().send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, contentType: 'application/json', body }));
    const events: Array<{ type: string; delta?: { text?: string } }> = [];
    for await (const e of res.body ?? []) if (e.chunk?.bytes) events.push(JSON.parse(Buffer.from(e.chunk.bytes).toString('utf8')));
    assert.equal(events[0]?.type, 'message_start');
    assert.equal(events.at(-1)?.type, 'message_stop');
    const text = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.text ?? '');
    assert.ok(text.length > 1);
    assert.equal(text.join(''), replyText(42, 'Invoke a stream'));
  });

  it('Nova runs on demand by its bare id and through InvokeModel with its own body shape', async () => {
    const out = await converse(t.bedrock(), 'amazon.nova-lite-v1:0', 'Hello Nova');
    assert.equal(textOf(out), replyText(42, 'Hello Nova'));
    const res = await t.bedrock().send(
      new InvokeModelCommand({ modelId: 'amazon.nova-pro-v1:0', contentType: 'application/json', body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hello Nova' }] }], inferenceConfig: { maxTokens: 100 } }) }),
    );
    const json = JSON.parse(Buffer.from(res.body).toString('utf8')) as { output: { message: { content: Array<{ text: string }> } } };
    assert.equal(json.output.message.content[0]?.text, replyText(42, 'Hello Nova'));
  });
});
