/**
 * InvokeModel and InvokeModelWithResponseStream: the model family's own body
 * shape, a raw JSON response (token counts in headers), or `chunk` events whose
 * `bytes` carry the family's stream events.
 */
import type { ModelInfo } from './catalog';
import { chunkFrame as chunk } from '../wire';
import { anthropicEncoder, parseAnthropic, renderAnthropic } from './invokeAnthropic';
import { llamaEncoder, novaEncoder, parseLlama, parseNova, renderLlama, renderNova } from './invokeNovaLlama';
import type { ModelProtocol, RenderContext, StreamEncoder } from './protocol';
import type { ReplyPlan } from './reply';
import type { SimRequest } from './request';

function metrics(plan: ReplyPlan, ctx: RenderContext) {
  return { inputTokenCount: plan.inputTokens, outputTokenCount: plan.outputTokens, invocationLatency: Math.round(ctx.latencyMs), firstByteLatency: Math.round(ctx.firstTokenMs) };
}

function parse(body: unknown, model: ModelInfo): SimRequest {
  switch (model.family) {
    case 'anthropic':
      return parseAnthropic(body, model);
    case 'nova':
      return parseNova(body, model);
    case 'llama':
      return parseLlama(body, model);
  }
}

function render(plan: ReplyPlan, ctx: RenderContext) {
  const body = ctx.model.family === 'anthropic' ? renderAnthropic(plan, ctx) : ctx.model.family === 'nova' ? renderNova(plan, ctx) : renderLlama(plan);
  return {
    body: JSON.stringify(body),
    headers: {
      'x-amzn-bedrock-input-token-count': String(plan.inputTokens),
      'x-amzn-bedrock-output-token-count': String(plan.outputTokens),
      'x-amzn-bedrock-invocation-latency': String(Math.round(ctx.latencyMs)),
    },
  };
}

/** The family is known only once the first frame is built, so the encoder picks lazily. */
function lazyEncoder(): StreamEncoder {
  let inner: StreamEncoder | undefined;
  const pick = (model: ModelInfo) =>
    (inner ??= model.family === 'anthropic' ? anthropicEncoder(chunk, metrics) : model.family === 'nova' ? novaEncoder(chunk, metrics) : llamaEncoder(chunk, metrics));
  const need = () => {
    if (!inner) throw new Error('stream encoder used before start');
    return inner;
  };
  return {
    start: (plan, ctx) => pick(ctx.model).start(plan, ctx),
    blockStart: (b, i) => need().blockStart(b, i),
    delta: (b, i, t) => need().delta(b, i, t),
    blockStop: (b, i) => need().blockStop(b, i),
    finish: (plan, ctx) => need().finish(plan, ctx),
  };
}

export const INVOKE: ModelProtocol = { operation: 'InvokeModel', parse, render };
export const INVOKE_STREAM: ModelProtocol = { operation: 'InvokeModelWithResponseStream', parse, encoder: lazyEncoder };
