/** Converse and ConverseStream (restJson1). */
import { parseConverseRequest } from './converseRequest';
import { eventFrame } from '../wire';
import type { ModelProtocol, RenderContext, StreamEncoder } from './protocol';
import type { ReplyBlock, ReplyPlan } from './reply';

/** Bedrock's usage: `inputTokens` excludes cached tokens; `totalTokens` counts everything. */
function usage(plan: ReplyPlan) {
  const read = plan.cache?.readInputTokens ?? 0;
  const write = plan.cache?.writeInputTokens ?? 0;
  return {
    inputTokens: plan.inputTokens,
    outputTokens: plan.outputTokens,
    totalTokens: plan.inputTokens + plan.outputTokens + read + write,
    ...(plan.cache ? { cacheReadInputTokens: read, cacheWriteInputTokens: write } : {}),
  };
}

function contentBlock(block: ReplyBlock) {
  return block.type === 'text' ? { text: block.text } : { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } };
}

export function converseResponse(plan: ReplyPlan, ctx: RenderContext) {
  return {
    output: {
      message: {
        role: 'assistant',
        content: [...(plan.reasoning ? [{ reasoningContent: { reasoningText: { text: plan.reasoning.text, signature: plan.reasoning.signature } } }] : []), ...plan.blocks.map(contentBlock)],
      },
    },
    stopReason: plan.stopReason,
    usage: usage(plan),
    metrics: { latencyMs: Math.round(ctx.latencyMs) },
    ...(plan.serviceTier ? { serviceTier: { type: plan.serviceTier } } : {}),
  };
}

const converseEncoder = (): StreamEncoder => ({
  start: () => [eventFrame('messageStart', { role: 'assistant' })],
  blockStart: (block, index) =>
    block.type === 'toolUse' ? [eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: block.toolUseId, name: block.name } } })] : [],
  delta: (block, index, text) => [eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: block.type === 'text' ? { text } : { toolUse: { input: text } } })],
  blockStop: (_block, index) => [eventFrame('contentBlockStop', { contentBlockIndex: index })],
  reasoningDelta: (index, text) => [eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text } } })],
  reasoningStop: (index, signature) => [
    eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature } } }),
    eventFrame('contentBlockStop', { contentBlockIndex: index }),
  ],
  finish: (plan, ctx) => [
    eventFrame('messageStop', { stopReason: plan.stopReason }),
    eventFrame('metadata', { usage: usage(plan), metrics: { latencyMs: Math.round(ctx.latencyMs) }, ...(plan.serviceTier ? { serviceTier: { type: plan.serviceTier } } : {}) }),
  ],
});

export const CONVERSE: ModelProtocol = {
  operation: 'Converse',
  parse: parseConverseRequest,
  render: (plan, ctx) => ({ body: JSON.stringify(converseResponse(plan, ctx)) }),
};

export const CONVERSE_STREAM: ModelProtocol = {
  operation: 'ConverseStream',
  parse: parseConverseRequest,
  encoder: converseEncoder,
};
