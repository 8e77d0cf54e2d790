import { type Scenario } from '../../simulator';

/** On-demand in both Regions, so a Regional outage really removes that Region's capacity. */
export const BENCH_MODEL = 'amazon.nova-lite-v1:0';

export interface BenchTarget {
  id: string;
  profile: string;
  region: string;
  /** The account's real quota for this model in this Region (RPM), enforced by the simulator. */
  rpm: number;
}

/** Two accounts x two Regions, with different quotas; us-west-2 is a little slower and fails mid-run. */
export const BENCH_TARGETS: BenchTarget[] = [
  { id: 'a-east', profile: 'bench-a', region: 'us-east-1', rpm: 40 },
  { id: 'a-west', profile: 'bench-a', region: 'us-west-2', rpm: 20 },
  { id: 'b-east', profile: 'bench-b', region: 'us-east-1', rpm: 30 },
  { id: 'b-west', profile: 'bench-b', region: 'us-west-2', rpm: 50 },
];

export const FAILING_REGION = 'us-west-2';
export const TENANTS = ['team-1', 'team-2', 'team-3'];

export function benchScenario(seed: number): Scenario {
  return {
    seed,
    accounts: [
      { profile: 'bench-a', accountId: '333333333333', defaultRegion: 'us-east-1' },
      { profile: 'bench-b', accountId: '444444444444', defaultRegion: 'us-east-1' },
    ],
    regions: {
      'us-east-1': { ttftMs: 420, tokensPerSecond: 90, jitter: 0.15 },
      'us-west-2': { ttftMs: 480, tokensPerSecond: 80, jitter: 0.15 },
    },
    quotas: {
      default: { rpm: 1_000, tpm: 10_000_000 },
      rules: BENCH_TARGETS.map((t) => ({ profile: t.profile, region: t.region, model: BENCH_MODEL, pool: 'on-demand' as const, rpm: t.rpm, tpm: 10_000_000 })),
    },
  };
}

/**
 * The most any router could deliver for these arrivals: each request admitted on arrival
 * by a target whose Region is up and whose sliding 60 s quota has room, the Region that
 * will fail first. This is the capacity limit that goodput is measured against.
 */
export function capacityLimit(arrivalsMs: readonly number[], failAtMs: number): number {
  // Capacity that perishes (the failing Region's) is used first; then admitting whenever
  // possible is optimal (an admission now can displace at most one later one).
  const targets = [...BENCH_TARGETS].sort((a, b) => Number(b.region === FAILING_REGION) - Number(a.region === FAILING_REGION));
  const windows = targets.map(() => [] as number[]);
  let admitted = 0;
  for (const t of arrivalsMs) {
    const i = targets.findIndex((target, k) => {
      if (target.region === FAILING_REGION && t >= failAtMs) return false;
      const w = windows[k]!;
      while (w.length > 0 && w[0]! <= t - 60_000) w.shift();
      return w.length < target.rpm;
    });
    if (i >= 0) {
      windows[i]!.push(t);
      admitted++;
    }
  }
  return admitted;
}

/** Requests per minute all targets can take together while every Region is up. */
export const AGGREGATE_RPM = BENCH_TARGETS.reduce((sum, t) => sum + t.rpm, 0);
