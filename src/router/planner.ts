import { formatMs } from '../core/duration';
import { type ServiceTier } from '../core/catalog';
import { type RouteConfig } from './config/schema';
import { type ResolvedConfig } from './config/validate';
import { routeExclusion } from './inferenceScope';
import { DEFAULT_MAX_TOKENS } from './requestForTarget';
import { type LimitUsage } from './limits/types';
import { type SkipRecord } from './records';
import { type Strategy } from './strategies';
import { type TargetRuntime } from './targets';
import { type Random } from '../core/rng';

export interface PlannedCandidate {
  target: TargetRuntime;
  route: string;
  /** Position of `route` in the request's fallback chain (0 = the request's own route). */
  depth: number;
  probe: boolean;
}

export interface Plan {
  /** Targets not yet tried by this request, in preference order. */
  fresh: PlannedCandidate[];
  /** Targets that already failed for this request and may be retried after a backoff. */
  retry: PlannedCandidate[];
  /** Targets passed over, with why, and when they may be ready again. */
  skipped: SkipRecord[];
}

/** Why a request stopped using a target: the error's message, and the account for a credentials problem. */
export interface Exclusion {
  reason: string;
  credentialsProfile?: string;
}

export interface PlanInput {
  config: ResolvedConfig;
  chain: readonly string[];
  targets: ReadonlyMap<string, TargetRuntime>;
  strategies: ReadonlyMap<string, Strategy>;
  random: Random;
  now: number;
  estimatedInputTokens: number;
  failed: ReadonlySet<string>;
  /** Targets this request must not use again (credentials, not found). */
  excluded: ReadonlyMap<string, Exclusion>;
  /** Regions with a recent outage-like failure: their targets are tried after the others. */
  suspectRegions: ReadonlySet<string>;
  /** The request carries images: targets whose model cannot read them are skipped. */
  needsImages?: boolean;
  /** The request's own `maxTokens`, for cost estimates (else the route's, else the default). */
  maxTokens?: number;
  /** Current use under a limit key (the limit store's), for strategies that weigh headroom. */
  usage?: (key: string) => LimitUsage;
}

/**
 * Orders the request's fallback chain into candidates: each route's targets in its
 * strategy's order, routes in chain order, targets not yet tried before retries.
 * Targets the breaker refuses, or too small for the input, are skipped here; limits
 * are checked when a candidate is admitted.
 */
