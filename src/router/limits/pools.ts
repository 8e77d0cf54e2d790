import { geoPrefix } from '../../core/models';
import { type ModelLookup } from '../../core/modelDirectory';
import { type Usage } from '../../providers/types';
import { type PoolLimitLearner } from './learner';
import { type LimitSpec } from './types';

/**
 * Bedrock's quota pools, as the router models them ("Quotas for the bedrock-runtime
 * endpoint", Amazon Bedrock user guide): one tokens-per-minute pool per account x Region x
 * model x kind (`cross-region` for calls through an inference profile, `on-demand` for
 * calls by model id), and one tokens-per-day count per account x Region x model (both
 * kinds share it). The account is the target's profile (with its auth kind). Every target
 * sending to the same pool draws from the same limit, alongside its own gateway limits.
 */
export type PoolKind = 'cross-region' | 'on-demand';

export interface PoolRef {
  /** Store key of the per-minute pool: `pool:<profile>:<region>:<model>:<kind>`. */
  readonly key: string;
  /** Store key of the model's day in the Region: `pool-day:<profile>:<region>:<model>`. */
  readonly dayKey: string;
  readonly profile: string;
  readonly region: string;
  /** Base model id (no geography prefix). */
  readonly model: string;
  readonly kind: PoolKind;
  /** The model's name in Service Quotas, when the catalog knows it. */
  readonly quotaName?: string;
  /** Quota tokens per output token (5 for Claude 4-class models). */
  readonly outputBurndown: number;
  /** "shard-a us-east-1 Claude Sonnet 4.5 (cross-Region)", for people. */
  readonly label: string;
}

export interface PoolTargetFields {
  profile: string;
  region: string;
  model: string;
  /** Non-profile auth (API key, ...) has its own account: kept apart in the key. */
  authType?: string;
}

/** Whether a model identifier calls through an inference profile (cross-Region pool) or by model id (on-demand pool). */
export function poolKindOf(model: string, models: ModelLookup): PoolKind {
  return geoPrefix(models.resolve(model)) !== undefined ? 'cross-region' : 'on-demand';
}

export function poolOf(t: PoolTargetFields, models: ModelLookup): PoolRef {
  const info = models.info(t.model);
  const kind = poolKindOf(t.model, models);
  const account = t.authType && t.authType !== 'profile' ? `${t.profile}:${t.authType}` : t.profile;
  return {
    key: `pool:${account}:${t.region}:${info.id}:${kind}`,
    dayKey: `pool-day:${account}:${t.region}:${info.id}`,
    profile: t.profile,
    region: t.region,
    model: info.id,
    kind,
    quotaName: info.quotaName,
    outputBurndown: info.outputBurndown,
    label: `${t.profile} ${t.region} ${info.name} (${kind === 'cross-region' ? 'cross-Region' : 'on-demand'})`,
  };
}

/** Service Quotas' names for a pool's quotas (names from "Quotas for the bedrock-runtime endpoint"). */
export function quotaNames(ref: Pick<PoolRef, 'kind' | 'quotaName'>): { tpm: string; tokensPerDay: string } | undefined {
  if (!ref.quotaName) return undefined;
  return {
    tpm: `${ref.kind === 'cross-region' ? 'Cross-Region' : 'On-demand'} InvokeModel tokens per minute for ${ref.quotaName}`,
    tokensPerDay: `Model invocation max tokens per day for ${ref.quotaName}`,
  };
}

/**
 * Quota tokens a finished request used, as Bedrock settles it ("How tokens are counted in
 * Amazon Bedrock"): input + cache writes + output x the model's burndown rate. Cache reads do not count.
 */
export function poolTokens(u: Usage, outputBurndown: number): number {
  return u.inputTokens + (u.cacheWriteInputTokens ?? 0) + u.outputTokens * outputBurndown;
}

/** A pool's limit as typed in `resilientLlm.pools`. */
export interface TypedPool {
  profile: string;
  region: string;
  model: string;
  tpm?: number;
  tokensPerDay?: number;
}

export type LimitSource = 'typed' | 'discovered';

