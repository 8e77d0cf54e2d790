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
}

/**
 * A strategy orders a route's available targets by preference for one request.
 * The router tries them in that order, skipping any that a limit or the breaker refuses.
 * Strategies keep per-route state (a round-robin cursor), so one instance serves one route.
 */
export interface Strategy {
  readonly name: string;
  order(candidates: readonly Candidate[], random: Random): Candidate[];
}
