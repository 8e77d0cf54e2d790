import { type ResolvedConfig } from './config/validate';
import { workspaceQuota } from './config/quotas';
import { type LimitMode, type LimitStore, type LimitUsage } from './limits/types';
import { type RequestRecord } from './records';
import { type LatencySummary, type RouterStats, summarize } from './stats';
import { type TargetRuntime } from './targets';

export interface TargetSnapshot {
  id: string;
  label?: string;
  model: string;
  profile: string;
  region: string;
  health: 'healthy' | 'cooling' | 'half-open' | 'credentials';
  healthLabel: string;
  /** Why it is not healthy, when it is not. */
  reason?: string;
  /** For cooling targets: time left. */
  retryInMs?: number;
  limits: { rpm?: number; tpm?: number; maxConcurrent?: number };
  usage: LimitUsage;
  attempts: number;
  succeeded: number;
  providerThrottles: number;
  failures: Record<string, number>;
  latency: LatencySummary;
  ttft: LatencySummary;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
}

export interface TenantSnapshot {
  name: string;
  quota: { rpm?: number; tpm?: number; tokensPerDay?: number };
  usage: LimitUsage;
  total: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  cancelled: number;
  tokens: number;
  costUsd: number;
}

export interface RouteSnapshot {
  name: string;
  strategy: string;
  targets: string[];
  fallbacks: string[];
  /** Answers of requests to this route with a known cost, what they cost, and what they would have cost on its most expensive target. */
  cost: { served: number; costUsd: number; baselineCostUsd: number };
}

/** Everything the dashboard and status bar show about the router right now. Plain data. */
export interface RouterSnapshot {
  at: number;
  /** Where the limits (and the usage below) live: this process, Redis, or this process while Redis is unreachable. */
  limitsMode: LimitMode;
  defaultRoute: string;
  routes: RouteSnapshot[];
  targets: TargetSnapshot[];
  tenants: TenantSnapshot[];
  totals: RouterStats['totals'];
  latency: LatencySummary;
  recent: RequestRecord[];
}

export function buildSnapshot(config: ResolvedConfig, targets: ReadonlyMap<string, TargetRuntime>, store: LimitStore, stats: RouterStats, now: number): RouterSnapshot {
  const q = config.settings.quotas;
  const tenantNames = new Set([...Object.keys(q.workspaces), ...stats.tenants.keys()]);
  return {
    at: now,
    limitsMode: store.mode,
    defaultRoute: config.defaultRoute,
    routes: [...config.routes.values()].map((r) => {
      const c = stats.routes.get(r.name);
      return { name: r.name, strategy: r.strategy, targets: [...r.targets], fallbacks: [...r.fallbacks], cost: { served: c?.served ?? 0, costUsd: c?.costUsd ?? 0, baselineCostUsd: c?.baselineCostUsd ?? 0 } };
    }),
    targets: [...targets.values()].map((t) => {
      const s = stats.target(t.id);
      const h = t.health.snapshot;
      return {
        id: t.id,
        label: t.config.label,
        model: t.config.model,
        profile: t.config.profile,
        region: t.config.region,
        health: h.state,
        healthLabel: t.health.label(now),
        reason: h.state === 'healthy' ? undefined : h.reason,
        retryInMs: h.state === 'cooling' || h.state === 'credentials' ? Math.max(0, h.until - now) : undefined,
        limits: { rpm: t.config.rpm, tpm: t.config.tpm, maxConcurrent: t.config.maxConcurrent },
        // In flight from the router itself: the store counts only targets with a concurrency limit.
        usage: { ...store.usage(t.key, now), inFlight: t.inFlight },
        attempts: s.attempts,
        succeeded: s.succeeded,
        providerThrottles: s.providerThrottles,
        failures: { ...s.failures },
        latency: summarize(s.latency),
        ttft: summarize(s.ttft),
        tokens: { input: s.inputTokens, output: s.outputTokens, cacheRead: s.cacheReadTokens, cacheWrite: s.cacheWriteTokens },
        costUsd: s.costUsd,
      };
    }),
    tenants: [...tenantNames].map((name) => {
      const s = stats.tenant(name);
      const { quota } = workspaceQuota(q, name);
      return { name, quota: { ...quota }, usage: store.usage(`tenant:${name}`, now), total: s.total, succeeded: s.succeeded, rateLimited: s.rateLimited, failed: s.failed, cancelled: s.cancelled, tokens: s.tokens, costUsd: s.costUsd };
    }),
    totals: { ...stats.totals },
    latency: summarize(stats.latency),
    recent: [...stats.recent],
  };
}
