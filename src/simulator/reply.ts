/**
 * Deterministic replies: the same seed and prompt always give the same text, so a
 * test can predict it (`replyText`). Tool use is triggered when the request offers
 * tools and the last user message names one (or `toolChoice` forces it); a tool
 * result in the last user message leads to a text answer.
 */
import { hashParts, RandomStream } from './random';
import { estimateInputTokens, lastUserText, type SimRequest, type SimTool } from './request';

const WORDS = (
  'the a resilient router retries each request across regions and accounts so that throttling in one place ' +
  'does not stop the work while quotas stay within limits latency stays low and every answer arrives ' +
  'model profile capacity fallback balance shard stream token window minute budget cache signal'
).split(' ');

export type ReplyBlock =
  | { type: 'text'; text: string; pieces: string[] }
  | { type: 'toolUse'; toolUseId: string; name: string; input: Record<string, unknown>; json: string; pieces: string[] };

export interface ReplyPlan {
  blocks: ReplyBlock[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens';
  inputTokens: number;
  outputTokens: number;
}

function excerpt(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

/** Text pieces, one per output token: the simulated answer to `prompt` under `seed`. */
export function replyPieces(seed: number, prompt: string): string[] {
  const stream = new RandomStream(seed, 'reply', prompt);
  const length = 20 + Math.floor(stream.next() * 41);
  const pieces = ['Simulated', ' answer', ` to "${excerpt(prompt)}":`];
  for (let i = 0; i < length; i++) pieces.push(` ${WORDS[Math.floor(stream.next() * WORDS.length)] ?? 'token'}`);
  pieces.push('.');
  return pieces;
}

/** The full simulated answer to `prompt` (what Converse returns when no tool is involved and maxTokens is not reached). */
export function replyText(seed: number, prompt: string): string {
  return replyPieces(seed, prompt).join('');
}

function chooseTool(request: SimRequest, prompt: string): SimTool | undefined {
  if (request.tools.length === 0) return undefined;
  const choice = request.toolChoice;
  if (typeof choice === 'object') return request.tools.find((t) => t.name === choice.name);
  const lower = prompt.toLowerCase();
  const named = request.tools.find((t) => new RegExp(`(^|[^a-z0-9_])${t.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9_]|$)`).test(lower));
  return named ?? (choice === 'any' ? request.tools[0] : undefined);
}

/** Builds an input object from the tool's JSON schema: strings get the prompt excerpt, numbers 1, booleans true. */
export function toolInput(schema: unknown, prompt: string): Record<string, unknown> {
  const props = (schema as { properties?: Record<string, { type?: string; enum?: unknown[] }> } | undefined)?.properties ?? {};
  const input: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    if (Array.isArray(prop.enum) && prop.enum.length > 0) input[name] = prop.enum[0];
    else if (prop.type === 'number' || prop.type === 'integer') input[name] = 1;
    else if (prop.type === 'boolean') input[name] = true;
    else if (prop.type === 'array') input[name] = [];
    else if (prop.type === 'object') input[name] = {};
    else input[name] = excerpt(prompt, 40);
  }
  return input;
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export function planReply(seed: number, request: SimRequest, maxTokens: number): ReplyPlan {
  const inputTokens = estimateInputTokens(request);
  const last = request.messages[request.messages.length - 1];
  const toolResult = last?.role === 'user' ? last.content.find((c) => c.type === 'toolResult') : undefined;
  const prompt = lastUserText(request);
  const tool = toolResult ? undefined : chooseTool(request, prompt);

  const blocks: ReplyBlock[] = [];
  if (tool) {
    const lead = ['I', "'ll", ' use', ' the', ` ${tool.name}`, ' tool', '.'];
    blocks.push({ type: 'text', text: lead.join(''), pieces: lead });
    const input = toolInput(tool.inputSchema, prompt);
    const json = JSON.stringify(input);
    const toolUseId = `tooluse_${hashParts(seed, prompt, tool.name).toString(36).padStart(8, '0')}${hashParts(prompt, seed).toString(36).padStart(8, '0')}`;
    blocks.push({ type: 'toolUse', toolUseId, name: tool.name, input, json, pieces: chunk(json, 4) });
  } else {
    const basis = toolResult?.type === 'toolResult' ? `tool result: ${toolResult.text}` : prompt;
    const pieces = replyPieces(seed, basis);
    blocks.push({ type: 'text', text: pieces.join(''), pieces });
  }

  let budget = Math.max(0, maxTokens);
  let truncated = false;
  const capped: ReplyBlock[] = [];
  for (const block of blocks) {
    if (budget <= 0) {
      truncated = true;
      break;
    }
    if (block.pieces.length <= budget) {
      capped.push(block);
      budget -= block.pieces.length;
      continue;
    }
    truncated = true;
    if (block.type === 'text') {
      const pieces = block.pieces.slice(0, budget);
      capped.push({ type: 'text', text: pieces.join(''), pieces });
    }
    budget = 0;
  }
  const outputTokens = capped.reduce((n, b) => n + b.pieces.length, 0);
  const stopReason = truncated ? 'max_tokens' : tool ? 'tool_use' : 'end_turn';
  return { blocks: capped, stopReason, inputTokens, outputTokens };
}
