import { type Random } from '../../core/rng';
import { type Candidate } from './types';

/**
 * An Efraimidis-Spirakis key, u^(1/w): ordering by it, largest first, gives a weighted random
 * permutation in one pass, so each place in the order is drawn in proportion to weight.
 */
export function weightedKey(random: Random, weight: number): number {
  return Math.pow(random(), 1 / weight);
}

/** The candidates in a weighted random order: each leads with probability proportional to its weight. */
export function weightedOrder(candidates: readonly Candidate[], random: Random): Candidate[] {
  return candidates
    .map((c) => ({ c, key: weightedKey(random, c.weight) }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.c);
}
