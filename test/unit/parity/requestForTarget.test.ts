import assert from 'node:assert/strict';
import { modelInfo } from '../../../src/core/models';
import { toConverseInput } from '../../../src/providers/bedrock/toConverse';
import { type ModelRequest } from '../../../src/providers/types';
import { DEFAULT_MAX_TOKENS, requestForTarget } from '../../../src/router/requestForTarget';

const claude = { info: modelInfo('us.anthropic.claude-sonnet-4-6'), maxOutputTokens: 64_000 };
const nova = { info: modelInfo('amazon.nova-lite-v1:0'), maxOutputTokens: 10_000 };
const llama = { info: modelInfo('us.meta.llama3-3-70b-instruct-v1:0'), maxOutputTokens: 8_192 };

const conversation: ModelRequest = {
  system: ['Be brief.'],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'first' }] },
    { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking', signature: 'sig' }, { type: 'text', text: 'answer' }] },
    { role: 'user', content: [{ type: 'text', text: 'second' }] },
  ],
  maxTokens: 1000,
};

const partTypes = (r: ModelRequest) => r.messages.map((m) => m.content.map((p) => p.type).join(','));

describe('parity: the request as each target takes it', () => {
  it('reasoning: the route budget goes to models that support it, on top of the answer tokens', () => {
    const r = requestForTarget(conversation, { reasoning: { budgetTokens: 2048 } }, claude);
    assert.deepEqual([r.reasoningBudgetTokens, r.maxTokens], [2048, 3048]);
    const input = toConverseInput('us.anthropic.claude-sonnet-4-6', { ...r, temperature: 0.3 });
    assert.deepEqual(input.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
    assert.equal(input.inferenceConfig?.temperature, undefined, 'no temperature with thinking');
    assert.equal(input.inferenceConfig?.maxTokens, 3048);
  });

  it('reasoning: never to models without it (their past reasoning parts are dropped too)', () => {
    const r = requestForTarget({ ...conversation, reasoningBudgetTokens: 4000 }, { reasoning: { budgetTokens: 2048 } }, nova);
    assert.equal(r.reasoningBudgetTokens, undefined);
    assert.equal(r.maxTokens, 1000);
    assert.deepEqual(partTypes(r), ['text', 'text', 'text']);
    assert.equal(toConverseInput('amazon.nova-lite-v1:0', r).additionalModelRequestFields, undefined);
    assert.deepEqual(partTypes(conversation), ['text', 'reasoning,text', 'text'], "the caller's request is unchanged");
  });

  it('reasoning: within the target limit the answer keeps its room; without room for the smallest budget, no thinking', () => {
    const fit = (maxOutputTokens: number, budgetTokens: number) => ((r) => [r.maxTokens, r.reasoningBudgetTokens])(requestForTarget(conversation, { reasoning: { budgetTokens } }, { ...claude, maxOutputTokens }));
    assert.deepEqual(fit(4000, 8000), [4000, 3000]);
    assert.deepEqual(fit(2000, 2048), [1000, undefined]);
    assert.deepEqual(fit(900, 2048), [900, undefined]);
  });

  it('maxTokens: request, then route, then the default, within the target limit', () => {
    assert.equal(requestForTarget({ messages: conversation.messages }, {}, claude).maxTokens, DEFAULT_MAX_TOKENS);
    assert.equal(requestForTarget({ messages: conversation.messages }, { maxTokens: 700 }, claude).maxTokens, 700);
    assert.equal(requestForTarget({ messages: conversation.messages, maxTokens: 20_000 }, {}, nova).maxTokens, 10_000);
  });

  it('cache points: passed through for models with prompt caching, stripped without error for the others', () => {
    const withPoints: ModelRequest = { ...conversation, systemCachePoint: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'doc' }, { type: 'cachePoint' }, { type: 'text', text: 'question' }] }] };
    const kept = requestForTarget(withPoints, {}, claude);
    assert.deepEqual(partTypes(kept), ['text,cachePoint,text']);
    const input = toConverseInput('x', kept);
    assert.deepEqual(input.system, [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }]);
    assert.deepEqual(input.messages?.[0]?.content?.[1], { cachePoint: { type: 'default' } });
    const stripped = requestForTarget(withPoints, { promptCaching: true }, llama);
    assert.deepEqual(partTypes(stripped), ['text,text']);
    assert.equal(stripped.systemCachePoint, undefined);
    assert.deepEqual(toConverseInput('x', stripped).system, [{ text: 'Be brief.' }]);
  });

  it('promptCaching on a route: after the system prompt and the last two user turns, unless the caller placed its own', () => {
    const r = requestForTarget(conversation, { promptCaching: true }, claude);
    assert.equal(r.systemCachePoint, true);
    assert.deepEqual(partTypes(r), ['text,cachePoint', 'reasoning,text', 'text,cachePoint']);
    const own: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'cachePoint' }] }, { role: 'assistant', content: [{ type: 'text', text: 'a' }] }, { role: 'user', content: [{ type: 'text', text: 'q2' }] }] };
    assert.deepEqual(partTypes(requestForTarget(own, { promptCaching: true }, claude)), ['text,cachePoint', 'text', 'text']);
    assert.equal(requestForTarget({ messages: own.messages.slice(2) }, { promptCaching: true }, claude).systemCachePoint, undefined, 'no system prompt, no point after it');
  });

  it('images map to Converse image blocks with their bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const input = toConverseInput('x', { messages: [{ role: 'user', content: [{ type: 'image', format: 'png', bytes: png }, { type: 'text', text: 'what is this?' }] }] });
    assert.deepEqual(input.messages?.[0]?.content?.[0], { image: { format: 'png', source: { bytes: png } } });
  });
});
