import { type ModelInfo } from '../core/models';
import { type ChatMessage, type ContentPart, type ModelRequest } from '../providers/types';
import { MIN_REASONING_BUDGET, type RouteConfig } from './config/schema';

/** `maxTokens` used when neither the request nor its route sets one (reserved against TPM). */
export const DEFAULT_MAX_TOKENS = 4_096;

/** Most cache points a Converse request may carry. */
const MAX_CACHE_POINTS = 4;

export interface TargetModel {
  info: ModelInfo;
  /** The target's largest `maxTokens`. */
  maxOutputTokens: number;
}

/**
 * The request as one target should receive it: thinking only for models that support it
 * (its budget on top of the answer's `maxTokens`), cache points only for models with
 * prompt caching (stripped, not an error, for the others; added after the system prompt
 * and the conversation when the route asks for them), and `maxTokens` within the target's
 * limit. The caller's request is not changed.
 */
export function requestForTarget(request: ModelRequest, route: Pick<RouteConfig, 'maxTokens' | 'promptCaching' | 'reasoning'>, target: TargetModel): ModelRequest {
  const out: ModelRequest = { ...request };
  const answerTokens = request.maxTokens ?? route.maxTokens ?? DEFAULT_MAX_TOKENS;
  const budget = request.reasoningBudgetTokens ?? route.reasoning?.budgetTokens;
  delete out.reasoningBudgetTokens;
  out.maxTokens = Math.min(answerTokens, target.maxOutputTokens);
  if (budget !== undefined && target.info.reasoning) {
    const maxTokens = Math.min(answerTokens + budget, target.maxOutputTokens);
    // The answer keeps its room; thinking gets what is left up to its budget (less than the smallest budget: no thinking).
    const fitted = Math.min(budget, maxTokens - Math.min(answerTokens, maxTokens));
    if (fitted >= MIN_REASONING_BUDGET) {
      out.maxTokens = maxTokens;
      out.reasoningBudgetTokens = fitted;
    }
  }
  if (!target.info.reasoning) out.messages = mapParts(out.messages, (p) => p.type !== 'reasoning');
  if (!target.info.promptCaching) {
    out.messages = mapParts(out.messages, (p) => p.type !== 'cachePoint');
    delete out.systemCachePoint;
  } else if (route.promptCaching && !hasCachePoints(request)) {
    Object.assign(out, withCachePoints(out));
  }
  return out;
}

function mapParts(messages: readonly ChatMessage[], keep: (p: ContentPart) => boolean): ChatMessage[] {
  return messages.map((m) => (m.content.every(keep) ? m : { ...m, content: m.content.filter(keep) }));
}

export function hasCachePoints(request: ModelRequest): boolean {
  return request.systemCachePoint === true || request.messages.some((m) => m.content.some((p) => p.type === 'cachePoint'));
}

/** Cache points after the system prompt and after the last two user turns (the prefix the next turn repeats). */
function withCachePoints(request: ModelRequest): Pick<ModelRequest, 'messages' | 'systemCachePoint'> {
  const systemCachePoint = (request.system?.length ?? 0) > 0;
  let left = MAX_CACHE_POINTS - (systemCachePoint ? 1 : 0);
  const marked = new Set<number>();
  for (let i = request.messages.length - 1; i >= 0 && left > 1 && marked.size < 2; i--) {
    const m = request.messages[i]!;
    if (m.role === 'user' && m.content.length > 0) {
      marked.add(i);
      left--;
    }
  }
  const messages = request.messages.map((m, i) => (marked.has(i) ? { ...m, content: [...m.content, { type: 'cachePoint' as const }] } : m));
  return systemCachePoint ? { messages, systemCachePoint } : { messages };
}
