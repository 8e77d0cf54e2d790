import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';
import { weightedOrder } from './weighted';

/**
 * Power of two choices on a decaying average of time to first token: pick two targets
 * at random, in proportion to their weight (rpm unless set), and lead with the faster.
 * A target with no samples yet scores 0, so it is tried optimistically and gets measured.
 * The rest follow, fastest first, as failover order.
 * Load is folded in (each attempt in flight adds one average) so a fast target is not flooded.
 */
export class LatencyStrategy implements Strategy {
  readonly name = 'latency';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    if (candidates.length <= 1) return [...candidates];
    const score = (c: Candidate) => (c.ttftMs === undefined ? 0 : c.ttftMs * (1 + c.inFlight));
    // A weighted sample of two without replacement: the first two of a weighted order.
    const [a, b] = weightedOrder(candidates, random) as [Candidate, Candidate];
    const first = score(b) < score(a) ? b : a;
    const rest = candidates.filter((c) => c !== first).sort((x, y) => score(x) - score(y));
    return [first, ...rest];
  }
}
