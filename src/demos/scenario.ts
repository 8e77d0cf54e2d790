import { type Scenario } from '../simulator';

/**
 * The simulated world the demos run in: two accounts and the US Regions with the
 * capacities and latencies that shape a cross-Region profile's spread. Quotas are
 * generous, so the router's limits (the seed's 3 and 25 RPM) are the binding ones.
 */
export const DEMO_ACCOUNTS = [
  { profile: 'shard-a', accountId: '111111111111', defaultRegion: 'us-east-1' },
  { profile: 'shard-b', accountId: '222222222222', defaultRegion: 'us-east-1' },
] as const;

export const DEMO_REGIONS = {
  'us-east-1': { capacity: 2, ttftMs: 650, tokensPerSecond: 70 },
  'us-east-2': { capacity: 5, ttftMs: 520, tokensPerSecond: 80 },
  'us-west-2': { capacity: 3, ttftMs: 720, tokensPerSecond: 65 },
} as const;

export function demoScenario(seed: number): Scenario {
  return {
    seed,
    accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })),
    regions: Object.fromEntries(Object.entries(DEMO_REGIONS).map(([r, c]) => [r, { ...c }])),
    quotas: { default: { rpm: 100_000, tpm: 100_000_000 } },
  };
}

/**
 * Seeds for which the simulator's seeded CRIS streams reproduce the seed post's
 * published Region counts with the capacities above (found by
 * `npx tsx scripts/find-demo-seeds.ts`; a unit test checks them). The router plays no
 * part in which Region serves a profile request, so the seed picks the world, not the result.
 */
export const DEMO_SEEDS = {
  /** 10 requests from shard-a: us-east-1 1, us-east-2 7, us-west-2 2. */
  cris: 15,
  /** 10 each: shard-a us-east-2 7, us-west-2 3; shard-b us-east-1 2, us-east-2 3, us-west-2 5. */
  sharding: 3984,
  default: 7,
} as const;
