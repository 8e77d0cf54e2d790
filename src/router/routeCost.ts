import { type Usage } from '../providers/types';
import { type TargetRuntime } from './targets';

/**
 * What an answer's usage would have cost on the route's most expensive target: the yardstick the
 * dashboard measures a route's savings (or extra spend) against. Each target is priced as it would
 * bill the same tokens: its list (or configured) price, and prompt-cache reads and writes only where
 * its model has prompt caching (elsewhere those tokens are plain input). Tiers are left at default.
 */
export function mostExpensiveCostUsd(targets: readonly TargetRuntime[], usage: Usage): number {
  let max = 0;
  for (const t of targets) {
    const read = usage.cacheReadInputTokens ?? 0;
    const write = usage.cacheWriteInputTokens ?? 0;
    const cost = t.info.promptCaching ? t.costUsd(usage.inputTokens, usage.outputTokens, { read, write }) : t.costUsd(usage.inputTokens + read + write, usage.outputTokens);
    max = Math.max(max, cost);
  }
  return max;
}
