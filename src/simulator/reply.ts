/**
 * Deterministic replies: the same seed and question always give the same text, so a
 * test can predict it (`replyText`). The answer quotes the user's own last question (not
 * what a client wrapped around it: see question.ts) and reads as a short answer: a few
 * sentences drawn, in a seeded order, from a small set. Tool use is triggered when the
 * request offers tools and the last user message asks for one (or `toolChoice` forces it);
 * a tool result in the last user message leads to a text answer that says what it returned.
 */
import type { ServiceTier } from './catalog';
import { userQuestion } from './question';
import { hashParts, RandomStream } from './random';
import { estimateInputTokens, lastUserText, type SimRequest, type SimTool } from './request';

/** Sentences a short, plausible answer is made of (about resilient LLM access, what the simulator is for). */
const SENTENCES = [
  'The short version is that it depends on where the limit sits, so look at that first.',
  'Spreading requests over more than one account or Region keeps one throttle from stopping the work.',
  'A retry should go to another target, within a budget, so that a failure does not multiply the load.',
  'Keeping each workspace within its own quota means one busy team cannot starve the others.',
  'A cross-Region inference profile lets Bedrock serve the request wherever it has capacity.',
  'When the first choice is at its limit, a smaller fallback model keeps the answers coming.',
  'Time to first token is what people notice, so measure it as well as the total time.',
  'The throttle count per target shows which quota to raise first.',
  'Start with the smallest change that removes the bottleneck, then measure again.',
  'Limits are easiest to reason about when they are checked before the call, not after it fails.',
];
const CLOSING = 'This is a simulated answer, so treat the details as an illustration.';

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

/** Words as pieces, one per output token: "Simulated", " answer", ... */
function words(text: string): string[] {
  return text.split(' ').map((w, i) => (i === 0 ? w : ` ${w}`));
}

/**
 * Text pieces, one per output token: the simulated answer to `question` under `seed` (after a
 * tool returned `toolResult`, when given). Two or three sentences, then a closing one.
 */
export function replyPieces(seed: number, question: string, toolResult?: string): string[] {
  const stream = new RandomStream(seed, 'reply', question, toolResult ?? '');
  const pool = [...SENTENCES];
  const chosen: string[] = [];
  const count = 2 + Math.floor(stream.next() * 2);
  for (let i = 0; i < count; i++) chosen.push(pool.splice(Math.floor(stream.next() * pool.length), 1)[0]!);
  const asked = question === '' ? 'your request' : `"${excerpt(question)}"`;
  const lead = toolResult === undefined ? `Simulated answer to ${asked}:` : `Simulated answer to ${asked}: the tool returned "${excerpt(toolResult, 40)}".`;
  return words([lead, ...chosen, CLOSING].join(' '));
}

/** The full simulated answer to `question` (what Converse returns when no tool is involved and maxTokens is not reached). */
export function replyText(seed: number, question: string, toolResult?: string): string {
  return replyPieces(seed, question, toolResult).join('');
}

/** The simulated thinking before answering `prompt`: deterministic for the seed, within `budget` tokens. */
export function reasoningPieces(seed: number, prompt: string, budget: number): string[] {
  const stream = new RandomStream(seed, 'reasoning', prompt);
  const first = SENTENCES[Math.floor(stream.next() * SENTENCES.length)]!;
  const pieces = words(`Let me think about "${excerpt(prompt, 40)}". ${first} I will answer briefly.`);
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

/** A scenario's answer lengths: each text answer is drawn (seeded by the question) between `min` and `max` output tokens. */
export interface AnswerTokens {
  min: number;
  max: number;
}

/**
 * The answer `pieces` made `min`..`max` tokens long (the length drawn from the seed and the
 * question): more sentences from the same set before the closing one, cut to the length.
 */
export function lengthenAnswer(seed: number, question: string, pieces: readonly string[], lengths: AnswerTokens): string[] {
  const stream = new RandomStream(seed, 'answer-length', question);
  const target = lengths.min + Math.floor(stream.next() * (lengths.max - lengths.min + 1));
  if (pieces.length >= target) return [...pieces];
  const closing = words(CLOSING).map((w, i) => (i === 0 ? ` ${w}` : w));
  const body = pieces.slice(0, Math.max(0, pieces.length - closing.length));
  for (let k = Math.floor(stream.next() * SENTENCES.length); body.length < target - closing.length; k++) {
    body.push(...words(SENTENCES[k % SENTENCES.length]!).map((w, i) => (i === 0 ? ` ${w}` : w)));
  }
  return [...body.slice(0, Math.max(0, target - closing.length)), ...closing].slice(0, target);
}

export function planReply(seed: number, request: SimRequest, maxTokens: number, answerTokens?: AnswerTokens): ReplyPlan {
  const inputTokens = estimateInputTokens(request);
  const last = request.messages[request.messages.length - 1];
  const toolResult = last?.role === 'user' ? last.content.find((c) => c.type === 'toolResult') : undefined;
  const prompt = lastUserText(request);
  const question = userQuestion(request);
  const tool = toolResult ? undefined : chooseTool(request, question === '' ? prompt : question);

  const blocks: ReplyBlock[] = [];
  if (tool) {
    const lead = ['I', "'ll", ' use', ' the', ` ${tool.name}`, ' tool', '.'];
    blocks.push({ type: 'text', text: lead.join(''), pieces: lead });
    const input = toolInput(tool.inputSchema, question === '' ? prompt : question);
    const json = JSON.stringify(input);
    const toolUseId = `tooluse_${hashParts(seed, prompt, tool.name).toString(36).padStart(8, '0')}${hashParts(prompt, seed).toString(36).padStart(8, '0')}`;
    blocks.push({ type: 'toolUse', toolUseId, name: tool.name, input, json, pieces: chunk(json, 4) });
  } else {
    const short = replyPieces(seed, question, toolResult?.type === 'toolResult' ? toolResult.text : undefined);
    const pieces = answerTokens ? lengthenAnswer(seed, question, short, answerTokens) : short;
    blocks.push({ type: 'text', text: pieces.join(''), pieces });
  }

  const reasoning = planReasoning(seed, request, question, maxTokens);
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
