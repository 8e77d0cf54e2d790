import { type Random } from '../../core/rng';

/** What a strategy may look at when ordering a route's targets. */
export interface Candidate {
  readonly id: string;
  readonly weight: number;
  /** Attempts in flight on this target now. */
  readonly inFlight: number;
  /** Tokens reserved by those in-flight attempts. */
  readonly outstandingTokens: number;
  /** Decaying average time to first token in ms, undefined before the first sample. */
  readonly ttftMs: number | undefined;
  /** p95 time to first token over the target's recent answers, undefined until it has a few. */
  readonly ttftP95Ms?: number | undefined;
  /** What this request is expected to cost on this target, in USD (its price, tier and prompt-cache reads and writes). */
  readonly costUsd?: number;
  /**
   * Share of the target's own limits still free now, 0 to 1: one minus the fullest of its RPM
   * window, TPM window and concurrency slots. Undefined when it has no limits (then it has room).
   */
  readonly headroom?: number;
}

/** What a strategy may know about the route it orders. */
export interface RouteGoals {
  /** The route's time-to-first-token objective (route.ttftObjectiveMs). */
  readonly ttftObjectiveMs?: number | undefined;
}

/**
 * A strategy orders a route's available targets by preference for one request.
 * The router tries them in that order, skipping any that a limit or the breaker refuses.
 * Strategies keep per-route state (a round-robin cursor), so one instance serves one route.
 */
export interface Strategy {
  readonly name: string;
  order(candidates: readonly Candidate[], random: Random, goals?: RouteGoals): Candidate[];
}
