/**
 * The Anthropic Messages body that InvokeModel carries for Claude (`anthropic_version:
 * bedrock-2023-05-31`; Claude Code and @anthropic-ai/bedrock-sdk send it), to the router's
 * request and back: a Messages response, or Anthropic's stream events (inside Bedrock
 * `chunk` frames, done by the caller). Field names from Anthropic's Messages API reference.
 */
import { type ContentPart, type ModelRequest, type ToolSpec } from '../providers/types';
import { estimateInputTokens } from '../router';
import { type AnthropicDeltaUsage, type AnthropicStreamEvent, anthropicEvents as ev, anthropicMessageId } from '../wire';
import { GatewayError } from './errors';
import { type Json, imageFormat, isObject, optionalNumber, stringList } from './json';
import { type CollectedTurn, type TurnEvent } from './turn';

function invalid(detail: string): GatewayError {
  return new GatewayError('invalid', `Malformed input request: ${detail}, please reformat your input and try again.`);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c) => (isObject(c) && typeof c.text === 'string' ? c.text : '')).join('\n');
}

function block(b: unknown, where: string): ContentPart[] {
  if (!isObject(b)) throw invalid(`${where}: expected an object`);
  switch (b.type) {
    case 'text':
      return [{ type: 'text', text: String(b.text ?? '') }];
    case 'image': {
      const src = b.source;
      if (!isObject(src) || src.type !== 'base64' || typeof src.data !== 'string') throw invalid(`${where}: only base64 image sources are supported`);
      return [{ type: 'image', format: imageFormat(src.media_type, where), bytes: Buffer.from(src.data, 'base64') }];
    }
    case 'tool_use':
      return [{ type: 'toolUse', toolUseId: String(b.id ?? ''), name: String(b.name ?? ''), input: b.input ?? {} }];
    case 'tool_result': {
      const text = textOf(b.content);
      return [{ type: 'toolResult', toolUseId: String(b.tool_use_id ?? ''), content: [{ text: text === '' ? '(empty)' : text }], status: b.is_error === true ? 'error' : 'success' }];
    }
    case 'thinking':
      return [{ type: 'reasoning', text: String(b.thinking ?? ''), signature: typeof b.signature === 'string' ? b.signature : undefined }];
    default:
      // redacted_thinking, documents, server tool results: nothing the router's models need back.
      return [];
  }
}

function tools(v: unknown): ToolSpec[] | undefined {
  if (!Array.isArray(v)) return undefined;
  // Server tools (web search, bash_20250124 ...) have a `type` and no schema: Bedrock's Converse cannot run them.
  const specs = v.flatMap((t): ToolSpec[] => (isObject(t) && typeof t.name === 'string' && isObject(t.input_schema) ? [{ name: t.name, description: typeof t.description === 'string' ? t.description : undefined, inputSchema: t.input_schema }] : []));
  return specs.length ? specs : undefined;
}

function toolChoice(c: unknown): ModelRequest['toolChoice'] {
  if (!isObject(c)) return undefined;
  if (c.type === 'tool' && typeof c.name === 'string') return { name: c.name };
  if (c.type === 'any') return 'any';
  return c.type === 'auto' ? 'auto' : undefined;
}

export function anthropicToRequest(body: Json): ModelRequest {
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) throw invalid('#/max_tokens: expected a positive integer');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('#/messages: expected at least 1 items');
  const messages = body.messages.map((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) throw invalid(`#/messages/${i}/role: expected user or assistant`);
    const content = typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : Array.isArray(m.content) ? m.content.flatMap((b, j) => block(b, `#/messages/${i}/content/${j}`)) : [];
    return { role: m.role as 'user' | 'assistant', content };
  });
  const system = body.system === undefined ? undefined : [textOf(body.system)].filter((s) => s !== '');
  const cached = Array.isArray(body.system) && body.system.some((b) => isObject(b) && b.cache_control !== undefined);
  const thinking = isObject(body.thinking) && body.thinking.type === 'enabled' ? optionalNumber(body.thinking.budget_tokens, 'thinking.budget_tokens') : undefined;
  const noTools = isObject(body.tool_choice) && body.tool_choice.type === 'none';
  return {
    system: system?.length ? system : undefined,
    systemCachePoint: cached || undefined,
    messages,
    maxTokens: body.max_tokens,
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    stopSequences: stringList(body.stop_sequences, 'stop_sequences'),
    tools: noTools ? undefined : tools(body.tools),
    toolChoice: noTools ? undefined : toolChoice(body.tool_choice),
    reasoningBudgetTokens: thinking,
  };
}

