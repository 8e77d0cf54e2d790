import { type Scenario } from '../../simulator';
import { type CapacityPool } from '../capacity';
import { type RegionSpeed } from '../workload';

/**
 * On demand by model id, so each account x Region is its own pool, a Regional outage
 * really removes that Region's pools, and the Regions' speeds differ (an inference
 * profile would spread both Regions' calls over the same destinations). Nova counts
 * output 1:1; the real-world section (src/bench/realWorld) runs a Claude 4-class model,
 * output 5x, through inference profiles.
 */
export const BENCH_MODEL = 'amazon.nova-lite-v1:0';

export interface BenchTarget {
  id: string;
  profile: string;
  region: string;
  /** The account's tokens-per-minute quota for the model's on-demand pool in this Region, enforced by the simulator. */
  tpm: number;
}

/**
 * Two accounts x two Regions, with different quotas (about 40, 20, 30 and 50 of the
 * benchmark's requests a minute); us-west-2 is a little slower and fails mid-run.
 */
export const BENCH_TARGETS: BenchTarget[] = [
  { id: 'a-east', profile: 'bench-a', region: 'us-east-1', tpm: 20_000 },
  { id: 'a-west', profile: 'bench-a', region: 'us-west-2', tpm: 10_000 },
  { id: 'b-east', profile: 'bench-b', region: 'us-east-1', tpm: 15_000 },
  { id: 'b-west', profile: 'bench-b', region: 'us-west-2', tpm: 25_000 },
];

export const FAILING_REGION = 'us-west-2';
export const TENANTS = ['team-1', 'team-2', 'team-3'];

/** Each request: 470 input tokens and maxTokens 300 (reserves 770), answered in about 40-60 tokens (settles to about 520). */
export const REQUEST_INPUT_TOKENS = 470;
export const REQUEST_MAX_TOKENS = 300;

export const REGION_SPEED: Record<string, RegionSpeed> = {
  'us-east-1': { ttftMs: 420, tokensPerSecond: 90 },
  'us-west-2': { ttftMs: 480, tokensPerSecond: 80 },
};

export function benchScenario(seed: number): Scenario {
  return {
    seed,
    accounts: [
      { profile: 'bench-a', accountId: '333333333333', defaultRegion: 'us-east-1' },
      { profile: 'bench-b', accountId: '444444444444', defaultRegion: 'us-east-1' },
    ],
    regions: Object.fromEntries(Object.entries(REGION_SPEED).map(([r, s]) => [r, { ...s, jitter: 0.15 }])),
    quotas: { rules: BENCH_TARGETS.map((t) => ({ profile: t.profile, region: t.region, model: BENCH_MODEL, pool: 'on-demand' as const, tpm: t.tpm })) },
  };
}

/** The pools as the capacity limit sees them: the failing Region's take nothing from `failAtMs`. */
export function capacityPools(targets: readonly BenchTarget[], failAtMs: number, failing = FAILING_REGION): CapacityPool[] {
  return targets.map((t) => ({ id: t.id, tpm: t.tpm, ...(t.region === failing ? { downAtMs: failAtMs } : {}) }));
}

/** Tokens per minute all pools take together while every Region is up. */
export const AGGREGATE_TPM = BENCH_TARGETS.reduce((sum, t) => sum + t.tpm, 0);
