import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';

/**
 * Weighted random order (like LiteLLM's simple-shuffle): each target leads with
 * probability proportional to its weight. Efraimidis-Spirakis keys (u^(1/w)) give a
 * whole weighted permutation in one pass, so the next choices are weighted too.
 */
export class ShuffleStrategy implements Strategy {
  readonly name = 'shuffle';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    if (candidates.length <= 1) return [...candidates];
    return candidates
      .map((c) => ({ c, key: Math.pow(random(), 1 / c.weight) }))
      .sort((a, b) => b.key - a.key)
      .map((x) => x.c);
  }
}
