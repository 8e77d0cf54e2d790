import { type ResolvedConfig } from './config/validate';
import { workspaceQuota } from './config/quotas';
import { learntText } from './limits/learner';
import { type PoolKind, type PoolLimits, type PoolTable } from './limits/pools';
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
  /** The target's own (gateway) limits, as typed. */
  limits: { rpm?: number; tpm?: number; maxConcurrent?: number };
  usage: LimitUsage;
  /** Key of the Bedrock quota pool it draws from (see `pools`). */
  pool: string;
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

/** A Bedrock quota pool (account x Region x model x kind) and what the router has drawn from it. */
export interface PoolSnapshot {
  key: string;
  /** "shard-a us-east-1 Claude Sonnet 4.5 (cross-Region)". */
  label: string;
  profile: string;
  region: string;
  model: string;
  kind: PoolKind;
  /**
   * Tokens per minute and per day, with where each came from (typed in settings, or Service Quotas),
   * and the tokens per minute learnt from Bedrock's throttles when lower (`learntTpm`).
   */
  limits: PoolLimits;
  /** Whether any of its targets learns its limit (`learnLimits`, default true). */
  learns: boolean;
  /** When a limit is learnt: "learnt ≈ 38k of 100k tokens/min; another client may be using this account". */
  learnt?: string;
  /** Quota tokens (after burndown; running requests count their reservation) in the last minute, and today (UTC) for the model in the Region. */
  usage: { tpm: number; tokensToday: number };
  /** Targets drawing from it. */
  targets: string[];
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
  /** Bedrock quota pools of the configured targets, in the units Bedrock throttles on. */
  pools: PoolSnapshot[];
  tenants: TenantSnapshot[];
  totals: RouterStats['totals'];
  latency: LatencySummary;
  recent: RequestRecord[];
}

function poolSnapshots(targets: ReadonlyMap<string, TargetRuntime>, store: LimitStore, pools: PoolTable | undefined, now: number): PoolSnapshot[] {
  const out = new Map<string, PoolSnapshot>();
  for (const t of targets.values()) {
    const ref = t.pool;
    const known = out.get(ref.key);
    if (known) {
      known.targets.push(t.id);
      known.learns ||= t.learnsLimits;
      continue;
    }
    const limits = pools?.limitsWithLearnt(ref) ?? {};
    const learnt = learntText(limits.learntTpm, limits.tpm);
    out.set(ref.key, {
      key: ref.key,
      label: ref.label,
      profile: ref.profile,
      region: ref.region,
      model: ref.model,
      kind: ref.kind,
      limits,
      learns: t.learnsLimits,
      ...(learnt ? { learnt } : {}),
      usage: { tpm: store.usage(ref.key, now).tpm, tokensToday: store.usage(ref.dayKey, now).tokensToday },
      targets: [t.id],
    });
  }
  return [...out.values()];
}

export function buildSnapshot(config: ResolvedConfig, targets: ReadonlyMap<string, TargetRuntime>, store: LimitStore, stats: RouterStats, now: number, pools?: PoolTable): RouterSnapshot {
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
        pool: t.pool.key,
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
    pools: poolSnapshots(targets, store, pools, now),
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