export function anthropicResponse(turn: CollectedTurn, model: string, requestId: string): Json {
  const content: Json[] = [
    ...turn.reasoning.map((r) => ({ type: 'thinking', thinking: r.text, signature: r.signature ?? '' })),
    ...(turn.text !== '' || turn.toolUses.length === 0 ? [{ type: 'text', text: turn.text }] : []),
    ...turn.toolUses.map((t) => ({ type: 'tool_use', id: t.toolUseId, name: t.name, input: t.input ?? {} })),
  ];
  return { id: anthropicMessageId(requestId), type: 'message', role: 'assistant', model, content, stop_reason: turn.stopReason, stop_sequence: null, usage: { input_tokens: turn.usage.inputTokens, output_tokens: turn.usage.outputTokens, cache_creation_input_tokens: turn.usage.cacheWriteInputTokens ?? 0, cache_read_input_tokens: turn.usage.cacheReadInputTokens ?? 0 } };
}

/**
 * Turns the router's events into Anthropic stream events: a text or thinking block stays open
 * while its deltas arrive; a tool use (whole, from the router) is one block with its input
 * as a single `input_json_delta`.
 */
export function anthropicStreamEncoder(model: string, requestId: string, request: ModelRequest) {
  let index = -1;
  let open: 'text' | 'thinking' | undefined;
  let stopReason = 'end_turn';
  let usage: AnthropicDeltaUsage = { output_tokens: 0 };
  const close = (): AnthropicStreamEvent[] => {
    if (!open) return [];
    open = undefined;
    return [ev.blockStop(index)];
  };
  const openBlock = (kind: 'text' | 'thinking'): AnthropicStreamEvent[] => {
    if (open === kind) return [];
    const out = close();
    index++;
    open = kind;
    out.push(kind === 'text' ? ev.textStart(index) : ev.thinkingStart(index));
    return out;
  };
  return {
    start: (): AnthropicStreamEvent[] => [ev.messageStart(anthropicMessageId(requestId), model, estimateInputTokens(request))],
    event(e: TurnEvent): AnthropicStreamEvent[] {
      switch (e.type) {
        case 'text':
          return [...openBlock('text'), ev.textDelta(index, e.text)];
        case 'reasoning': {
          const out = openBlock('thinking');
          if (e.text !== '') out.push(ev.thinkingDelta(index, e.text));
          if (e.signature !== undefined) out.push(ev.signatureDelta(index, e.signature), ...close());
          return out;
        }
        case 'toolUse': {
          const out = close();
          index++;
          out.push(ev.toolUseStart(index, e.toolUseId, e.name), ev.inputJsonDelta(index, JSON.stringify(e.input ?? {})), ev.blockStop(index));
          return out;
        }
        case 'stop':
          stopReason = e.stopReason;
          return [];
        case 'usage':
          usage = { output_tokens: e.usage.outputTokens, input_tokens: e.usage.inputTokens, cache_creation_input_tokens: e.usage.cacheWriteInputTokens ?? 0, cache_read_input_tokens: e.usage.cacheReadInputTokens ?? 0 };
          return [];
        case 'record':
          return [];
      }
    },
    finish: (): AnthropicStreamEvent[] => [...close(), ev.messageDelta(stopReason, usage), ev.messageStop()],
  };
}
