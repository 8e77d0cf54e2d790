import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';

/** Fewest attempts in flight first, then fewest reserved tokens; ties broken at random. */
export class LeastBusyStrategy implements Strategy {
  readonly name = 'least-busy';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    return candidates
      .map((c) => ({ c, tie: random() }))
      .sort((a, b) => a.c.inFlight - b.c.inFlight || a.c.outstandingTokens - b.c.outstandingTokens || a.tie - b.tie)
      .map((x) => x.c);
  }
}