export interface PoolLimits {
  tpm?: number;
  tokensPerDay?: number;
  /** Where each value came from: typed values win over discovered ones. */
  tpmSource?: LimitSource;
  tokensPerDaySource?: LimitSource;
  /**
   * Tokens per minute learnt from Bedrock's throttles, when lower than `tpm` (or when no quota is
   * known): what the pool admits now, for targets that learn (see `learner.ts`).
   */
  learntTpm?: number;
  /** When the learnt value last changed (router clock). */
  learntAt?: number;
}

/** Applied quota values by name, for one account (profile) and Region, from Service Quotas. */
export type DiscoveredQuotas = ReadonlyMap<string, number>;

/**
 * The limits of every pool: typed (`resilientLlm.pools`) over discovered (Service Quotas).
 * A pool with neither is counted (for the status bar and the dashboard) but not limited.
 */
export class PoolTable {
  private typed: Array<{ ref: PoolRef; tpm?: number; tokensPerDay?: number }> = [];
  private readonly discovered = new Map<string, DiscoveredQuotas>();
  private changes = 0;

  /** `learner`: learns each pool's real tokens per minute from throttles; without it, quotas alone hold. */
  constructor(readonly learner?: PoolLimitLearner) {}

  /** Bumped whenever a limit may have changed. */
  get version(): number {
    return this.changes;
  }

  configure(pools: readonly TypedPool[], models: ModelLookup): void {
    this.typed = pools.map((p) => ({ ref: poolOf(p, models), tpm: p.tpm, tokensPerDay: p.tokensPerDay }));
    this.changes++;
  }

  /** What Service Quotas says for one profile and Region (replaces what it said before). */
  setDiscovered(profile: string, region: string, quotas: DiscoveredQuotas): void {
    this.discovered.set(`${profile}\n${region}`, quotas);
    this.changes++;
  }

  /** Forgets what discovery said for a profile and Region (it can no longer be asked). */
  clearDiscovered(profile: string, region: string): void {
    if (this.discovered.delete(`${profile}\n${region}`)) this.changes++;
  }

  limits(ref: PoolRef): PoolLimits {
    const out: PoolLimits = {};
    for (const t of this.typed) {
      // The per-minute limit belongs to the pool; the day to the model in the Region (either kind may type it; the lower wins).
      if (t.ref.key === ref.key && t.tpm !== undefined) {
        out.tpm = t.tpm;
        out.tpmSource = 'typed';
      }
      if (t.ref.dayKey === ref.dayKey && t.tokensPerDay !== undefined) {
        out.tokensPerDay = Math.min(out.tokensPerDay ?? Infinity, t.tokensPerDay);
        out.tokensPerDaySource = 'typed';
      }
    }
    const names = quotaNames(ref);
    const found = this.discovered.get(`${ref.profile}\n${ref.region}`);
    if (names && found) {
      const tpm = found.get(names.tpm);
      const day = found.get(names.tokensPerDay);
      if (out.tpm === undefined && tpm !== undefined) {
        out.tpm = tpm;
        out.tpmSource = 'discovered';
      }
      if (out.tokensPerDay === undefined && day !== undefined) {
        out.tokensPerDay = day;
        out.tokensPerDaySource = 'discovered';
      }
    }
    return out;
  }

  /** The typed or discovered limits and, with a learner, what it learnt. */
  limitsWithLearnt(ref: PoolRef): PoolLimits {
    const l = this.limits(ref);
    const learnt = this.learner?.view(ref, l.tpm);
    return learnt?.tpm === undefined ? l : { ...l, learntTpm: learnt.tpm, learntAt: learnt.since };
  }

  /**
   * The store specs of a pool: its per-minute window and its model's day. With `learn`, the
   * per-minute limit is min(quota, learnt); a learnt limit never refuses a request for being
   * larger than it (`tokens`), only makes it wait for an empty enough window.
   */
  specs(ref: PoolRef, options: { learn?: boolean; tokens?: number } = {}): LimitSpec[] {
    const l = this.limits(ref);
    let tpm = l.tpm;
    const learnt = options.learn ? this.learner?.limit(ref, l.tpm) : undefined;
    if (learnt !== undefined) tpm = Math.min(l.tpm ?? Infinity, Math.max(learnt, options.tokens ?? 0));
    return [
      { key: ref.key, tpm },
      { key: ref.dayKey, tokensPerDay: l.tokensPerDay },
    ];
  }
}
