/**
 * How Bedrock counts a request against its quotas ("How tokens are counted in Amazon
 * Bedrock", Amazon Bedrock user guide, the token burndown page):
 * - at the start it reserves the input tokens plus maxTokens (Converse
 *   `inferenceConfig.maxTokens`, Anthropic `max_tokens`, Llama `max_gen_len`; the model's
 *   default when the request sets none);
 * - at the end it settles to input tokens + cache-write tokens + output tokens x the
 *   model's burndown rate (5 for Claude 4-class models, 1 for the others). Tokens read
 *   from the prompt cache do not count.
 */
import type { ModelInfo } from './catalog';

export interface Usage {
  /** Input tokens neither read from nor written to the prompt cache. */
  inputTokens: number;
  cacheWriteInputTokens?: number;
  outputTokens: number;
}

/** Tokens reserved when a request is admitted. */
export function reservationTokens(inputTokens: number, maxTokens: number): number {
  return inputTokens + maxTokens;
}

/** Tokens a finished request counts against the quota. */
export function settledTokens(model: Pick<ModelInfo, 'outputBurndown'>, usage: Usage): number {
  return usage.inputTokens + (usage.cacheWriteInputTokens ?? 0) + usage.outputTokens * model.outputBurndown;
}

/** The output tokens a request may generate: its own maxTokens, else the model's default, at most the model's maximum. */
export function effectiveMaxTokens(model: Pick<ModelInfo, 'defaultMaxTokens' | 'maxOutputTokens'>, requested: number | undefined, scenarioDefault?: number): number {
  return Math.min(requested ?? scenarioDefault ?? model.defaultMaxTokens, model.maxOutputTokens);
}
