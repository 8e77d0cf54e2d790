/** Parses and validates a Converse / ConverseStream request body into a `SimRequest`. */
import { SERVICE_TIERS, type ModelInfo, type ServiceTier } from './catalog';
import { SimError } from './errors';
import type { CachePrefix } from './promptCache';
import { CONTENT_BLOCK_MEMBERS, SYSTEM_BLOCK_MEMBERS, unionMemberError } from './unionMembers';
import { contentChars, IMAGE_TOKENS, type SimContent, type SimMessage, type SimRequest, type SimTool } from './request';

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

/** A `cachePoint` block: `{ cachePoint: { type: 'default' } }`. */
function isCachePoint(block: unknown, path: string, model: ModelInfo): boolean {
  if (!isObject(block) || block.cachePoint === undefined) return false;
  if (!isObject(block.cachePoint) || block.cachePoint.type !== 'default') throw constraint(isObject(block.cachePoint) ? block.cachePoint.type : block.cachePoint, `${path}.cachePoint.type`, 'Member must satisfy enum value set: [default]');
  if (!model.supportsPromptCaching) throw invalid("This model doesn't support the cachePoint field. Remove cachePoint from your request and try again.");
  return true;
}

/** Walks the prompt in cache order (tools, system, messages) and notes the prefix before each cache point. */
class PrefixTracker {
  private readonly parts: string[] = [];
  private chars = 0;
  private imageTokens = 0;
  readonly prefixes: CachePrefix[] = [];

  add(raw: unknown, chars: number, images = 0): void {
    this.parts.push(JSON.stringify(raw));
    this.chars += chars;
    this.imageTokens += images * IMAGE_TOKENS;
  }

  cachePoint(): void {
    this.prefixes.push({ key: this.parts.join('\n'), tokens: Math.ceil(this.chars / 4) + this.imageTokens });
  }
}

