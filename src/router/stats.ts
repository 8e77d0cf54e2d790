import { SampleRing } from '../core/percentiles';
import { type ErrorKind } from '../providers/errors';
import { type Usage } from '../providers/types';
import { type AttemptRecord, type RequestOutcome, type RequestRecord } from './records';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
}

/** What a served answer used and cost (a `RequestRecord` is one). */
export interface Answer {
  usage?: Usage;
  costUsd?: number;
}

export class TargetStats {
  attempts = 0;
  succeeded = 0;
  failures: Partial<Record<ErrorKind, number>> = {};
  /** Throttles returned by the provider itself (our limits should make these rare). */
  providerThrottles = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheReadTokens = 0;
  cacheWriteTokens = 0;
  costUsd = 0;
  readonly latency = new SampleRing(1024);
  readonly ttft = new SampleRing(1024);

  recordAttempt(a: AttemptRecord, answer: Answer): void {
    this.attempts++;
    if (a.outcome === 'ok') {
      this.succeeded++;
      this.latency.add(a.latencyMs);
      if (a.ttftMs !== undefined) this.ttft.add(a.ttftMs);
      if (answer.usage) {
        this.inputTokens += answer.usage.inputTokens;
        this.outputTokens += answer.usage.outputTokens;
        this.cacheReadTokens += answer.usage.cacheReadInputTokens ?? 0;
        this.cacheWriteTokens += answer.usage.cacheWriteInputTokens ?? 0;
        this.costUsd += answer.costUsd ?? 0;
      }
    } else {
      this.failures[a.outcome] = (this.failures[a.outcome] ?? 0) + 1;
      if (a.outcome === 'throttled') this.providerThrottles++;
    }
  }
}

/** A route's served answers, what they cost, and what they would have cost on its most expensive target. */
export class RouteStats {
  served = 0;
  costUsd = 0;
  baselineCostUsd = 0;
}

export class TenantStats {
  total = 0;
  succeeded = 0;
  rateLimited = 0;
  failed = 0;
  cancelled = 0;
  tokens = 0;
  costUsd = 0;

  recordRequest(outcome: RequestOutcome): void {
    this.total++;
    if (outcome === 'succeeded') this.succeeded++;
    else if (outcome === 'rate-limited') this.rateLimited++;
    else if (outcome === 'cancelled') this.cancelled++;
    else this.failed++;
  }
}

export function summarize(ring: SampleRing): LatencySummary {
  const [p50, p95, p99] = ring.percentiles(50, 95, 99);
  return { p50: p50!, p95: p95!, p99: p99!, samples: ring.size };
}

/** Request-level counters and the most recent records, bounded. */
export class RouterStats {
  readonly targets = new Map<string, TargetStats>();
  readonly tenants = new Map<string, TenantStats>();
  readonly routes = new Map<string, RouteStats>();
  readonly recent: RequestRecord[] = [];
  readonly latency = new SampleRing(4096);
  totals = { requests: 0, succeeded: 0, rateLimited: 0, failed: 0, cancelled: 0, providerThrottles: 0 };

  constructor(private readonly recentLimit = 200) {}

  target(id: string): TargetStats {
    let s = this.targets.get(id);
    if (!s) this.targets.set(id, (s = new TargetStats()));
    return s;
  }

  /** One attempt's outcome, latency and (when it served the answer) its tokens and cost, on its target's counters. */
  recordAttempt(a: AttemptRecord, answer: Answer): void {
    this.target(a.targetId).recordAttempt(a, answer);
  }

  tenant(name: string): TenantStats {
    let s = this.tenants.get(name);
    if (!s) this.tenants.set(name, (s = new TenantStats()));
    return s;
  }

  recordRequest(r: RequestRecord): void {
    const t = this.totals;
    t.requests++;
    if (r.outcome === 'succeeded') {
      t.succeeded++;
      this.latency.add(r.totalMs);
    } else if (r.outcome === 'rate-limited') t.rateLimited++;
    else if (r.outcome === 'cancelled') t.cancelled++;
    else t.failed++;
    t.providerThrottles += r.attempts.filter((a) => a.outcome === 'throttled').length;
    const tenant = this.tenant(r.tenant);
    tenant.recordRequest(r.outcome);
    tenant.tokens += r.usage?.totalTokens ?? 0;
    tenant.costUsd += r.costUsd ?? 0;
    if (r.costUsd !== undefined) {
      let route = this.routes.get(r.route);
      if (!route) this.routes.set(r.route, (route = new RouteStats()));
      route.served++;
      route.costUsd += r.costUsd;
      route.baselineCostUsd += r.baselineCostUsd ?? r.costUsd;
    }
    this.recent.push(r);
    if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
  }

  reset(): void {
    this.targets.clear();
    this.tenants.clear();
    this.routes.clear();
    this.recent.length = 0;
    this.totals = { requests: 0, succeeded: 0, rateLimited: 0, failed: 0, cancelled: 0, providerThrottles: 0 };
    (this as { latency: SampleRing }).latency = new SampleRing(4096);
  }
}
