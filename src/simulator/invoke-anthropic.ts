/** InvokeModel body shape for Anthropic models (the Messages API, `bedrock-2023-05-31`). */
import type { ModelInfo } from './catalog';
import { constraint, invalid, isObject } from './converse-request';
import { ANTHROPIC_BLOCK_TYPES, anthropicBlockTypeError } from './union-members';
import type { RenderContext, StreamEncoder } from './protocol';
import type { ReplyBlock, ReplyPlan } from './reply';
import type { SimContent, SimRequest, SimTool } from './request';

function malformed(detail: string) {
  return invalid(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c) => (isObject(c) && typeof c.text === 'string' ? c.text : '')).join('\n');
}

function block(b: unknown, model: ModelInfo, messageIndex: number, blockIndex: number): SimContent {
  if (!isObject(b)) return { type: 'other', chars: 0 };
  if (!(ANTHROPIC_BLOCK_TYPES as readonly unknown[]).includes(b.type)) throw anthropicBlockTypeError(b.type, messageIndex, blockIndex);
  switch (b.type) {
    case 'text':
      return { type: 'text', text: String(b.text ?? '') };
    case 'tool_use':
      return { type: 'toolUse', toolUseId: String(b.id ?? ''), name: String(b.name ?? ''), input: b.input };
    case 'tool_result':
      return { type: 'toolResult', toolUseId: String(b.tool_use_id ?? ''), text: text(b.content) };
    case 'image':
      if (!model.supportsImages) throw malformed('#/messages: image content is not supported by this model');
      return { type: 'image', bytes: 0 };
    default:
      return { type: 'other', chars: JSON.stringify(b).length };
  }
}

export function parseAnthropic(body: unknown, model: ModelInfo): SimRequest {
  if (!isObject(body)) throw malformed('#: expected type: JSONObject');
  for (const key of ['anthropic_version', 'max_tokens', 'messages']) if (body[key] === undefined) throw malformed(`#: required key [${key}] not found`);
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) throw malformed('#/max_tokens: expected a positive integer');
  if (body.max_tokens > model.maxOutputTokens) throw constraint(body.max_tokens, 'max_tokens', `Member must have value less than or equal to ${model.maxOutputTokens}`);
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw malformed('#/messages: expected at least 1 items');
  const messages = body.messages.map((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) throw malformed(`#/messages/${i}/role: expected user or assistant`);
    const content = typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : Array.isArray(m.content) ? m.content.map((b, j) => block(b, model, i, j)) : [];
    return { role: m.role as 'user' | 'assistant', content };
  });
  if (messages[0]?.role !== 'user') throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const tools: SimTool[] = Array.isArray(body.tools)
    ? body.tools.flatMap((t) => (isObject(t) && typeof t.name === 'string' ? [{ name: t.name, description: typeof t.description === 'string' ? t.description : undefined, inputSchema: t.input_schema }] : []))
    : [];
  const c = body.tool_choice;
  const toolChoice = isObject(c) ? (c.type === 'tool' && typeof c.name === 'string' ? { name: c.name } : c.type === 'any' ? 'any' : 'auto') : undefined;
  return { system: body.system === undefined ? [] : [text(body.system)], messages, maxTokens: body.max_tokens, tools, toolChoice };
}

function content(b: ReplyBlock) {
  return b.type === 'text' ? { type: 'text', text: b.text } : { type: 'tool_use', id: b.toolUseId, name: b.name, input: b.input };
}

function messageId(requestId: string): string {
  return `msg_bdrk_${requestId.replace(/-/g, '').slice(0, 24)}`;
}

export function renderAnthropic(plan: ReplyPlan, ctx: RenderContext): unknown {
  return {
    id: messageId(ctx.requestId),
    type: 'message',
    role: 'assistant',
    model: ctx.model.id,
    content: plan.blocks.map(content),
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: { input_tokens: plan.inputTokens, output_tokens: plan.outputTokens },
  };
}

export function anthropicEncoder(chunk: (payload: unknown) => Uint8Array, metrics: (plan: ReplyPlan, ctx: RenderContext) => unknown): StreamEncoder {
  return {
    start: (plan, ctx) => [
      chunk({
        type: 'message_start',
        message: { id: messageId(ctx.requestId), type: 'message', role: 'assistant', model: ctx.model.id, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: plan.inputTokens, output_tokens: 1 } },
      }),
    ],
    blockStart: (b, index) => [chunk({ type: 'content_block_start', index, content_block: b.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: b.toolUseId, name: b.name, input: {} } })],
    delta: (b, index, piece) => [chunk({ type: 'content_block_delta', index, delta: b.type === 'text' ? { type: 'text_delta', text: piece } : { type: 'input_json_delta', partial_json: piece } })],
    blockStop: (_b, index) => [chunk({ type: 'content_block_stop', index })],
    finish: (plan, ctx) => [
      chunk({ type: 'message_delta', delta: { stop_reason: plan.stopReason, stop_sequence: null }, usage: { output_tokens: plan.outputTokens } }),
      chunk({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics(plan, ctx) }),
    ],
  };
}
