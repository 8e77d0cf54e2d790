import { type Candidate, type RouteGoals, type Strategy } from './types';

/**
 * Cheapest first, within the route's latency objective: targets whose recent p95 time to first
 * token meets `ttftObjectiveMs` (or that have too few samples to say: they get measured) lead,
 * cheapest first by the request's expected cost (price, service tier, prompt-cache reads at 0.1x
 * and writes at 1.25x the input price); the ones that miss it follow, fastest first, so when none
 * meets it the request still goes to the fastest. Without an objective: plain cheapest first.
 * Ties (same model and price) go to the one with fewer attempts in flight, then the faster.
 */
export class CostStrategy implements Strategy {
  readonly name = 'cost';
  order(candidates: readonly Candidate[], _random: unknown, goals: RouteGoals = {}): Candidate[] {
    const objective = goals.ttftObjectiveMs;
    const meets = (c: Candidate) => objective === undefined || c.ttftP95Ms === undefined || c.ttftP95Ms <= objective;
    const cost = (c: Candidate) => c.costUsd ?? 0;
    const speed = (c: Candidate) => c.ttftP95Ms ?? c.ttftMs ?? 0;
    const cheapest = candidates.filter(meets).sort((a, b) => cost(a) - cost(b) || a.inFlight / a.weight - b.inFlight / b.weight || speed(a) - speed(b));
    const fastest = candidates.filter((c) => !meets(c)).sort((a, b) => speed(a) - speed(b) || cost(a) - cost(b));
    return [...cheapest, ...fastest];
  }
}
