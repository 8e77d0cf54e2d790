import { type Random } from '../../core/rng';
import { type Candidate, type Strategy } from './types';
import { weightedOrder } from './weighted';

/**
 * Weighted random order (like LiteLLM's simple-shuffle): each target leads with
 * probability proportional to its weight, and the next choices are weighted too.
 */
export class ShuffleStrategy implements Strategy {
  readonly name = 'shuffle';
  order(candidates: readonly Candidate[], random: Random): Candidate[] {
    return candidates.length <= 1 ? [...candidates] : weightedOrder(candidates, random);
  }
}
