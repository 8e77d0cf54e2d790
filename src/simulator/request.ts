/** The simulator's protocol-neutral view of a model request (Converse or InvokeModel bodies map to it). */
import type { ServiceTier } from './catalog';
import type { CachePrefix } from './promptCache';

export type SimContent =
  | { type: 'text'; text: string }
  | { type: 'toolUse'; toolUseId: string; name: string; input: unknown }
  | { type: 'toolResult'; toolUseId: string; text: string }
  | { type: 'image'; bytes: number }
  | { type: 'other'; chars: number };

export interface SimMessage {
  role: 'user' | 'assistant';
  content: SimContent[];
}

export interface SimTool {
  name: string;
  description?: string;
  inputSchema: unknown;
}

export interface SimRequest {
  system: string[];
  messages: SimMessage[];
  maxTokens?: number;
  tools: SimTool[];
  toolChoice?: 'auto' | 'any' | { name: string };
  /** The prompt before each cache point (Converse `cachePoint` blocks), in order. */
  cachePrefixes?: CachePrefix[];
  /** Extended thinking was asked for (`additionalModelRequestFields.thinking`). */
  thinking?: { budgetTokens: number };
  /** Converse `serviceTier.type`, when the request set one. */
  serviceTier?: ServiceTier;
}

/** Characters a content block adds to the prompt (images: 0, counted as tokens instead). */
export function contentChars(c: SimContent): number {
  switch (c.type) {
    case 'text':
      return c.text.length;
    case 'toolUse':
      return c.name.length + JSON.stringify(c.input ?? null).length;
    case 'toolResult':
      return c.text.length;
    case 'other':
      return c.chars;
    case 'image':
      return 0;
  }
}

export const IMAGE_TOKENS = 1600;

/** Estimated input tokens: about one token per four characters of text (images count ~1,600). */
export function estimateInputTokens(request: SimRequest): number {
  let chars = request.system.reduce((n, s) => n + s.length, 0);
  let extra = 0;
  for (const m of request.messages) {
    for (const c of m.content) {
      chars += contentChars(c);
      if (c.type === 'image') extra += IMAGE_TOKENS;
    }
  }
  for (const t of request.tools) chars += t.name.length + (t.description?.length ?? 0) + JSON.stringify(t.inputSchema ?? null).length;
  return Math.max(1, Math.ceil(chars / 4) + extra);
}

/** The text of the last user message (what the reply answers). */
export function lastUserText(request: SimRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user');
  return (last?.content ?? [])
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}
