import { type RegionWeight } from '../simulator';
import { DEMO_REGIONS } from './scenario';

/** The demo world's CRIS weights for the US geography, in destination order. */
export function demoUsWeights(): RegionWeight[] {
  return Object.entries(DEMO_REGIONS).map(([region, c]) => ({ region, weight: c.capacity }));
}
