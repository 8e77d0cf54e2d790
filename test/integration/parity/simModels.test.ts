/** Application inference profile ARNs, prompt caching and extended thinking in the simulator, through the real SDK. */
import { ConverseCommand, ConverseStreamCommand, type ConverseStreamCommandInput, type ConverseStreamOutput, type Message, type SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { MIN_CACHE_TOKENS } from '../../../src/simulator';
import { type TestSim, rejection, startTestSim, textOf, userMessage } from '../simulator/helpers';

const SONNET_US = 'us.anthropic.claude-sonnet-4-6';
const LLAMA_US = 'us.meta.llama3-3-70b-instruct-v1:0';
/** A system prompt above the cache minimum (about 4 characters a token). */
const LONG_SYSTEM = `You are a careful assistant. ${'Follow the house style guide closely. '.repeat(Math.ceil((MIN_CACHE_TOKENS * 4 * 1.2) / 38))}`;

async function streamAll(t: TestSim, input: ConverseStreamCommandInput, profile = 'shard-a'): Promise<ConverseStreamOutput[]> {
  const out = await t.bedrock(profile).send(new ConverseStreamCommand(input));
  const events: ConverseStreamOutput[] = [];
  for await (const e of out.stream ?? []) events.push(e);
  return events;
}

describe('parity: simulator models (application profile ARNs, prompt caching, thinking)', () => {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 5 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  describe('application inference profile ARNs', () => {
    it('serves Converse and ConverseStream like the copied system profile, logging the ARN as modelId', async () => {
      const app = t.sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'sonnet-team', copyFrom: SONNET_US });
      const out = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: app.arn, messages: userMessage('Hi via ARN'), inferenceConfig: { maxTokens: 60 } }));
      assert.ok(textOf(out).startsWith('Simulated answer'));
      const events = await streamAll(t, { modelId: app.arn, messages: userMessage('Streamed via ARN'), inferenceConfig: { maxTokens: 60 } });
      assert.ok(events.some((e) => e.messageStop));
      const log = t.sim.invocationLog();
      assert.deepEqual(log.map((r) => [r.modelId, r.foundationModelId, r.outcome]), [
        [app.arn, 'anthropic.claude-sonnet-4-6', 'success'],
        [app.arn, 'anthropic.claude-sonnet-4-6', 'success'],
      ]);
      for (const r of log) assert.ok(['us-east-1', 'us-east-2', 'us-west-2'].includes(r.inferenceRegion ?? ''), `served in a US Region (${r.inferenceRegion})`);
    });

    it('serves one copying a foundation model in its own Region only', async () => {
      const app = t.sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-west-2', name: 'nova', copyFrom: 'amazon.nova-lite-v1:0' });
      await t.bedrock('shard-a', 'us-west-2').send(new ConverseCommand({ modelId: app.arn, messages: userMessage('Hello nova'), inferenceConfig: { maxTokens: 40 } }));
      assert.equal(t.sim.invocationLog()[0]?.inferenceRegion, 'us-west-2');
    });

    it("rejects another account's profile, one from another Region and an unknown ARN", async () => {
      const app = t.sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'private', copyFrom: SONNET_US });
      const call = (profile: string, region: string, model: string) => rejection(t.bedrock(profile, region).send(new ConverseCommand({ modelId: model, messages: userMessage('x') })));
      for (const err of [await call('shard-b', 'us-east-1', app.arn), await call('shard-a', 'us-west-2', app.arn), await call('shard-a', 'us-east-1', app.arn.replace(/[a-z0-9]{12}$/, 'zzzzzzzzzzzz'))]) {
        assert.equal(err.name, 'ValidationException');
        assert.equal(err.message, 'The provided model identifier is invalid.');
      }
    });
  });

  describe('prompt caching', () => {
    const cached = (text: string): { system: SystemContentBlock[]; messages: Message[] } => ({
      system: [{ text: LONG_SYSTEM }, { cachePoint: { type: 'default' } }],
      messages: userMessage(text),
    });

    it('writes a prefix on first sight and reads it on repeats, per account, in Converse and ConverseStream usage', async () => {
      const first = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, ...cached('First question'), inferenceConfig: { maxTokens: 50 } }));
      const write = first.usage?.cacheWriteInputTokens ?? 0;
      assert.ok(write >= MIN_CACHE_TOKENS, `wrote the system prompt (${write} tokens)`);
      assert.equal(first.usage?.cacheReadInputTokens, 0);
      assert.ok((first.usage?.inputTokens ?? 0) < 20, 'only the uncached question counts as input');
      assert.equal(first.usage?.totalTokens, (first.usage?.inputTokens ?? 0) + (first.usage?.outputTokens ?? 0) + write);

      const events = await streamAll(t, { modelId: SONNET_US, ...cached('Second question'), inferenceConfig: { maxTokens: 50 } });
      const usage = events.find((e) => e.metadata)?.metadata?.usage;
      assert.equal(usage?.cacheReadInputTokens, write, 'read the same prefix');
      assert.equal(usage?.cacheWriteInputTokens, 0);

      const other = await t.bedrock('shard-b').send(new ConverseCommand({ modelId: SONNET_US, ...cached('First question'), inferenceConfig: { maxTokens: 50 } }));
      assert.equal(other.usage?.cacheWriteInputTokens, write, 'another account has its own cache');
      assert.deepEqual(t.sim.invocationLog().map((r) => [r.cacheReadInputTokens, r.cacheWriteInputTokens]), [[0, write], [write, 0], [0, write]]);
    });

    it('reads the longest cached prefix and writes the rest (a cache point after the conversation)', async () => {
      const history: Message[] = [
        { role: 'user', content: [{ text: 'Earlier question' }] },
        { role: 'assistant', content: [{ text: 'Earlier answer' }] },
        { role: 'user', content: [{ text: `Now read this. ${'Long document text. '.repeat(300)}` }, { cachePoint: { type: 'default' } }] },
      ];
      await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, ...cached('warm up') }));
      const out = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, system: cached('').system, messages: history }));
      const systemTokens = t.sim.invocationLog()[0]?.cacheWriteInputTokens ?? 0;
      assert.equal(out.usage?.cacheReadInputTokens, systemTokens);
      assert.ok((out.usage?.cacheWriteInputTokens ?? 0) > 1000, 'the document part is written');
    });

    it('ignores cache points before fewer than the minimum tokens and forgets entries after five minutes', async () => {
      const short = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, system: [{ text: 'Short.' }, { cachePoint: { type: 'default' } }], messages: userMessage('q') }));
      assert.deepEqual([short.usage?.cacheReadInputTokens, short.usage?.cacheWriteInputTokens], [0, 0]);
      await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, ...cached('a') }));
      await t.sim.clock.sleep(5 * 60_000 + 1_000);
      const later = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, ...cached('a') }));
      assert.equal(later.usage?.cacheReadInputTokens, 0);
      assert.ok((later.usage?.cacheWriteInputTokens ?? 0) > 0);
    });

    it('rejects cache points for a model without prompt caching', async () => {
      const err = await rejection(t.bedrock('shard-a').send(new ConverseCommand({ modelId: LLAMA_US, ...cached('q') })));
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /doesn't support the cachePoint field/);
    });
  });

  describe('extended thinking', () => {
    const thinking = (budget: number) => ({ additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: budget } } as never });

    it('streams reasoning deltas, then the signature, before the answer', async () => {
      const events = await streamAll(t, { modelId: SONNET_US, messages: userMessage('Think first'), inferenceConfig: { maxTokens: 3000 }, ...thinking(2048) });
      const deltas = events.flatMap((e) => (e.contentBlockDelta ? [e.contentBlockDelta] : []));
      const firstText = deltas.findIndex((d) => d.delta?.text !== undefined);
      const reasoning = deltas.slice(0, firstText);
      assert.ok(reasoning.length > 1 && reasoning.every((d) => d.contentBlockIndex === 0 && d.delta?.reasoningContent), 'thinking comes first, in block 0');
      assert.ok(reasoning.at(-1)?.delta?.reasoningContent?.signature, 'the thinking block ends with its signature');
      assert.ok(deltas.slice(firstText).every((d) => d.contentBlockIndex === 1 && d.delta?.text !== undefined), 'the answer is block 1');
      const thought = reasoning.map((d) => d.delta?.reasoningContent?.text ?? '').join('');
      assert.match(thought, /^Let me think about "Think first"\./);
    });

    it('returns a reasoningContent block first in Converse, and counts thinking as output', async () => {
      const out = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, messages: userMessage('Think first'), inferenceConfig: { maxTokens: 3000 }, ...thinking(2048) }));
      const [first, second] = out.output?.message?.content ?? [];
      assert.match(first?.reasoningContent?.reasoningText?.text ?? '', /^Let me think/);
      assert.ok(first?.reasoningContent?.reasoningText?.signature);
      assert.ok(second?.text?.startsWith('Simulated answer'));
      const plain = await t.bedrock('shard-a').send(new ConverseCommand({ modelId: SONNET_US, messages: userMessage('Think first'), inferenceConfig: { maxTokens: 3000 } }));
      assert.ok((out.usage?.outputTokens ?? 0) > (plain.usage?.outputTokens ?? 0));
      assert.equal(plain.output?.message?.content?.[0]?.reasoningContent, undefined);
    });

    it('checks thinking as Claude does: a supporting model, a budget of 1024 or more, maxTokens above it, no temperature', async () => {
      const bad = async (modelId: string, maxTokens: number, budget: number, temperature?: number) =>
        (await rejection(t.bedrock('shard-a').send(new ConverseCommand({ modelId, messages: userMessage('x'), inferenceConfig: { maxTokens, temperature }, ...thinking(budget) })))).message;
      assert.match(await bad(LLAMA_US, 3000, 2048), /extraneous key \[thinking\]/);
      assert.match(await bad(SONNET_US, 3000, 512), /budget_tokens: Input should be greater than or equal to 1024/);
      assert.match(await bad(SONNET_US, 2048, 2048), /`max_tokens` must be greater than `thinking.budget_tokens`/);
      assert.match(await bad(SONNET_US, 3000, 2048, 0.5), /temperature/);
    });
  });
});
