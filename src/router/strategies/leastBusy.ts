import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';
import { weightedKey } from './weighted';

/**
 * Fewest attempts in flight for its size first, then fewest reserved tokens for its size;
 * ties broken at random in proportion to size. Size is the target's weight (its rpm unless
 * set), so a target with three times the quota is as "busy" with three requests as a small
 * one with one, and at rest (all idle) traffic follows quota: every window fills at the same
 * pace, so no target's quota sits unused when another one is lost.
 */
export class LeastBusyStrategy implements Strategy {
  readonly name = 'least-busy';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    return candidates
      .map((c) => ({ c, load: c.inFlight / c.weight, tokens: c.outstandingTokens / c.weight, tie: weightedKey(random, c.weight) }))
      .sort((a, b) => a.load - b.load || a.tokens - b.tokens || b.tie - a.tie)
      .map((x) => x.c);
  }
}
