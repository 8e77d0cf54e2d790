/**
 * Deterministic replies: the same seed and prompt always give the same text, so a
 * test can predict it (`replyText`). Tool use is triggered when the request offers
 * tools and the last user message names one (or `toolChoice` forces it); a tool
 * result in the last user message leads to a text answer.
 */
import type { ServiceTier } from './catalog';
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

/** Extended thinking before the answer: text pieces (one per token) and the block's signature. */
export interface ReplyReasoning {
  text: string;
  pieces: string[];
  signature: string;
}

export interface ReplyPlan {
  /** Present when thinking was asked for: streamed (and returned) before `blocks`. */
  reasoning?: ReplyReasoning;
  blocks: ReplyBlock[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens';
  /** Input tokens not read from or written to the prompt cache. */
  inputTokens: number;
  /** Output tokens, thinking included. */
  outputTokens: number;
  /** Set when the request had cache points. */
  cache?: { readInputTokens: number; writeInputTokens: number };
  /** The service tier the request asked for: echoed in the response (Converse `serviceTier`). */
  serviceTier?: ServiceTier;
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

/** The simulated thinking before answering `prompt`: deterministic for the seed, within `budget` tokens. */
export function reasoningPieces(seed: number, prompt: string, budget: number): string[] {
  const stream = new RandomStream(seed, 'reasoning', prompt);
  const length = 12 + Math.floor(stream.next() * 19);
  const pieces = ['Let', ' me', ' think', ` about "${excerpt(prompt, 40)}".`];
  for (let i = 0; i < length; i++) pieces.push(` ${WORDS[Math.floor(stream.next() * WORDS.length)] ?? 'token'}`);
  pieces.push('.');
  return pieces.slice(0, Math.max(1, budget));
}

function planReasoning(seed: number, request: SimRequest, prompt: string, maxTokens: number): ReplyReasoning | undefined {
  if (!request.thinking) return undefined;
  const pieces = reasoningPieces(seed, prompt, Math.min(request.thinking.budgetTokens, Math.max(1, maxTokens - 1)));
  const text = pieces.join('');
  const signature = Buffer.from(`sim-signature:${hashParts(seed, text).toString(16)}:${hashParts(text, seed).toString(16)}`).toString('base64');
  return { text, pieces, signature };
}

function chooseTool(request: SimRequest, prompt: string): SimTool | undefined {
  if (request.tools.length === 0) return undefined;
  const choice = request.toolChoice;
  if (typeof choice === 'object') return request.tools.find((t) => t.name === choice.name);
  const lower = prompt.toLowerCase();
  // Only an explicit request calls a tool ("use get_weather", "call the get_weather tool"): agents'
  // system and wrapper text mention tools all the time without asking for them.
  const named = request.tools.find((t) => new RegExp(`(^|[^a-z0-9_])(use|call|run|invoke)\\s+(the\\s+)?${t.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9_]|$)`).test(lower));
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

  const reasoning = planReasoning(seed, request, prompt, maxTokens);
  let budget = Math.max(0, maxTokens - (reasoning?.pieces.length ?? 0));
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
  const outputTokens = capped.reduce((n, b) => n + b.pieces.length, reasoning?.pieces.length ?? 0);
  const stopReason = truncated ? 'max_tokens' : tool ? 'tool_use' : 'end_turn';
  return { ...(reasoning ? { reasoning } : {}), blocks: capped, stopReason, inputTokens, outputTokens };
}
