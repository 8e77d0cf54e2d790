/** Parses and validates a Converse / ConverseStream request body into a `SimRequest`. */
import type { ModelInfo } from './catalog';
import { SimError } from './errors';
import type { SimContent, SimMessage, SimRequest, SimTool } from './request';

type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function invalid(message: string): SimError {
  return new SimError('ValidationException', message);
}

/** Coral-style constraint message, e.g. for `messages.1.member.role`. */
export function constraint(value: unknown, path: string, rule: string): SimError {
  const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return invalid(`1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${rule}`);
}

function toolResultText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((c) => (isObject(c) ? (typeof c.text === 'string' ? c.text : c.json !== undefined ? JSON.stringify(c.json) : '') : '')).join('\n');
}

function parseBlock(block: unknown, path: string, model: ModelInfo): SimContent {
  if (!isObject(block)) throw constraint(block, path, 'Member must be a content block');
  if (typeof block.text === 'string') return { type: 'text', text: block.text };
  if (isObject(block.toolUse)) {
    const t = block.toolUse;
    return { type: 'toolUse', toolUseId: String(t.toolUseId ?? ''), name: String(t.name ?? ''), input: t.input };
  }
  if (isObject(block.toolResult)) return { type: 'toolResult', toolUseId: String(block.toolResult.toolUseId ?? ''), text: toolResultText(block.toolResult.content) };
  if (isObject(block.image)) {
    if (!model.supportsImages) throw invalid("This model doesn't support the image content block that you provided. Try again with a supported content block.");
    const bytes = isObject(block.image.source) && typeof block.image.source.bytes === 'string' ? block.image.source.bytes.length : 0;
    return { type: 'image', bytes };
  }
  return { type: 'other', chars: JSON.stringify(block).length };
}

function parseMessages(value: unknown, model: ModelInfo): SimMessage[] {
  if (value === undefined || value === null) throw constraint(value, 'messages', 'Member must not be null');
  if (!Array.isArray(value)) throw constraint(value, 'messages', 'Member must be a list');
  if (value.length === 0) throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  return value.map((m, i) => {
    const path = `messages.${i + 1}.member`;
    if (!isObject(m)) throw constraint(m, path, 'Member must be a message');
    if (m.role !== 'user' && m.role !== 'assistant') throw constraint(m.role, `${path}.role`, 'Member must satisfy enum value set: [user, assistant]');
    if (!Array.isArray(m.content)) throw constraint(m.content, `${path}.content`, 'Member must not be null');
    if (m.content.length === 0) throw invalid(`The content field in the Message object at messages.${i}.content is empty. Add a ContentBlock object to the content field and try again.`);
    return { role: m.role, content: m.content.map((b, j) => parseBlock(b, `${path}.content.${j + 1}.member`, model)) };
  });
}

function parseTools(toolConfig: unknown, model: ModelInfo): Pick<SimRequest, 'tools' | 'toolChoice'> {
  if (toolConfig === undefined) return { tools: [] };
  if (!isObject(toolConfig) || !Array.isArray(toolConfig.tools)) throw constraint(undefined, 'toolConfig.tools', 'Member must not be null');
  if (!model.supportsTools) throw invalid("This model doesn't support tool use.");
  const tools: SimTool[] = [];
  toolConfig.tools.forEach((t, i) => {
    if (!isObject(t)) throw constraint(t, `toolConfig.tools.${i + 1}.member`, 'Member must be a tool');
    if (t.cachePoint !== undefined) return;
    const spec = t.toolSpec;
    if (!isObject(spec) || typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
      throw constraint(isObject(spec) ? spec.name : undefined, `toolConfig.tools.${i + 1}.member.toolSpec.name`, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+');
    }
    tools.push({ name: spec.name, description: typeof spec.description === 'string' ? spec.description : undefined, inputSchema: isObject(spec.inputSchema) ? spec.inputSchema.json : undefined });
  });
  const c = toolConfig.toolChoice;
  let toolChoice: SimRequest['toolChoice'];
  if (isObject(c)) {
    if (isObject(c.tool) && typeof c.tool.name === 'string') toolChoice = { name: c.tool.name };
    else if (c.any !== undefined) toolChoice = 'any';
    else if (c.auto !== undefined) toolChoice = 'auto';
  }
  if (typeof toolChoice === 'object' && !tools.some((t) => t.name === (toolChoice as { name: string }).name)) {
    throw invalid(`The tool choice ${toolChoice.name} is not one of the tools in the request.`);
  }
  return { tools, toolChoice };
}

export function parseConverseRequest(body: unknown, model: ModelInfo): SimRequest {
  if (!isObject(body)) throw invalid('Malformed input request: the request body must be a JSON object, please reformat your input and try again.');
  const messages = parseMessages(body.messages, model);
  if (messages[0]?.role !== 'user') throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const system = Array.isArray(body.system) ? body.system.flatMap((s) => (isObject(s) && typeof s.text === 'string' ? [s.text] : [])) : [];
  const config = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  let maxTokens: number | undefined;
  if (config.maxTokens !== undefined) {
    if (typeof config.maxTokens !== 'number' || !Number.isInteger(config.maxTokens) || config.maxTokens < 1) {
      throw constraint(config.maxTokens, 'inferenceConfig.maxTokens', 'Member must have value greater than or equal to 1');
    }
    if (config.maxTokens > model.maxOutputTokens) {
      throw invalid(`The maximum tokens you requested exceeds the model limit of ${model.maxOutputTokens}. Try again with a maximum tokens value that is lower than ${model.maxOutputTokens}.`);
    }
    maxTokens = config.maxTokens;
  }
  return { system, messages, maxTokens, ...parseTools(body.toolConfig, model) };
}
