import { type ProviderError } from '../providers/errors';
import { type ModelRequest, type Usage } from '../providers/types';
import { type ResolvedConfig } from './config/validate';
import { type RouterError } from './errors';
import { finalError } from './failures';
import { type ServiceTier } from '../core/catalog';
import { type Exclusion, type PlannedCandidate, tierOf } from './planner';
import { type AttemptRecord, type RequestRecord, type ServedBy, type SkipRecord } from './records';

/**
 * What one request has learned while its attempts run: which targets failed (retried only
 * after a backoff) or must not be used again, why others were passed over, and its record.
 * The attempt loop reads and writes the request through this, and only this writes the record.
 */
export class RequestState {
  /** Targets that failed for this request: tried again only after a backoff. */
  readonly failed = new Set<string>();
  /** Targets this request must not use again (a credentials problem, a model the account does not have). */
  readonly excluded = new Map<string, Exclusion>();
  /** The error of the latest attempt that failed before its first token. */
  lastError: ProviderError | undefined;
  /** Set after a backoff: targets that already failed may be tried again. */
  retriesAllowed = false;
  /** Targets throttled or slow for this request on a route with `escalateToPriority`: their retry goes at `priority`. */
  readonly escalated = new Set<string>();
  /** Why targets were passed over: the latest reason per target. */
  private readonly skips = new Map<string, SkipRecord>();

  constructor(
    readonly record: RequestRecord,
    readonly config: ResolvedConfig,
    /** The request's route and its fallback routes, in order. */
    readonly chain: readonly string[],
    readonly request: ModelRequest,
    readonly estimatedInputTokens: number,
    readonly needsImages: boolean,
  ) {}

  /** Attempts made so far. */
  get attempts(): number {
    return this.record.attempts.length;
  }

  /** When waiting for a busy or limited target must stop: `maxQueueWaitMs` after the request began. */
  get waitUntil(): number {
    return this.record.startedAt + this.config.settings.maxQueueWaitMs;
  }

  get route(): string {
    return this.chain[0]!;
  }

  /** Notes why a target was passed over without a call (the latest reason per target wins). */
  passOver(s: SkipRecord): void {
    this.skips.set(s.targetId, s);
  }

  get skipped(): SkipRecord[] {
    return [...this.skips.values()];
  }

  get skippedIds(): string[] {
    return [...this.skips.keys()];
  }

  /** Writes the skips into the record: the one place `record.skipped` is built. */
  private recordSkips(): SkipRecord[] {
    this.record.skipped = this.skipped;
    return this.record.skipped;
  }

  /** The error that ends a request no target could serve: every target and why. */
  giveUp(tried: boolean, why?: string): RouterError {
    return finalError(this.route, this.recordSkips(), this.lastError, tried, why);
  }

  /** An admitted candidate is about to be called: records the attempt. */
  beginAttempt(c: PlannedCandidate, now: number): AttemptRecord {
    this.retriesAllowed = false;
    this.recordSkips();
    const t = c.target.config;
    const attempt: AttemptRecord = { targetId: t.id, route: c.route, model: t.model, profile: t.profile, region: t.region, startedAt: now, latencyMs: 0, outcome: 'ok', probe: c.probe };
    const tier = this.tierFor(c);
    if (tier.tier) attempt.serviceTier = tier.tier;
    if (tier.escalated) attempt.escalated = true;
    this.record.attempts.push(attempt);
    return attempt;
  }

  /** The first token arrived: the answer is committed to this candidate. */
  served(c: PlannedCandidate, now: number): ServedBy {
    // With a hedge, the first attempt to answer is the one streamed: a loser that answers a moment later does not rename it.
    if (this.record.servedBy) return this.record.servedBy;
    const t = c.target.config;
    this.record.ttftMs = now - this.record.startedAt;
    this.record.servedBy = { targetId: t.id, route: c.route, model: t.model, profile: t.profile, region: t.region };
    this.record.fallbackDepth = c.depth;
    return this.record.servedBy;
  }

  /** The usage the provider reported for the answer, and what it cost. */
  used(usage: Usage, costUsd: number, baselineCostUsd: number): void {
    this.record.usage = usage;
    this.record.costUsd = costUsd;
    this.record.baselineCostUsd = baselineCostUsd;
  }

  /**
   * The service tier to call a candidate at: `priority` once the target was throttled or slow for this request
   * on a route with `escalateToPriority` (and its model offers it), else the route's tier, else the target's.
   */
  tierFor(c: PlannedCandidate): { tier?: ServiceTier; escalated: boolean } {
    if (this.escalated.has(c.target.id)) return { tier: 'priority', escalated: true };
    return { tier: tierOf(this.config.routes.get(c.route)!, c.target)?.tier, escalated: false };
  }

  /** An attempt failed before its first token (and the error may be retried elsewhere): which targets stay in play. */
  learn(error: ProviderError, c: PlannedCandidate): void {
    this.lastError = error;
    const t = c.target;
    const route = this.config.routes.get(c.route)!;
    if (route.escalateToPriority && (error.kind === 'throttled' || error.kind === 'timeout') && t.info.serviceTiers?.includes('priority')) this.escalated.add(t.id);
    if (error.kind === 'credentials') this.excluded.set(t.id, { reason: error.message, credentialsProfile: t.config.profile });
    else if (error.kind === 'not-found') this.excluded.set(t.id, { reason: error.message });
    else this.failed.add(t.id);
  }
}
