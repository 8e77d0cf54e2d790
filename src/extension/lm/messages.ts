import * as vscode from 'vscode';
import { imageFormatOfMimeType } from '../../providers/images';
import type { ChatMessage, ContentPart, ModelRequest, ToolSpec } from '../../providers/types';
import { normalizeConversation } from '../conversation';

/** `LanguageModelChatMessageRole.System` (proposed API): its value in VS Code, not in the stable typings. */
const SYSTEM_ROLE = 3;

/** `LanguageModelDataPart` (newer than our typings): binary data with a MIME type. */
interface DataPart {
  mimeType: string;
  data: Uint8Array;
}

function isDataPart(part: unknown): part is DataPart {
  return typeof part === 'object' && part !== null && typeof (part as DataPart).mimeType === 'string' && (part as DataPart).data instanceof Uint8Array;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function toolResultContent(parts: readonly unknown[]): Array<{ text: string } | { json: unknown }> {
  const out: Array<{ text: string } | { json: unknown }> = [];
  for (const p of parts) {
    if (p instanceof vscode.LanguageModelTextPart) out.push({ text: p.value });
    else if (p instanceof vscode.LanguageModelPromptTsxPart) out.push({ text: JSON.stringify(p.value) });
    else if (isDataPart(p)) {
      if (p.mimeType.startsWith('image/')) out.push({ text: `[${p.mimeType} image omitted]` });
      else if (p.mimeType.includes('json')) {
        try {
          out.push({ json: JSON.parse(decode(p.data)) });
        } catch {
          out.push({ text: decode(p.data) });
        }
      } else out.push({ text: decode(p.data) });
    } else if (typeof p === 'string') out.push({ text: p });
  }
  return out.length > 0 ? out : [{ text: '' }];
}

function contentPart(part: unknown): ContentPart | undefined {
  if (part instanceof vscode.LanguageModelTextPart) return { type: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { type: 'toolUse', toolUseId: part.callId, name: part.name, input: part.input ?? {} };
  if (part instanceof vscode.LanguageModelToolResultPart) {
    const isError = (part as { isError?: boolean }).isError === true;
    return { type: 'toolResult', toolUseId: part.callId, content: toolResultContent(part.content), ...(isError ? { status: 'error' as const } : {}) };
  }
  if (isDataPart(part)) {
    const format = imageFormatOfMimeType(part.mimeType);
    if (format) return { type: 'image', format, bytes: part.data };
    // Copilot-style prompt-cache markers become Converse cache points; the router drops them for targets without prompt caching.
    if (part.mimeType === 'cache_control') return { type: 'cachePoint' };
    if (part.mimeType.startsWith('text/') || part.mimeType.includes('json')) return { type: 'text', text: decode(part.data) };
  }
  // Thinking parts (a proposed API; this provider reports none, so a history of ours holds none), prompt-tsx and anything newer: not sent.
  return undefined;
}

/** Converts one VS Code message; `system` is set for system-role messages. */
export function toChatMessage(message: vscode.LanguageModelChatRequestMessage): ChatMessage & { system?: true } {
  const content = message.content.map(contentPart).filter((p): p is ContentPart => p !== undefined);
  if ((message.role as number) === SYSTEM_ROLE) return { role: 'user', content, system: true };
  return { role: message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', content };
}

function toolSpecs(tools: readonly vscode.LanguageModelChatTool[] | undefined): ToolSpec[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map((t) => ({ name: t.name, description: t.description, inputSchema: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} } }));
}

const numberOption = (options: vscode.ProvideLanguageModelChatResponseOptions, name: string) => {
  const v = options.modelOptions?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * VS Code's request (messages, tools, tool mode, model options) as the router's neutral
 * request. Cache markers always become cache points (after the system prompt: the
 * request's `systemCachePoint`); the router strips them for targets without prompt caching.
 */
export function toModelRequest(messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions): ModelRequest {
  const system: string[] = [];
  let systemCachePoint = false;
  const chat: ChatMessage[] = [];
  for (const m of messages) {
    const converted = toChatMessage(m);
    if (converted.system) {
      const text = converted.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
      if (text.trim()) system.push(text);
      if (converted.content.some((p) => p.type === 'cachePoint')) systemCachePoint = true;
    } else chat.push({ role: converted.role, content: converted.content });
  }
  const tools = toolSpecs(options.tools);
  const request: ModelRequest = { messages: normalizeConversation(chat) };
  if (system.length > 0) {
    request.system = system;
    if (systemCachePoint) request.systemCachePoint = true;
  }
  if (tools) {
    request.tools = tools;
    if (options.toolMode === vscode.LanguageModelChatToolMode.Required) request.toolChoice = tools.length === 1 ? { name: tools[0]!.name } : 'any';
  }
  const maxTokens = numberOption(options, 'maxTokens') ?? numberOption(options, 'max_tokens');
  if (maxTokens !== undefined) request.maxTokens = Math.max(1, Math.floor(maxTokens));
  const temperature = numberOption(options, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  return request;
}
