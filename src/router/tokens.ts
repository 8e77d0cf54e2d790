import { type ModelRequest, type Usage } from '../providers/types';

/**
 * A local token estimate (about four characters per token, plus per-message overhead),
 * used for TPM reservations, context-window checks and `provideTokenCount`. Never a
 * network call. Reservations are settled with the real usage afterwards.
 */
export const CHARS_PER_TOKEN = 4;
const MESSAGE_OVERHEAD = 4;
const IMAGE_TOKENS = 1_600;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateInputTokens(request: ModelRequest): number {
  let tokens = 0;
  for (const s of request.system ?? []) tokens += estimateTextTokens(s) + MESSAGE_OVERHEAD;
  for (const m of request.messages) {
    tokens += MESSAGE_OVERHEAD;
    for (const part of m.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          tokens += estimateTextTokens(part.text);
          break;
        case 'image':
          tokens += IMAGE_TOKENS;
          break;
        case 'toolUse':
          tokens += estimateTextTokens(part.name) + estimateTextTokens(JSON.stringify(part.input ?? {}));
          break;
        case 'toolResult':
          for (const c of part.content) tokens += estimateTextTokens('text' in c ? c.text : JSON.stringify(c.json));
          break;
        case 'cachePoint':
          break;
      }
    }
  }
  for (const t of request.tools ?? []) tokens += estimateTextTokens(t.name + (t.description ?? '') + JSON.stringify(t.inputSchema));
  return tokens;
}

/** Tokens that count against TPM limits: input and output, and prompt-cache writes (cache reads do not count, as in Bedrock's quotas). */
export function limitTokens(u: Usage): number {
  return u.inputTokens + u.outputTokens + (u.cacheWriteInputTokens ?? 0);
}
