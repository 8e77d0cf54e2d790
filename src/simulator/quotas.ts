/**
 * Bedrock's runtime quotas in the simulator: one `TokenPool` per account x Region x
 * model x kind (cross-Region through an inference profile, or on-demand by model id),
 * with the limits in force for it. "Quotas for the bedrock-runtime endpoint" (Amazon
 * Bedrock user guide): tokens per minute and tokens per day per model and Region, input
 * and output together, shared by Converse, ConverseStream and InvokeModel and by every
 * caller in the account. Bedrock enforces no requests-per-minute quota today; a scenario
 * may still set `rpm` to replay an older account.
 *
 * Limits, lowest precedence first: the baseline (the simulator's raised quota, or with
 * `baseline: 'aws-default'` the catalog's AWS default for the model), the scenario's
 * `quotas.default`, then each matching rule in order. Tokens per day belongs to the
 * model in its Region (both kinds share it): it is the per-minute quota of the model's
 * main kind (cross-Region where it has inference profiles) x 1,440 unless set, and a
 * rule's `pool` does not narrow a `tokensPerDay` it sets.
 */
import type { Clock } from '../core/clock';
import { findInferenceProfile, findModel } from './catalog';
import { SimError } from './errors';
import { THROTTLE_MESSAGES } from './throttleMessages';
import { DayCounter, type PoolLimits, type PoolUsage, type ThrottleCause, TokenPool } from './tokenPool';
import type { QuotaLimits, QuotaPool, QuotaRule } from './types';

export { WINDOW_MS } from './tokenPool';

/** Minutes in a day: the default per-day quota is the per-minute one x 1,440. */
export const MINUTES_PER_DAY = 1440;

/** The simulator's raised baseline, so that router-side limits bind unless a scenario says otherwise. */
export const DEFAULT_QUOTA: Readonly<{ tpm: number }> = { tpm: 50_000_000 };

export type QuotaBaseline = 'raised' | 'aws-default';

export interface QuotaKey {
  profile: string;
  accountId: string;
  sourceRegion: string;
  modelId: string;
  pool: QuotaPool;
}

export interface Reservation {
  /** Settles the reservation to the real usage, in quota tokens (after burndown). */
  settle(quotaTokens: number): void;
}

/** A rule with a profile id as `model` means that model's cross-Region pool. */
export function normalizeQuotaRule(rule: QuotaRule): QuotaRule {
  const profile = rule.model ? findInferenceProfile(rule.model) : undefined;
  if (!profile) return { ...rule };
  return { ...rule, model: profile.modelId, pool: rule.pool ?? 'cross-region' };
}

/** The catalog's AWS default tokens per minute for a model's pool (the raised baseline for models it does not know). */
export function awsDefaultTpm(modelId: string, pool: QuotaPool): number | undefined {
  const model = findModel(modelId);
  if (!model) return undefined;
  return pool === 'cross-region' ? model.defaultQuotaTpm.crossRegion : model.defaultQuotaTpm.onDemand;
}

export class ThrottleError extends SimError {
  constructor(readonly quota: ThrottleCause) {
    super('ThrottlingException', THROTTLE_MESSAGES[quota]);
  }
}

export function poolId(key: Omit<QuotaKey, 'profile'>): string {
  return `${key.accountId}|${key.sourceRegion}|${key.modelId}|${key.pool}`;
}

/** The kind whose per-minute quota sets a model's default per-day quota. */
export function mainPool(modelId: string, fallback: QuotaPool): QuotaPool {
  const model = findModel(modelId);
  if (!model) return fallback;
  return model.profileGeographies.length > 0 ? 'cross-region' : 'on-demand';
}

export class QuotaBook {
  private pools = new Map<string, TokenPool>();
  private days = new Map<string, DayCounter>();
  private rules: QuotaRule[];

  constructor(
    private readonly clock: Clock,
    private readonly defaults: QuotaLimits = {},
    private readonly configuredRules: readonly QuotaRule[] = [],
    private readonly baseline: QuotaBaseline = 'raised',
  ) {
    this.rules = configuredRules.map(normalizeQuotaRule);
  }

  /** Adds an override; later rules win over earlier ones for the fields they set. */
  setQuota(rule: QuotaRule): void {
    this.rules.push(normalizeQuotaRule(rule));
  }

  private resolve(key: QuotaKey, anyPool: boolean): QuotaLimits & { tpm: number } {
    const out: QuotaLimits & { tpm: number } = { tpm: (this.baseline === 'aws-default' ? awsDefaultTpm(key.modelId, key.pool) : undefined) ?? DEFAULT_QUOTA.tpm };
    const apply = (l: QuotaLimits) => {
      if (l.tpm !== undefined) out.tpm = l.tpm;
      if (l.rpm !== undefined) out.rpm = l.rpm;
      if (l.tokensPerDay !== undefined) out.tokensPerDay = l.tokensPerDay;
    };
    apply(this.defaults);
    for (const r of this.rules) {
      if (r.profile !== undefined && r.profile !== key.profile) continue;
      if (r.region !== undefined && r.region !== key.sourceRegion) continue;
      if (r.model !== undefined && r.model !== key.modelId) continue;
      if (!anyPool && r.pool !== undefined && r.pool !== key.pool) continue;
      apply(r);
    }
    return out;
  }

  /** The applied limits for one pool. */
  limits(key: QuotaKey): PoolLimits {
    const own = this.resolve(key, false);
    const main = mainPool(key.modelId, key.pool);
    const dayTpm = main === key.pool ? own.tpm : this.resolve({ ...key, pool: main }, false).tpm;
    const tokensPerDay = this.resolve(key, true).tokensPerDay ?? dayTpm * MINUTES_PER_DAY;
    return { tpm: own.tpm, tokensPerDay, ...(own.rpm !== undefined ? { rpm: own.rpm } : {}) };
  }

  private pool(key: QuotaKey): TokenPool {
    const id = poolId(key);
    let pool = this.pools.get(id);
    if (!pool) {
      const dayId = `${key.accountId}|${key.sourceRegion}|${key.modelId}`;
      let days = this.days.get(dayId);
      if (!days) this.days.set(dayId, (days = new DayCounter()));
      pool = new TokenPool(this.clock, days);
      this.pools.set(id, pool);
    }
    return pool;
  }

  /** Admits a request and reserves `reserveTokens`, or throws a 429 ThrottlingException with Bedrock's message for the quota exceeded. */
  admit(key: QuotaKey, reserveTokens: number): Reservation {
    const pool = this.pool(key);
    const cause = pool.check(this.limits(key), reserveTokens);
    if (cause) throw new ThrottleError(cause);
    return { settle: pool.reserve(reserveTokens) };
  }

  /** Usage and limits of every pool that has seen traffic, for the admin API. */
  usage(): Array<{ pool: string } & PoolUsage> {
    return [...this.pools].map(([pool, p]) => ({ pool, ...p.usage() }));
  }

  /** Usage of one pool (zero if it has seen no traffic). */
  usageOf(key: QuotaKey): PoolUsage {
    return this.pools.get(poolId(key))?.usage() ?? { requestsLastMinute: 0, tokensLastMinute: 0, tokensToday: 0, reservedTokens: 0 };
  }

  listRules(): QuotaRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Clears every pool and run-time override (scenario rules stay). */
  reset(): void {
    this.pools.clear();
    this.days.clear();
    this.rules = this.configuredRules.map(normalizeQuotaRule);
  }
}
