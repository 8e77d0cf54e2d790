/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`, `GET /v1/models`) to the router's
 * request and back, streaming as server-sent events. Field names from OpenAI's Chat
 * Completions API reference. Bedrock needs alternating roles, so consecutive `tool` messages
 * become one user turn of tool results, and system messages become the system prompt.
 */
import { type ChatMessage, type ContentPart, type ModelRequest, type ToolSpec } from '../providers/types';
import { type ResolvedConfig } from '../router';
import { GatewayError } from './errors';
import { type Json, imageFormat, isObject, optionalNumber, stringList } from './json';
import { type CollectedTurn, type TurnEvent } from './turn';

function invalid(detail: string): GatewayError {
  return new GatewayError('invalid', detail);
}

function parts(content: unknown, where: string): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw invalid(`${where} must be a string or a list of content parts.`);
  return content.flatMap((p, i): ContentPart[] => {
    if (!isObject(p)) throw invalid(`${where}[${i}] must be an object.`);
    if (p.type === 'text') return [{ type: 'text', text: String(p.text ?? '') }];
    if (p.type === 'image_url' && isObject(p.image_url) && typeof p.image_url.url === 'string') {
      const m = /^data:([^;]+);base64,(.*)$/s.exec(p.image_url.url);
      if (!m) throw invalid(`${where}[${i}].image_url.url must be a base64 data: URL (the gateway does not fetch URLs).`);
      return [{ type: 'image', format: imageFormat(m[1], `${where}[${i}]`), bytes: Buffer.from(m[2]!, 'base64') }];
    }
    return [];
  });
}

function parseArguments(s: unknown): unknown {
  if (typeof s !== 'string' || s.trim() === '') return {};
  try {
    return JSON.parse(s);
  } catch {
    return { arguments: s };
  }
}

function push(messages: ChatMessage[], role: 'user' | 'assistant', content: ContentPart[]): void {
  if (content.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === role) last.content.push(...content);
  else messages.push({ role, content });
}

function tools(v: unknown): ToolSpec[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const specs = v.flatMap((t): ToolSpec[] => {
    const f = isObject(t) && t.type === 'function' ? t.function : undefined;
    return isObject(f) && typeof f.name === 'string' ? [{ name: f.name, description: typeof f.description === 'string' ? f.description : undefined, inputSchema: isObject(f.parameters) ? f.parameters : { type: 'object', properties: {} } }] : [];
  });
  return specs.length ? specs : undefined;
}

function toolChoice(c: unknown): ModelRequest['toolChoice'] | 'none' {
  if (c === 'none') return 'none';
  if (c === 'required') return 'any';
  if (isObject(c) && isObject(c.function) && typeof c.function.name === 'string') return { name: c.function.name };
  return c === undefined ? undefined : 'auto';
}

export function openAiToRequest(body: Json): ModelRequest {
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('messages must hold at least one message.');
  const system: string[] = [];
  const messages: ChatMessage[] = [];
  body.messages.forEach((m, i) => {
    if (!isObject(m)) throw invalid(`messages[${i}] must be an object.`);
    const where = `messages[${i}].content`;
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(parts(m.content, where).map((p) => (p.type === 'text' ? p.text : '')).join('\n'));
        return;
      case 'user':
        push(messages, 'user', parts(m.content, where));
        return;
      case 'assistant': {
        const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
        const uses = calls.flatMap((c): ContentPart[] => (isObject(c) && isObject(c.function) ? [{ type: 'toolUse', toolUseId: String(c.id ?? ''), name: String(c.function.name ?? ''), input: parseArguments(c.function.arguments) }] : []));
        push(messages, 'assistant', [...parts(m.content, where), ...uses]);
        return;
      }
      case 'tool': {
        const text = parts(m.content, where).map((p) => (p.type === 'text' ? p.text : '')).join('\n');
        push(messages, 'user', [{ type: 'toolResult', toolUseId: String(m.tool_call_id ?? ''), content: [{ text: text === '' ? '(empty)' : text }] }]);
        return;
      }
      default:
        throw invalid(`messages[${i}].role must be system, developer, user, assistant or tool.`);
    }
  });
  if (messages[0]?.role !== 'user') throw invalid('The conversation must start with a user message (after any system messages).');
  const choice = toolChoice(body.tool_choice);
  const max = optionalNumber(body.max_completion_tokens ?? body.max_tokens, 'max_completion_tokens');
  return {
    system: system.length ? system : undefined,
    messages,
    maxTokens: max === undefined ? undefined : Math.floor(max),
    temperature: optionalNumber(body.temperature, 'temperature'),
    topP: optionalNumber(body.top_p, 'top_p'),
    stopSequences: stringList(body.stop, 'stop'),
    tools: choice === 'none' ? undefined : tools(body.tools),
    toolChoice: choice === 'none' ? undefined : choice,
  };
}

export function finishReason(stopReason: string): string {
  switch (stopReason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'length';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

function usageOf(u: CollectedTurn['usage']): Json {
  return { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.totalTokens };
}

export function openAiResponse(turn: CollectedTurn, model: string, id: string, created: number): Json {
  const toolCalls = turn.toolUses.map((t) => ({ id: t.toolUseId, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.input ?? {}) } }));
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: turn.text === '' && toolCalls.length ? null : turn.text, ...(toolCalls.length ? { tool_calls: toolCalls } : {}), refusal: null }, finish_reason: finishReason(turn.stopReason), logprobs: null }],
    usage: usageOf(turn.usage),
  };
}

/** `chat.completion.chunk` objects for the router's events; the caller frames them as `data:` lines. */
export function openAiStreamEncoder(model: string, id: string, created: number, includeUsage: boolean) {
  let toolIndex = 0;
  let stopReason = 'end_turn';
  let usage: CollectedTurn['usage'] | undefined;
  const chunk = (delta: Json, finish: string | null = null): Json => ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  return {
    start: (): Json[] => [chunk({ role: 'assistant', content: '', refusal: null })],
    event(e: TurnEvent): Json[] {
      switch (e.type) {
        case 'text':
          return [chunk({ content: e.text })];
        case 'toolUse':
          return [chunk({ tool_calls: [{ index: toolIndex++, id: e.toolUseId, type: 'function', function: { name: e.name, arguments: JSON.stringify(e.input ?? {}) } }] })];
        case 'stop':
          stopReason = e.stopReason;
          return [];
        case 'usage':
          usage = e.usage;
          return [];
        default:
          return [];
      }
    },
    finish(): Json[] {
      const out = [chunk({}, finishReason(stopReason))];
      if (includeUsage && usage) out.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(usage) });
      return out;
    },
  };
}

export function modelList(config: ResolvedConfig, created: number): Json {
  return { object: 'list', data: [...config.routes.keys()].map((id) => ({ id, object: 'model', created, owned_by: 'resilient-llm' })) };
}
