/** InvokeModel body shapes for Amazon Nova (`messages-v1`) and Meta Llama (prompt / generation). */
import type { ModelInfo } from './catalog';
import { parseConverseRequest } from './converseRequest';
import { converseResponse } from './converse';
import { invalid, isObject } from './converseRequest';
import type { RenderContext, StreamEncoder } from './protocol';
import type { ReplyPlan } from './reply';
import type { SimRequest } from './request';

export function parseNova(body: unknown, model: ModelInfo): SimRequest {
  if (!isObject(body)) throw invalid('Malformed input request: #: expected type: JSONObject, please reformat your input and try again.');
  const config = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = config.maxTokens ?? config.max_new_tokens;
  return parseConverseRequest({ ...body, inferenceConfig: maxTokens === undefined ? {} : { maxTokens } }, model);
}

export function renderNova(plan: ReplyPlan, ctx: RenderContext): unknown {
  const { output, stopReason, usage } = converseResponse(plan, ctx);
  return { output, stopReason, usage };
}

export function novaEncoder(chunk: (payload: unknown) => Uint8Array, metrics: (plan: ReplyPlan, ctx: RenderContext) => unknown): StreamEncoder {
  return {
    start: () => [chunk({ messageStart: { role: 'assistant' } })],
    blockStart: (b, index) => (b.type === 'toolUse' ? [chunk({ contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId: b.toolUseId, name: b.name } } } })] : []),
    delta: (b, index, piece) => [chunk({ contentBlockDelta: { contentBlockIndex: index, delta: b.type === 'text' ? { text: piece } : { toolUse: { input: piece } } } })],
    blockStop: (_b, index) => [chunk({ contentBlockStop: { contentBlockIndex: index } })],
    finish: (plan, ctx) => [
      chunk({ messageStop: { stopReason: plan.stopReason } }),
      chunk({
        metadata: { usage: { inputTokens: plan.inputTokens, outputTokens: plan.outputTokens }, metrics: {}, trace: {} },
        'amazon-bedrock-invocationMetrics': metrics(plan, ctx),
      }),
    ],
  };
}

export function parseLlama(body: unknown, model: ModelInfo): SimRequest {
  if (!isObject(body) || typeof body.prompt !== 'string') throw invalid('Malformed input request: #: required key [prompt] not found, please reformat your input and try again.');
  const max = body.max_gen_len;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > model.maxOutputTokens)) {
    throw invalid(`Malformed input request: #/max_gen_len: expected an integer between 1 and ${model.maxOutputTokens}, please reformat your input and try again.`);
  }
  return { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: body.prompt }] }], maxTokens: max, tools: [] };
}

function llamaStop(plan: ReplyPlan): string {
  return plan.stopReason === 'max_tokens' ? 'length' : 'stop';
}

export function renderLlama(plan: ReplyPlan): unknown {
  const generation = plan.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
  return { generation, prompt_token_count: plan.inputTokens, generation_token_count: plan.outputTokens, stop_reason: llamaStop(plan) };
}

export function llamaEncoder(chunk: (payload: unknown) => Uint8Array, metrics: (plan: ReplyPlan, ctx: RenderContext) => unknown): StreamEncoder {
  let generated = 0;
  let first = true;
  return {
    start: () => [],
    blockStart: () => [],
    delta: (_b, _index, piece) => {
      generated++;
      const payload = { generation: piece, prompt_token_count: first ? 0 : null, generation_token_count: generated, stop_reason: null };
      first = false;
      return [chunk(payload)];
    },
    blockStop: () => [],
    finish: (plan, ctx) => [
      chunk({ generation: '', prompt_token_count: null, generation_token_count: plan.outputTokens, stop_reason: llamaStop(plan), 'amazon-bedrock-invocationMetrics': metrics(plan, ctx) }),
    ],
  };
}
