/** The current catalog through the real SDK: what today's clients ask for by default is served. */
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { findInferenceProfile, MODELS } from '../../../src/simulator';
import { converse, rejection, startTestSim, textOf, type TestSim } from './helpers';

/** What Claude Code 2.1.x asks for in Bedrock mode: its sonnet, opus and haiku aliases, and the newest models it knows. */
const CLAUDE_CODE_IDS = [
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'us.anthropic.claude-opus-4-6-v1',
  'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  'us.anthropic.claude-sonnet-4-6',
  'us.anthropic.claude-sonnet-5',
  'us.anthropic.claude-opus-4-7',
  'us.anthropic.claude-opus-4-8',
  'us.anthropic.claude-fable-5',
];

describe('simulator: the current catalog', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 4 });
  });
  after(() => t.close());

  it('every Claude model burns output 5x, the others 1:1; each has a Service Quotas name and a default max tokens', () => {
    for (const m of MODELS) {
      assert.equal(m.outputBurndown, m.provider === 'Anthropic' ? 5 : 1, m.id);
      assert.ok(m.quotaName.length > 0 && m.defaultMaxTokens > 0 && m.defaultMaxTokens <= m.maxOutputTokens, m.id);
    }
    assert.equal(new Set(MODELS.map((m) => m.quotaName)).size, MODELS.length);
  });

  for (const id of CLAUDE_CODE_IDS) {
    it(`serves ${id} (InvokeModel with the Anthropic body, streamed)`, async () => {
      assert.ok(findInferenceProfile(id), `${id} is a system inference profile`);
      const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
      const out = await t.bedrock().send(new InvokeModelWithResponseStreamCommand({ modelId: id, contentType: 'application/json', body }));
      const events: string[] = [];
      for await (const e of out.body ?? []) if (e.chunk?.bytes) events.push((JSON.parse(Buffer.from(e.chunk.bytes).toString('utf8')) as { type: string }).type);
      assert.equal(events[0], 'message_start');
      assert.equal(events.at(-1), 'message_stop');
    });
  }

  it('serves the newest Nova and Llama models, and refuses a profile-only model called by its bare id', async () => {
    assert.ok(textOf(await converse(t.bedrock(), 'us.amazon.nova-2-lite-v1:0', 'hello', 50)).length > 0);
    assert.ok(textOf(await converse(t.bedrock(), 'amazon.nova-micro-v1:0', 'hello', 50)).length > 0);
    const llama = await t.bedrock().send(new InvokeModelCommand({ modelId: 'us.meta.llama4-maverick-17b-instruct-v1:0', contentType: 'application/json', body: JSON.stringify({ prompt: 'hello', max_gen_len: 40 }) }));
    assert.ok((JSON.parse(Buffer.from(llama.body).toString('utf8')) as { generation: string }).generation.length > 0);
    const bare = await rejection(converse(t.bedrock(), 'anthropic.claude-sonnet-5', 'hello', 50));
    assert.equal(bare.name, 'ValidationException');
    assert.match(bare.message, /Invocation of model ID anthropic\.claude-sonnet-5 with on-demand throughput isn't supported/);
  });
});
