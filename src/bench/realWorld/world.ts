/**
 * The real-world benchmark's world (issue 18): Bedrock's quota model as it is today, with
 * a Claude 4-class model (output counts 5x) called through its US inference profile; two
 * accounts x two Regions, one cross-Region pool each; prompts of 2k to 20k tokens and
 * answers of 200 to 4k; in account A another application (a background caller) bursts
 * through 30 to 60% of its us-east-1 pool; us-west-2 fails mid-run.
 */
import { seededRandom } from '../../core/rng';
import { type BackgroundCallerSpec, type Scenario } from '../../simulator';
import { type CapacityPool } from '../capacity';
import { type RegionSpeed, type SizedRequest, capacityRequest, sizedRequest } from '../workload';

export const RW_MODEL = 'us.anthropic.claude-sonnet-4-6';

export interface RwTarget {
  id: string;
  profile: string;
  region: string;
  /** The account's quota for the model's cross-Region pool in this Region (tokens per minute, after burndown). */
  tpm: number;
}

export const RW_TARGETS: RwTarget[] = [
  { id: 'a-east', profile: 'rw-a', region: 'us-east-1', tpm: 400_000 },
  { id: 'a-west', profile: 'rw-a', region: 'us-west-2', tpm: 200_000 },
  { id: 'b-east', profile: 'rw-b', region: 'us-east-1', tpm: 300_000 },
  { id: 'b-west', profile: 'rw-b', region: 'us-west-2', tpm: 500_000 },
];

export const RW_FAILING_REGION = 'us-west-2';
/** The Region fails at this fraction of the run. */
export const RW_FAIL_AT = 0.5;
export const RW_TENANTS = ['team-1', 'team-2', 'team-3'];

export const RW_INPUT = { min: 2_000, max: 20_000 };
export const RW_ANSWER = { min: 200, max: 4_000 };
/** What clients typically ask for. */
export const RW_MAX_TOKENS = 4_096;

/** The other application: in account A's us-east-1 pool, 30-60% of it each minute, in bursts every 20 s. */
export const BACKGROUND = { target: 'a-east', share: { min: 0.3, max: 0.6 }, burstEveryMs: 20_000, tokensPerRequest: 10_000 };

/** Where the calls are served (the profile's destinations): latency of each. */
export const RW_SPEED: Record<string, RegionSpeed> = {
  'us-east-1': { ttftMs: 600, tokensPerSecond: 90 },
  'us-east-2': { ttftMs: 650, tokensPerSecond: 85 },
  'us-west-2': { ttftMs: 700, tokensPerSecond: 80 },
};

export function rwScenario(seed: number): Scenario {
  return {
    seed,
    accounts: [
      { profile: 'rw-a', accountId: '555555555555', defaultRegion: 'us-east-1' },
      { profile: 'rw-b', accountId: '666666666666', defaultRegion: 'us-east-1' },
    ],
    regions: Object.fromEntries(Object.entries(RW_SPEED).map(([r, s]) => [r, { ...s, jitter: 0.15 }])),
    quotas: { baseline: 'aws-default', rules: RW_TARGETS.map((t) => ({ profile: t.profile, region: t.region, model: RW_MODEL, pool: 'cross-region' as const, tpm: t.tpm })) },
    answerTokens: RW_ANSWER,
  };
}

/** The background caller for simulated minute `minute`: a seeded share of its pool, 30-60%. */
export function backgroundFor(seed: number, minute: number): BackgroundCallerSpec {
  const t = RW_TARGETS.find((x) => x.id === BACKGROUND.target)!;
  const u = seededRandom(seed * 1_000 + minute)();
  const share = BACKGROUND.share.min + u * (BACKGROUND.share.max - BACKGROUND.share.min);
  return { name: 'other-app', profile: t.profile, region: t.region, model: RW_MODEL, tokensPerMinute: Math.round(t.tpm * share), tokensPerRequest: BACKGROUND.tokensPerRequest, pattern: 'bursty', burstEveryMs: BACKGROUND.burstEveryMs };
}

/** Request n: input and answer sizes drawn (seeded) from the ranges above. */
export function rwRequest(seed: number, n: number): SizedRequest {
  const u = seededRandom(seed * 7_919 + n)();
  const inputTokens = Math.round(RW_INPUT.min + u * (RW_INPUT.max - RW_INPUT.min));
  return sizedRequest({ seed, n, inputTokens, maxTokens: RW_MAX_TOKENS, answerTokens: RW_ANSWER });
}

export function rwPools(failAtMs: number): CapacityPool[] {
  return RW_TARGETS.map((t) => ({ id: t.id, tpm: t.tpm, ...(t.region === RW_FAILING_REGION ? { downAtMs: failAtMs } : {}) }));
}

/** The mean real usage of a request (quota tokens, after burndown), over the first `n` requests. */
export function meanSettle(seed: number, n = 400): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += capacityRequest(rwRequest(seed, i), 0, RW_MODEL, RW_SPEED['us-east-1']!).settle;
  return sum / n;
}

/**
 * The capacity left to us per minute, planned: every pool's quota while its Region is up
 * (time-weighted over the run), less the background caller's mean share (45% of its pool).
 * The offered load is `load` x this, in requests of the mean size.
 */
export function plannedCapacityPerMinute(): number {
  const up = RW_TARGETS.reduce((s, t) => s + t.tpm * (t.region === RW_FAILING_REGION ? RW_FAIL_AT : 1), 0);
  const bg = RW_TARGETS.find((x) => x.id === BACKGROUND.target)!.tpm * ((BACKGROUND.share.min + BACKGROUND.share.max) / 2);
  return up - bg;
}
