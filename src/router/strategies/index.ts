import { type StrategyName } from '../config/schema';
import { CostStrategy } from './cost';
import { LatencyStrategy } from './latency';
import { LeastBusyStrategy } from './leastBusy';
import { RoundRobinStrategy } from './roundRobin';
import { ShuffleStrategy } from './shuffle';
import { type Strategy } from './types';

export type { Candidate, RouteGoals, Strategy } from './types';

export function createStrategy(name: StrategyName): Strategy {
  switch (name) {
    case 'shuffle':
      return new ShuffleStrategy();
    case 'round-robin':
      return new RoundRobinStrategy();
    case 'least-busy':
      return new LeastBusyStrategy();
    case 'latency':
      return new LatencyStrategy();
    case 'cost':
      return new CostStrategy();
  }
}
