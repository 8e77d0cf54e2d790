import { type Candidate, type Strategy } from './types';

/** Each request starts one target further along the route's list. */
export class RoundRobinStrategy implements Strategy {
  readonly name = 'round-robin';
  private cursor = 0;
  order(candidates: readonly Candidate[]): Candidate[] {
    const n = candidates.length;
    if (n <= 1) return [...candidates];
    const start = this.cursor++ % n;
    return [...candidates.slice(start), ...candidates.slice(0, start)];
  }
}
