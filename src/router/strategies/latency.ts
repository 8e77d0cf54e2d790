import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';

/**
 * Power of two choices on a decaying average of time to first token: pick two targets
 * at random and lead with the faster. A target with no samples yet scores 0, so it is
 * tried optimistically and gets measured. The rest follow, fastest first, as failover order.
 * Load is folded in (each attempt in flight adds one average) so a fast target is not flooded.
 */
export class LatencyStrategy implements Strategy {
  readonly name = 'latency';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    const n = candidates.length;
    if (n <= 1) return [...candidates];
    const score = (c: Candidate) => (c.ttftMs === undefined ? 0 : c.ttftMs * (1 + c.inFlight));
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j++;
    const a = candidates[i]!;
    const b = candidates[j]!;
    const first = score(b) < score(a) ? b : a;
    const rest = candidates.filter((c) => c !== first).sort((x, y) => score(x) - score(y));
    return [first, ...rest];
  }
}
