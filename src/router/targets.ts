import { SERVICE_TIER_EFFECT, type ServiceTier } from '../core/catalog';
import { BUILT_IN_MODELS, type ModelLookup } from '../core/modelDirectory';
import { type ModelInfo } from '../core/models';
import { SampleRing } from '../core/percentiles';
import { type ErrorKind } from '../providers/errors';
import { type Endpoint, type Usage } from '../providers/types';
import { authOf } from './config/auth';
import { type CooldownConfig, type TargetConfig } from './config/schema';
import { TargetHealth } from './health';
import { admitPooled, finishPooled, type PooledAdmission, type PooledLease } from './limits/poolAdmission';
import { poolOf, poolTokens, type PoolRef, type PoolTable } from './limits/pools';
import { type LimitSpec, type LimitStore } from './limits/types';
import { type RegionHealth } from './regionHealth';
import { limitTokens } from './tokens';

const EWMA_WEIGHT = 0.2;
/** Recent answers the p95 time to first token is taken over, and the fewest it is given for. */
const RECENT_TTFT = 64;
const MIN_TTFT_SAMPLES = 5;

/** Where the end of a lease is reported: the store takes the slot and unused tokens back, Region health learns the outcome. */
export interface LeaseEnds {
  readonly store: LimitStore;
  readonly regions: RegionHealth;
}

/** An admitted attempt's hold on its target, from the call's start to its end. */
export interface TargetLease {
  /**
   * Ends the lease once: frees the slot, settles the reservation, records the outcome for the Region.
   * With the answer's usage, the target's limits settle to input + output and its pool to
   * input + output x burndown (as Bedrock counts); a number settles both to that many tokens.
   */
  end(used: Usage | number, outcome: 'ok' | ErrorKind, now: number): Promise<void>;
}

/** A target's live state: its configuration, breaker, load and measured latency. */
export class TargetRuntime {
  inFlight = 0;
  outstandingTokens = 0;
  ttftMs: number | undefined;
  private readonly recentTtft = new SampleRing(RECENT_TTFT);
  private cacheReadShare: number | undefined;
  private cacheWriteShare: number | undefined;
  private outputTokens: number | undefined;
  readonly health: TargetHealth;
  readonly endpoint: Endpoint;
  readonly key: string;
  private cachedInfo?: { version: number; info: ModelInfo };
  private cachedPool?: { version: number; pool: PoolRef };

  constructor(
    public config: TargetConfig,
    cooldown: CooldownConfig,
    /** What is known about models: the catalog, plus discovery's application inference profiles. */
    public models: ModelLookup = BUILT_IN_MODELS,
  ) {
    this.health = new TargetHealth(cooldown);
    this.endpoint = { model: config.model, profile: config.profile, region: config.region, auth: authOf(config), targetId: config.id };
    this.key = TargetRuntime.keyOf(config);
  }

  /** Store key: the id plus where it sends (and how it authenticates), so re-pointing a target starts it afresh. */
  static keyOf(c: TargetConfig): string {
    const auth = authOf(c).type;
    return `target:${c.id}:${c.profile}:${c.region}:${c.model}${auth === 'profile' ? '' : `:${auth}`}`;
  }

  /** Limits, capabilities and prices of the target's model (re-read when the lookup learns more). */
  get info(): ModelInfo {
    const version = this.models.version;
    if (this.cachedInfo?.version !== version) this.cachedInfo = { version, info: this.models.info(this.config.model) };
    return this.cachedInfo.info;
  }

  get id(): string {
    return this.config.id;
  }

  get contextWindow(): number {
    return this.config.contextWindow ?? this.info.contextWindow;
  }

  get maxOutputTokens(): number {
    return this.config.maxOutputTokens ?? this.info.maxOutputTokens;
  }

  get price(): { inputPerMillion: number; outputPerMillion: number } {
    return this.config.price ?? this.info.price;
  }

  get limitSpec(): LimitSpec {
    return { key: this.key, rpm: this.config.rpm, tpm: this.config.tpm, concurrency: this.config.maxConcurrent };
  }

  /** Whether the target's pool limit is learnt from throttles (`learnLimits`, default true). */
  get learnsLimits(): boolean {
    return this.config.learnLimits !== false;
  }

  /** The Bedrock quota pool this target draws from (shared with every target of the same account, Region, model and kind). */
  get pool(): PoolRef {
    const version = this.models.version;
    if (this.cachedPool?.version !== version) this.cachedPool = { version, pool: poolOf({ ...this.config, authType: authOf(this.config).type }, this.models) };
    return this.cachedPool.pool;
  }

