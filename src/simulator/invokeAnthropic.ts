/** InvokeModel body shape for Anthropic models (the Messages API, `bedrock-2023-05-31`). */
import { anthropicEvents as ev, anthropicMessageId } from '../wire';
import type { ModelInfo } from './catalog';
import { constraint, invalid, isObject } from './converseRequest';
import { ANTHROPIC_BLOCK_TYPES, anthropicBlockTypeError } from './unionMembers';
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

const messageId = anthropicMessageId;

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
    start: (plan, ctx) => [chunk(ev.messageStart(messageId(ctx.requestId), ctx.model.id, plan.inputTokens))],
    blockStart: (b, index) => [chunk(b.type === 'text' ? ev.textStart(index) : ev.toolUseStart(index, b.toolUseId, b.name))],
    delta: (b, index, piece) => [chunk(b.type === 'text' ? ev.textDelta(index, piece) : ev.inputJsonDelta(index, piece))],
    blockStop: (_b, index) => [chunk(ev.blockStop(index))],
    finish: (plan, ctx) => [chunk(ev.messageDelta(plan.stopReason, plan.outputTokens)), chunk(ev.messageStop(metrics(plan, ctx)))],
  };
}
