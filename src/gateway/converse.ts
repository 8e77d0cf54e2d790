/**
 * Bedrock's Converse and ConverseStream bodies (Bedrock Runtime API reference: Converse,
 * ConverseStream, Message, ContentBlock, ToolConfiguration) to the router's request and back.
 * Blob fields (image bytes) arrive base64 in restJson1.
 */
import { type ContentPart, type ModelRequest, type ToolSpec } from '../providers/types';
import { eventFrame } from '../wire';
import { GatewayError } from './errors';
import { type Json, isObject, optionalNumber, stringList } from './json';
import { type CollectedTurn, type TurnEvent } from './turn';

function invalid(detail: string): GatewayError {
  return new GatewayError('invalid', detail);
}

function toolResultContent(v: unknown): Array<{ text: string } | { json: unknown }> {
  const out = Array.isArray(v) ? v.flatMap((c): Array<{ text: string } | { json: unknown }> => (isObject(c) && typeof c.text === 'string' ? [{ text: c.text }] : isObject(c) && c.json !== undefined ? [{ json: c.json }] : [])) : [];
  return out.length ? out : [{ text: '(empty)' }];
}

function block(b: unknown, where: string): ContentPart[] {
  if (!isObject(b)) throw invalid(`${where} must be a ContentBlock object.`);
  if (typeof b.text === 'string') return [{ type: 'text', text: b.text }];
  if (isObject(b.image)) {
    const f = b.image.format;
    const bytes = isObject(b.image.source) ? b.image.source.bytes : undefined;
    if ((f !== 'png' && f !== 'jpeg' && f !== 'gif' && f !== 'webp') || typeof bytes !== 'string') throw invalid(`${where}.image needs a format (png, jpeg, gif, webp) and source.bytes.`);
    return [{ type: 'image', format: f, bytes: Buffer.from(bytes, 'base64') }];
  }
  if (isObject(b.toolUse)) return [{ type: 'toolUse', toolUseId: String(b.toolUse.toolUseId ?? ''), name: String(b.toolUse.name ?? ''), input: b.toolUse.input ?? {} }];
  if (isObject(b.toolResult)) {
    const status = b.toolResult.status === 'error' ? 'error' : 'success';
    return [{ type: 'toolResult', toolUseId: String(b.toolResult.toolUseId ?? ''), content: toolResultContent(b.toolResult.content), status }];
  }
  if (isObject(b.reasoningContent) && isObject(b.reasoningContent.reasoningText)) {
    const r = b.reasoningContent.reasoningText;
    return [{ type: 'reasoning', text: String(r.text ?? ''), signature: typeof r.signature === 'string' ? r.signature : undefined }];
  }
  if (b.cachePoint !== undefined) return [{ type: 'cachePoint' }];
  return [];
}

function toolConfig(v: unknown): Pick<ModelRequest, 'tools' | 'toolChoice'> {
  if (!isObject(v) || !Array.isArray(v.tools)) return {};
  const tools = v.tools.flatMap((t): ToolSpec[] => {
    const s = isObject(t) ? t.toolSpec : undefined;
    return isObject(s) && typeof s.name === 'string' ? [{ name: s.name, description: typeof s.description === 'string' ? s.description : undefined, inputSchema: isObject(s.inputSchema) && isObject(s.inputSchema.json) ? s.inputSchema.json : { type: 'object' } }] : [];
  });
  const c = v.toolChoice;
  const toolChoice = isObject(c) ? (isObject(c.tool) && typeof c.tool.name === 'string' ? { name: c.tool.name } : c.any !== undefined ? ('any' as const) : ('auto' as const)) : undefined;
  return { tools: tools.length ? tools : undefined, toolChoice };
}

