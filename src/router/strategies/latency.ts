import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';
import { weightedOrder } from './weighted';

/**
 * Below this share of its own limits free (RPM, TPM or concurrency), a target counts as nearly
 * saturated. 0.3 measured best in the in-process model of the routing-quality bench
 * (test/unit/router/latencyGoodput.test.ts): goodput as high as at 0.5, with more of a light
 * load left on the faster targets.
 */
export const LATENCY_RESERVE = 0.3;

/**
 * Power of two choices on a decaying average of time to first token: pick two targets at random,
 * in proportion to their weight (rpm unless set), and lead with the faster. A target with no samples
 * yet scores 0, so it is tried optimistically and gets measured. The rest follow, fastest first, as
 * failover order. Load is folded in (each attempt in flight adds one average) so a fast target is
 * not flooded.
 *
 * Headroom comes before speed once a target is nearly saturated (less than LATENCY_RESERVE of its
 * limits free): such a target goes behind those with room, and among nearly saturated ones the one
 * with the most room leads. Under quota pressure speed buys nothing (a request a full window turns
 * away is lost), while capacity left idle is lost for good: if the slower targets' Region then fails,
 * their unused quota goes with it. So a light load still goes to the fastest targets, and a heavy one
 * fills every window at the same pace, as `least-busy` does.
 */
export class LatencyStrategy implements Strategy {
  readonly name = 'latency';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    if (candidates.length <= 1) return [...candidates];
    const score = (c: Candidate) => (c.ttftMs === undefined ? 0 : c.ttftMs * (1 + c.inFlight));
    const room = (c: Candidate) => c.headroom ?? 1;
    const tight = (c: Candidate) => room(c) < LATENCY_RESERVE;
    const before = (x: Candidate, y: Candidate) => Number(tight(x)) - Number(tight(y)) || (tight(x) ? room(y) - room(x) : 0) || score(x) - score(y);
    // A weighted sample of two without replacement: the first two of a weighted order.
    const [a, b] = weightedOrder(candidates, random) as [Candidate, Candidate];
    const first = before(b, a) < 0 ? b : a;
    const rest = candidates.filter((c) => c !== first).sort(before);
    return [first, ...rest];
  }
}
