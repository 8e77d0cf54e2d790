/**
 * The benchmarks' requests, sized in advance: a short question (the simulator answers it)
 * and a context block that sets the input size. The simulator estimates input tokens as
 * characters / 4 and its answers are seeded by the question, so the benchmark knows each
 * request's reservation and real usage before sending it, as the capacity limit needs.
 */
import { findInferenceProfile, findModel, lengthenAnswer, replyPieces } from '../simulator';

import { type CapacityRequest } from './capacity';

const FILLER = 'Context line for the benchmark: a paragraph of an attached file, repeated to reach its size. ';

export interface SizedRequest {
  n: number;
  question: string;
  context: string;
  maxTokens: number;
  /** As the simulator counts them. */
  inputTokens: number;
  outputTokens: number;
}

export interface RegionSpeed {
  ttftMs: number;
  tokensPerSecond: number;
}

/** A request whose input is `inputTokens` tokens as the simulator counts them (characters / 4), answering `n`'s question. */
export function sizedRequest(o: { seed: number; n: number; inputTokens: number; maxTokens: number; answerTokens?: { min: number; max: number } }): SizedRequest {
  const question = `Benchmark request ${o.n}: one paragraph on backpressure.`;
  const chars = Math.max(0, o.inputTokens * 4 - question.length);
  const context = FILLER.repeat(Math.ceil(chars / FILLER.length)).slice(0, chars);
  const short = replyPieces(o.seed, question);
  const pieces = o.answerTokens ? lengthenAnswer(o.seed, question, short, o.answerTokens) : short;
  return { n: o.n, question, context, maxTokens: o.maxTokens, inputTokens: Math.ceil((question.length + context.length) / 4), outputTokens: Math.min(pieces.length, o.maxTokens) };
}

/** The model's output burndown (5 for Claude 4-class models): by foundation model or inference profile id. */
export function burndownOf(model: string): number {
  const m = findModel(findInferenceProfile(model)?.modelId ?? model);
  if (!m) throw new Error(`unknown model ${model}`);
  return m.outputBurndown;
}

/** The capacity limit's view of a request sent at `atMs`: reservation, real usage, and how long it runs (jitter ignored). */
export function capacityRequest(r: SizedRequest, atMs: number, model: string, speed: RegionSpeed): CapacityRequest {
  const m = findModel(findInferenceProfile(model)?.modelId ?? model)!;
  const durationMs = speed.ttftMs / Math.sqrt(m.speedFactor) + (1000 * r.outputTokens) / (speed.tokensPerSecond * m.speedFactor);
  return { atMs, reserve: r.inputTokens + r.maxTokens, settle: r.inputTokens + r.outputTokens * m.outputBurndown, durationMs };
}