export function converseToRequest(body: Json): ModelRequest {
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('messages must hold at least one message.');
  const messages = body.messages.map((m, i) => {
    if (!isObject(m) || (m.role !== 'user' && m.role !== 'assistant')) throw invalid(`messages.${i}.role must be user or assistant.`);
    if (!Array.isArray(m.content)) throw invalid(`messages.${i}.content must be a list of content blocks.`);
    return { role: m.role as 'user' | 'assistant', content: m.content.flatMap((b, j) => block(b, `messages.${i}.content.${j}`)) };
  });
  const system = Array.isArray(body.system) ? body.system.flatMap((s) => (isObject(s) && typeof s.text === 'string' ? [s.text] : [])) : [];
  const cachePoint = Array.isArray(body.system) && body.system.some((s) => isObject(s) && s.cachePoint !== undefined);
  const ic = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = optionalNumber(ic.maxTokens, 'inferenceConfig.maxTokens');
  return {
    system: system.length ? system : undefined,
    systemCachePoint: cachePoint || undefined,
    messages,
    maxTokens: maxTokens === undefined ? undefined : Math.floor(maxTokens),
    temperature: optionalNumber(ic.temperature, 'inferenceConfig.temperature'),
    topP: optionalNumber(ic.topP, 'inferenceConfig.topP'),
    stopSequences: stringList(ic.stopSequences, 'inferenceConfig.stopSequences'),
    ...toolConfig(body.toolConfig),
  };
}

export function converseResponse(turn: CollectedTurn): Json {
  const content: Json[] = [
    ...turn.reasoning.map((r) => ({ reasoningContent: { reasoningText: { text: r.text, ...(r.signature !== undefined ? { signature: r.signature } : {}) } } })),
    ...(turn.text !== '' ? [{ text: turn.text }] : []),
    ...turn.toolUses.map((t) => ({ toolUse: { toolUseId: t.toolUseId, name: t.name, input: t.input ?? {} } })),
  ];
  return { output: { message: { role: 'assistant', content } }, stopReason: turn.stopReason, usage: turn.usage, metrics: { latencyMs: Math.round(turn.latencyMs ?? turn.record?.totalMs ?? 0) } };
}

/** ConverseStream's event frames, in Bedrock's order (messageStart, blocks, messageStop, metadata). */
export function converseStreamEncoder() {
  let index = -1;
  let open: 'text' | 'reasoning' | undefined;
  let stopReason = 'end_turn';
  let usage: Json | undefined;
  let latencyMs = 0;
  const close = (): Uint8Array[] => {
    if (!open) return [];
    open = undefined;
    return [eventFrame('contentBlockStop', { contentBlockIndex: index })];
  };
  const openBlock = (kind: 'text' | 'reasoning'): Uint8Array[] => {
    if (open === kind) return [];
    const out = close();
    index++;
    open = kind;
    return out;
  };
  return {
    start: (): Uint8Array[] => [eventFrame('messageStart', { role: 'assistant' })],
    event(e: TurnEvent): Uint8Array[] {
      switch (e.type) {
        case 'text':
          return [...openBlock('text'), eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: e.text } })];
        case 'reasoning': {
          const out = openBlock('reasoning');
          if (e.text !== '') out.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: e.text } } }));
          if (e.signature !== undefined) out.push(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: e.signature } } }), ...close());
          return out;
        }
        case 'toolUse': {
          const out = close();
          index++;
          out.push(
            eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: e.toolUseId, name: e.name } } }),
            eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: JSON.stringify(e.input ?? {}) } } }),
            eventFrame('contentBlockStop', { contentBlockIndex: index }),
          );
          return out;
        }
        case 'stop':
          stopReason = e.stopReason;
          return [];
        case 'usage':
          usage = { inputTokens: e.usage.inputTokens, outputTokens: e.usage.outputTokens, totalTokens: e.usage.totalTokens };
          latencyMs = e.latencyMs ?? latencyMs;
          return [];
        case 'record':
          latencyMs = latencyMs || e.record.totalMs;
          return [];
      }
    },
    finish: (): Uint8Array[] => [...close(), eventFrame('messageStop', { stopReason }), eventFrame('metadata', { usage: usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, metrics: { latencyMs: Math.round(latencyMs) } })],
  };
}
