/**
 * Cross-Region inference routing. A profile request is served in one of the
 * profile's destination Regions, chosen with probability proportional to each
 * Region's weight (capacity, down-weighted while degraded, zero while down).
 *
 * Determinism: the k-th routed request of an (account, profile) pair uses the k-th
 * number of a PRNG stream keyed by (seed, account id, profile id), and weights come
 * from configuration and health only, never from live load. So N concurrent
 * requests always give the same Region counts for the same seed, whatever order
 * they arrive in. `crisPicks` computes the same sequence without a server.
 */
import { findInferenceProfile, type InferenceProfileInfo } from './catalog';
import { RandomStream, type RandomStreams } from './random';
import type { RegionTable } from './regions';

export interface RegionWeight {
  region: string;
  weight: number;
}

/** The Region a uniform draw `u` in [0, 1) selects; undefined if every weight is zero. */
export function pickWeighted(u: number, weights: readonly RegionWeight[]): string | undefined {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w.weight), 0);
  if (!(total > 0)) return undefined;
  let target = u * total;
  let last: string | undefined;
  for (const w of weights) {
    if (w.weight <= 0) continue;
    last = w.region;
    if (target < w.weight) return w.region;
    target -= w.weight;
  }
  return last;
}

export function crisStreamKey(accountId: string, profileId: string): [string, string, string] {
  return ['cris', accountId, profileId];
}

export interface CrisPicksOptions {
  seed: number;
  accountId: string;
  /** Inference profile id, e.g. `us.anthropic.claude-sonnet-4-6`. */
  profileId: string;
  /** How many routed requests to predict. */
  count: number;
  /** Weights in the profile's destination order; default: every destination with weight 1 (the default capacity, all healthy). */
  weights?: readonly RegionWeight[];
  /** Skip this many earlier requests of the same stream. */
  skip?: number;
}

/** The Regions the first `count` routed requests of (seed, account, profile) go to. */
export function crisPicks(options: CrisPicksOptions): Array<string | undefined> {
  const weights = options.weights ?? defaultWeights(options.profileId);
  const stream = new RandomStream(options.seed, ...crisStreamKey(options.accountId, options.profileId));
  for (let i = 0; i < (options.skip ?? 0); i++) stream.next();
  return Array.from({ length: options.count }, () => pickWeighted(stream.next(), weights));
}

/** `crisPicks` tallied by Region (Regions with no picks are omitted). */
export function crisCounts(options: CrisPicksOptions): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of crisPicks(options)) if (r) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

function defaultWeights(profileId: string): RegionWeight[] {
  const profile = findInferenceProfile(profileId);
  if (!profile) throw new Error(`unknown inference profile ${profileId}`);
  return profile.destinationRegions.map((region) => ({ region, weight: 1 }));
}

export class CrisRouter {
  constructor(
    private readonly streams: RandomStreams,
    private readonly regions: RegionTable,
  ) {}

  weights(profile: InferenceProfileInfo): RegionWeight[] {
    return profile.destinationRegions.map((region) => ({ region, weight: this.regions.weight(region) }));
  }

  /** Picks the Region for the next request; undefined when every destination is down. */
  pick(accountId: string, profile: InferenceProfileInfo): string | undefined {
    const u = this.streams.stream(...crisStreamKey(accountId, profile.id)).next();
    return pickWeighted(u, this.weights(profile));
  }
}
