/**
 * Latency model: time to first token, then a steady output rate, both from the
 * serving Region's settings, scaled by the model's speed and by degradation, with
 * a deterministic jitter. Times are in simulated ms (the clock scales them).
 */
import { SERVICE_TIER_EFFECT, type ModelInfo, type ServiceTier } from './catalog';
import type { RegionConfig } from './types';

export interface LatencyPlan {
  firstTokenMs: number;
  perTokenMs: number;
}

/** `u` is a uniform number in [0, 1) that picks the jitter. */
export function latencyPlan(region: RegionConfig, model: ModelInfo, u: number, extraFirstTokenMs = 0, tier: ServiceTier = 'default'): LatencyPlan {
  // Priority is served ahead of default and flex ("up to 25% better output tokens per second"); flex behind them.
  const slow = (region.status === 'degraded' ? region.degraded.latencyFactor : 1) / SERVICE_TIER_EFFECT[tier].speed;
  const jitter = 1 + region.jitter * (2 * u - 1);
  const firstTokenMs = (region.ttftMs * slow * jitter) / Math.sqrt(model.speedFactor);
  const perTokenMs = (1000 * slow * jitter) / (region.tokensPerSecond * model.speedFactor);
  return { firstTokenMs: Math.max(0, firstTokenMs) + extraFirstTokenMs, perTokenMs: Math.max(0, perTokenMs) };
}

/** Total simulated time to produce `outputTokens`. */
export function totalLatencyMs(plan: LatencyPlan, outputTokens: number): number {
  return plan.firstTokenMs + plan.perTokenMs * outputTokens;
}