  /** Admits `tokens` (estimated input + maxTokens) under the target's own limits and then its pool's. */
  admit(store: LimitStore, pools: PoolTable, tokens: number, now: number): Promise<PooledAdmission> {
    return admitPooled(store, [this.limitSpec], pools.specs(this.pool, { learn: this.learnsLimits, tokens }), tokens, now);
  }

  /** An admitted attempt starts calling this target: it counts as in flight (strategies and the snapshot read that) until `end`. */
  begin(lease: PooledLease, ends: LeaseEnds): TargetLease {
    this.inFlight++;
    this.outstandingTokens += lease.tokens;
    let ended = false;
    return {
      end: async (used, outcome, now) => {
        if (ended) return;
        ended = true;
        this.inFlight--;
        this.outstandingTokens -= lease.tokens;
        const gateway = typeof used === 'number' ? used : limitTokens(used);
        const pool = typeof used === 'number' ? used : poolTokens(used, this.pool.outputBurndown);
        await finishPooled(ends.store, lease, gateway, pool, now);
        ends.regions.record(this.config.region, outcome, now);
      },
    };
  }

  recordTtft(ms: number): void {
    this.ttftMs = this.ttftMs === undefined ? ms : this.ttftMs * (1 - EWMA_WEIGHT) + ms * EWMA_WEIGHT;
    this.recentTtft.add(ms);
  }

  /** p95 time to first token over the last RECENT_TTFT answers; undefined until there are MIN_TTFT_SAMPLES. */
  get ttftP95Ms(): number | undefined {
    return this.recentTtft.size < MIN_TTFT_SAMPLES ? undefined : this.recentTtft.percentiles(95)[0];
  }

  /** Learns, from an answer's usage, what share of its input came from and went into the prompt cache, and its length. */
  recordUsage(u: Usage): void {
    const read = u.cacheReadInputTokens ?? 0;
    const write = u.cacheWriteInputTokens ?? 0;
    const input = u.inputTokens + read + write;
    const mix = (old: number | undefined, v: number) => (old === undefined ? v : old * (1 - EWMA_WEIGHT) + v * EWMA_WEIGHT);
    if (input > 0) {
      this.cacheReadShare = mix(this.cacheReadShare, read / input);
      this.cacheWriteShare = mix(this.cacheWriteShare, write / input);
    }
    this.outputTokens = mix(this.outputTokens, u.outputTokens);
  }

  /** The decaying average length of this target's recent answers, in output tokens; undefined before any. */
  get recentOutputTokens(): number | undefined {
    return this.outputTokens;
  }

  /**
   * What a request of about `inputTokens` in and `output` tokens out is expected to cost here, in USD: its input
   * split into cache reads and writes as recently seen (a model without prompt caching pays full price for all
   * of it), at the tier's price.
   */
  expectedCostUsd(inputTokens: number, output: number, tier?: ServiceTier): number {
    if (!this.info.promptCaching) return this.costUsd(inputTokens, output, {}, tier);
    const read = inputTokens * (this.cacheReadShare ?? 0);
    const write = inputTokens * (this.cacheWriteShare ?? 0);
    return this.costUsd(inputTokens - read - write, output, { read, write }, tier);
  }

  /**
   * Cost in USD. Cache writes cost 1.25 times the input price and cache reads 0.1 times, as Bedrock bills them;
   * a service tier scales the whole price (SERVICE_TIER_EFFECT: priority at a premium, flex at a discount).
   */
  costUsd(inputTokens: number, outputTokens: number, cache: { read?: number; write?: number } = {}, tier?: ServiceTier): number {
    const p = this.price;
    const input = inputTokens + 1.25 * (cache.write ?? 0) + 0.1 * (cache.read ?? 0);
    return ((input * p.inputPerMillion + outputTokens * p.outputPerMillion) / 1_000_000) * SERVICE_TIER_EFFECT[tier ?? 'default'].price;
  }
}

/**
 * Builds the runtime table for a configuration, carrying over the state of every
 * target whose id and endpoint are unchanged (its limits may change; its windows,
 * breaker and latency history stay).
 */
export function reconcileTargets(previous: ReadonlyMap<string, TargetRuntime>, targets: Iterable<TargetConfig>, cooldown: CooldownConfig, models: ModelLookup = BUILT_IN_MODELS): Map<string, TargetRuntime> {
  const next = new Map<string, TargetRuntime>();
  for (const config of targets) {
    const old = previous.get(config.id);
    if (old && old.key === TargetRuntime.keyOf(config)) {
      old.config = config;
      old.models = models;
      old.health.configure(cooldown);
      next.set(config.id, old);
    } else {
      next.set(config.id, new TargetRuntime(config, cooldown, models));
    }
  }
  return next;
}