function parseBlock(block: unknown, path: string, model: ModelInfo): SimContent {
  if (!isObject(block)) throw constraint(block, path, 'Member must be a content block');
  const bad = unionMemberError(block, path, 'ContentBlock', CONTENT_BLOCK_MEMBERS);
  if (bad) throw bad;
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

function parseMessages(value: unknown, model: ModelInfo, tracker: PrefixTracker): SimMessage[] {
  if (value === undefined || value === null) throw constraint(value, 'messages', 'Member must not be null');
  if (!Array.isArray(value)) throw constraint(value, 'messages', 'Member must be a list');
  if (value.length === 0) throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  return value.map((m, i) => {
    const path = `messages.${i + 1}.member`;
    if (!isObject(m)) throw constraint(m, path, 'Member must be a message');
    if (m.role !== 'user' && m.role !== 'assistant') throw constraint(m.role, `${path}.role`, 'Member must satisfy enum value set: [user, assistant]');
    if (!Array.isArray(m.content)) throw constraint(m.content, `${path}.content`, 'Member must not be null');
    if (m.content.length === 0) throw invalid(`The content field in the Message object at messages.${i}.content is empty. Add a ContentBlock object to the content field and try again.`);
    const content: SimContent[] = [];
    m.content.forEach((b, j) => {
      const at = `${path}.content.${j + 1}.member`;
      if (isCachePoint(b, at, model)) return tracker.cachePoint();
      const c = parseBlock(b, at, model);
      tracker.add(b, contentChars(c), c.type === 'image' ? 1 : 0);
      content.push(c);
    });
    return { role: m.role, content };
  });
}

function parseTools(toolConfig: unknown, model: ModelInfo, tracker: PrefixTracker): Pick<SimRequest, 'tools' | 'toolChoice'> {
  if (toolConfig === undefined) return { tools: [] };
  if (!isObject(toolConfig) || !Array.isArray(toolConfig.tools)) throw constraint(undefined, 'toolConfig.tools', 'Member must not be null');
  if (!model.supportsTools) throw invalid("This model doesn't support tool use.");
  const tools: SimTool[] = [];
  toolConfig.tools.forEach((t, i) => {
    if (!isObject(t)) throw constraint(t, `toolConfig.tools.${i + 1}.member`, 'Member must be a tool');
    if (isCachePoint(t, `toolConfig.tools.${i + 1}.member`, model)) return tracker.cachePoint();
    const spec = t.toolSpec;
    if (!isObject(spec) || typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
      throw constraint(isObject(spec) ? spec.name : undefined, `toolConfig.tools.${i + 1}.member.toolSpec.name`, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+');
    }
    const tool = { name: spec.name, description: typeof spec.description === 'string' ? spec.description : undefined, inputSchema: isObject(spec.inputSchema) ? spec.inputSchema.json : undefined };
    tracker.add(t, tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.inputSchema ?? null).length);
    tools.push(tool);
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

function parseSystem(value: unknown, model: ModelInfo, tracker: PrefixTracker): string[] {
  if (!Array.isArray(value)) return [];
  const system: string[] = [];
  value.forEach((s, i) => {
    if (isCachePoint(s, `system.${i + 1}.member`, model)) return tracker.cachePoint();
    if (!isObject(s)) throw constraint(s, `system.${i + 1}.member`, 'Member must be a system content block');
    const bad = unionMemberError(s, `system.${i + 1}.member`, 'SystemContentBlock', SYSTEM_BLOCK_MEMBERS);
    if (bad) throw bad;
    if (isObject(s) && typeof s.text === 'string') {
      tracker.add(s, s.text.length);
      system.push(s.text);
    }
  });
  return system;
}

const MIN_THINKING_BUDGET = 1024;

/** `additionalModelRequestFields.thinking`, checked as Claude checks it. */
function parseThinking(body: Record<string, unknown>, config: Record<string, unknown>, maxTokens: number | undefined, model: ModelInfo): SimRequest['thinking'] {
  const extra = isObject(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const thinking = extra.thinking;
  if (thinking === undefined) return undefined;
  if (!model.supportsReasoning) throw invalid('The model returned the following errors: Malformed input request: extraneous key [thinking] is not permitted, please reformat your input and try again.');
  if (!isObject(thinking) || (thinking.type !== 'enabled' && thinking.type !== 'disabled')) throw invalid('The model returned the following errors: thinking.type: Input should be \'enabled\' or \'disabled\'');
  if (thinking.type === 'disabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < MIN_THINKING_BUDGET) {
    throw invalid(`The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`);
  }
  if (maxTokens !== undefined && maxTokens <= budget) throw invalid('The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`.');
  if (config.temperature !== undefined && config.temperature !== 1) throw invalid('The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled.');
  return { budgetTokens: budget };
}

/**
 * `serviceTier: { type }` (API reference: ServiceTier, valid values priority | default | flex | reserved). Every model
 * serves `default`; the others only where the user guide's service-tiers page lists the model (`serviceTiers` in the
 * catalog); `reserved` needs a reservation, which the simulator has none of. An unsupported tier is a
 * ValidationException. The exact wording Bedrock uses is not given in the user guide; this message is the simulator's.
 */
function parseServiceTier(value: unknown, model: ModelInfo): ServiceTier | undefined {
  if (value === undefined) return undefined;
  const type = isObject(value) ? value.type : value;
  if (!isObject(value) || typeof type !== 'string' || !(SERVICE_TIERS as readonly string[]).includes(type)) {
    throw constraint(type, 'serviceTier.type', `Member must satisfy enum value set: [${SERVICE_TIERS.join(', ')}]`);
  }
  const tier = type as ServiceTier;
  if (tier !== 'default' && !(model.serviceTiers ?? []).includes(tier)) {
    throw invalid(`The provided service tier (${tier}) is not supported for model ${model.id} in this Region. Use the default tier, or a model and Region that offer ${tier}.`);
  }
  return tier;
}

export function parseConverseRequest(body: unknown, model: ModelInfo): SimRequest {
  if (!isObject(body)) throw invalid('Malformed input request: the request body must be a JSON object, please reformat your input and try again.');
  const tracker = new PrefixTracker();
  const toolParts = parseTools(body.toolConfig, model, tracker);
  const system = parseSystem(body.system, model, tracker);
  const messages = parseMessages(body.messages, model, tracker);
  if (messages[0]?.role !== 'user') throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
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
  const thinking = parseThinking(body, config, maxTokens, model);
  const serviceTier = parseServiceTier(body.serviceTier, model);
  const cachePrefixes = tracker.prefixes.length > 0 ? tracker.prefixes : undefined;
  return { system, messages, maxTokens, ...toolParts, ...(cachePrefixes ? { cachePrefixes } : {}), ...(thinking ? { thinking } : {}), ...(serviceTier ? { serviceTier } : {}) };
}
