import { type Random } from '../../core/rng';
import { type Candidate, type RouteGoals, type Strategy } from './types';
import { weightedKey } from './weighted';

/**
 * Cheapest first, within the route's latency objective: targets whose recent p95 time to first
 * token meets `ttftObjectiveMs` (or that have too few samples to say: they get measured) lead,
 * cheapest first by the request's expected cost (price, service tier, prompt-cache reads at 0.1x
 * and writes at 1.25x the input price); the ones that miss it follow, fastest first, so when none
 * meets it the request still goes to the fastest. Without an objective: plain cheapest first.
 * Targets that cost the same (same model and price) are ordered as `least-busy` orders them, so
 * equal-price capacity fills evenly, in proportion to size, rather than one target first.
 */
export class CostStrategy implements Strategy {
  readonly name = 'cost';
  order(candidates: readonly Candidate[], random: Random, goals: RouteGoals = {}): Candidate[] {
    const objective = goals.ttftObjectiveMs;
    const meets = (c: Candidate) => objective === undefined || c.ttftP95Ms === undefined || c.ttftP95Ms <= objective;
    const scored = candidates.map((c) => ({ c, cost: c.costUsd ?? 0, speed: c.ttftP95Ms ?? c.ttftMs ?? 0, load: c.inFlight / c.weight, tokens: c.outstandingTokens / c.weight, tie: weightedKey(random, c.weight) }));
    type Scored = (typeof scored)[number];
    // Costs from the same price and usage are equal; a relative epsilon keeps float noise from splitting them.
    const cheaper = (a: Scored, b: Scored) => (Math.abs(a.cost - b.cost) <= 1e-9 * Math.max(a.cost, b.cost) ? 0 : a.cost - b.cost);
    const busier = (a: Scored, b: Scored) => a.load - b.load || a.tokens - b.tokens || b.tie - a.tie;
    const cheapest = scored.filter((x) => meets(x.c)).sort((a, b) => cheaper(a, b) || busier(a, b));
    const fastest = scored.filter((x) => !meets(x.c)).sort((a, b) => a.speed - b.speed || cheaper(a, b) || busier(a, b));
    return [...cheapest, ...fastest].map((x) => x.c);
  }
}