export function plan(input: PlanInput): Plan {
  const out: Plan = { fresh: [], retry: [], skipped: [] };
  const seen = new Set<string>();
  input.chain.forEach((routeName, depth) => {
    const route = input.config.routes.get(routeName)!;
    const runtimes = route.targets.map((id) => input.targets.get(id)!).filter((t) => !seen.has(t.id));
    const allowed = runtimes.filter((t) => {
      // A route's inferenceScope / allowedRegions never let a request out (validation rejects such routes; this holds anyway).
      const why = routeExclusion(route, t.config, t.models);
      if (why) out.skipped.push({ targetId: t.id, route: routeName, reason: `not allowed by route ${routeName}: ${why}` });
      return !why;
    });
    const strategy = input.strategies.get(routeName)!;
    // Expected cost and p95 time to first token: only the `cost` strategy reads them, so only it pays for them.
    const costAware = strategy.name === 'cost';
    // Headroom under each target's own limits: only the `latency` strategy reads it.
    const roomAware = strategy.name === 'latency' && input.usage !== undefined;
    const maxTokens = input.maxTokens ?? route.maxTokens ?? DEFAULT_MAX_TOKENS;
    // Every target is priced for the same answer length (what the route's targets answered lately, else a quarter of
    // maxTokens), so a target is not made to look cheap by having answered nothing yet.
    const lengths = costAware ? allowed.map((t) => t.recentOutputTokens).filter((n): n is number => n !== undefined) : [];
    const expectedOutput = lengths.length > 0 ? lengths.reduce((a, b) => a + b, 0) / lengths.length : maxTokens / 4;
    const ordered = strategy.order(
      allowed.map((t) => ({
        id: t.id,
        weight: t.config.weight ?? t.config.rpm ?? 1,
        inFlight: t.inFlight,
        outstandingTokens: t.outstandingTokens,
        ttftMs: t.ttftMs,
        ...(roomAware ? { headroom: headroomOf(t, input.usage!(t.key)) } : {}),
        ...(costAware ? { ttftP95Ms: t.ttftP95Ms, costUsd: t.expectedCostUsd(input.estimatedInputTokens, Math.min(expectedOutput, t.maxOutputTokens), tierOf(route, t)?.tier) } : {}),
      })),
      input.random,
      { ttftObjectiveMs: route.ttftObjectiveMs },
    );
    for (const c of ordered) {
      seen.add(c.id);
      const target = input.targets.get(c.id)!;
      const skip = (reason: string, retryAfterMs?: number, credentialsProfile?: string) => {
        const s: SkipRecord = { targetId: target.id, route: routeName, reason, retryAfterMs };
        if (credentialsProfile !== undefined) s.credentialsProfile = credentialsProfile;
        out.skipped.push(s);
      };
      const excluded = input.excluded.get(target.id);
      if (excluded !== undefined) {
        skip(excluded.reason, undefined, excluded.credentialsProfile);
        continue;
      }
      if (input.needsImages && !target.info.images) {
        skip(`its model ${target.config.model} does not accept images`);
        continue;
      }
      const tier = tierOf(route, target);
      if (tier && target.info.serviceTiers && !target.info.serviceTiers.includes(tier.tier)) {
        skip(`its model ${target.config.model} is not offered at the "${tier.tier}" service tier (${tier.from}.serviceTier); it offers ${target.info.serviceTiers.map((t) => `"${t}"`).join(', ')}`);
        continue;
      }
      if (input.estimatedInputTokens > target.contextWindow) {
        skip(`the input (about ${input.estimatedInputTokens} tokens) exceeds its context window of ${target.contextWindow} tokens`);
        continue;
      }
      const availability = target.health.check(input.now);
      if (!availability.ok) {
        skip(availability.reason, availability.retryAfterMs, availability.credentials ? target.config.profile : undefined);
        continue;
      }
      const candidate = { target, route: routeName, depth, probe: availability.probe };
      (input.failed.has(target.id) ? out.retry : out.fresh).push(candidate);
    }
  });
  if (input.suspectRegions.size > 0) {
    out.fresh = lastIfSuspect(out.fresh, input.suspectRegions);
    out.retry = lastIfSuspect(out.retry, input.suspectRegions);
  }
  return out;
}

/** The tier a route calls a target at, and which setting chose it: the route's, else the target's. */
export function tierOf(route: Pick<RouteConfig, 'serviceTier'>, target: TargetRuntime): { tier: ServiceTier; from: 'route' | 'target' } | undefined {
  if (route.serviceTier) return { tier: route.serviceTier, from: 'route' };
  if (target.config.serviceTier) return { tier: target.config.serviceTier, from: 'target' };
  return undefined;
}

/** One minus the fullest of a target's own limits (RPM, TPM, concurrency); undefined when it has none. */
export function headroomOf(t: TargetRuntime, u: LimitUsage): number | undefined {
  const { rpm, tpm, maxConcurrent } = t.config;
  const used = [rpm ? u.rpm / rpm : undefined, tpm ? u.tpm / tpm : undefined, maxConcurrent ? u.inFlight / maxConcurrent : undefined].filter((x): x is number => x !== undefined);
  return used.length === 0 ? undefined : Math.max(0, 1 - Math.max(...used));
}

/** Keeps the order, but moves targets in a suspect Region behind the rest. */
function lastIfSuspect(cs: PlannedCandidate[], suspect: ReadonlySet<string>): PlannedCandidate[] {
  const ok = cs.filter((c) => !suspect.has(c.target.config.region));
  return ok.length === cs.length ? cs : [...ok, ...cs.filter((c) => suspect.has(c.target.config.region))];
}

/** One line per target: "sonnet-a: at its limit of 3 requests per minute (free in 41 s)". */
export function describeSkips(skipped: readonly SkipRecord[]): string {
  const last = new Map<string, SkipRecord>();
  for (const s of skipped) last.set(s.targetId, s);
  return [...last.values()].map((s) => `${s.targetId}: ${s.reason}${s.retryAfterMs !== undefined && !/\d+(\.\d+)? (ms|s|min)/.test(s.reason) ? ` (ready in ${formatMs(s.retryAfterMs)})` : ''}`).join('; ');
}
