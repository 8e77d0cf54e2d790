import { type Clock, SystemClock } from '../../core/clock';
import { type ModelLookup } from '../../core/modelDirectory';
import { type EndpointAuth } from '../../providers/types';
import { authOf } from '../config/auth';
import { type Settings, type TargetConfig } from '../config/schema';
import { type LimitSource, type PoolRef, type PoolTable, poolOf } from './pools';

/** One account (profile, with its auth) in one Region: what Service Quotas answers for. */
export interface QuotaAccount {
  profile: string;
  region: string;
  auth?: EndpointAuth;
}

/** Reads the applied Bedrock quotas of an account and Region, by quota name (`appliedBedrockQuotas`). */
export type ReadQuotas = (account: QuotaAccount) => Promise<ReadonlyMap<string, number>>;

/** Service Quotas' values change rarely (a granted increase): every 15 minutes is enough. */
export const QUOTA_REFRESH_MS = 15 * 60_000;

/**
 * Fills the pools' untyped limits from Service Quotas, for each account and Region the
 * targets use: at start, on each settings change and every `refreshMs`. A denied or
 * unreachable call is logged once (until the answer changes) and the pools of that account
 * and Region then run on their typed limits alone. No `vscode` import: the extension
 * gives it the reader and the log.
 */
export class PoolDiscovery {
  /** The last thing said per account and Region, so a failure is said once. */
  private readonly said = new Map<string, string>();
  private timer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pools: PoolTable,
    private readonly read: ReadQuotas,
    private readonly log: { info(line: string): void; warn(line: string): void },
    private readonly options: { clock?: Clock; refreshMs?: number; models?: () => ModelLookup } = {},
  ) {}

  /** Asks Service Quotas again for every account and Region of `targets` (at most one round at a time; a call meanwhile runs one more). */
  refresh(settings: Pick<Settings, 'targets' | 'pools' | 'serviceQuotas'>): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round(settings).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh(settings);
      }
    });
    return this.running;
  }

  /** Refreshes every `refreshMs` with the settings `current` returns (the latest valid ones). */
  start(current: () => Pick<Settings, 'targets' | 'pools' | 'serviceQuotas'> | undefined): void {
    this.stop();
    const clock = this.options.clock ?? new SystemClock();
    const tick = () => {
      const s = current();
      if (s) void this.refresh(s);
      this.timer = clock.timer(this.options.refreshMs ?? QUOTA_REFRESH_MS, tick);
    };
    this.timer = clock.timer(this.options.refreshMs ?? QUOTA_REFRESH_MS, tick);
  }

  stop(): void {
    this.timer?.();
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }

  private async round(settings: Pick<Settings, 'targets' | 'pools' | 'serviceQuotas'>): Promise<void> {
    const accounts = new Map<string, { account: QuotaAccount; targets: TargetConfig[] }>();
    for (const t of settings.targets) {
      const key = `${t.profile}\n${t.region}`;
      const entry = accounts.get(key) ?? { account: { profile: t.profile, region: t.region, ...(t.auth ? { auth: t.auth } : {}) }, targets: [] };
      entry.targets.push(t);
      accounts.set(key, entry);
    }
    if (!settings.serviceQuotas) {
      for (const { account } of accounts.values()) this.pools.clearDiscovered(account.profile, account.region);
      return;
    }
    await Promise.all(
      [...accounts.entries()].map(async ([key, { account, targets }]) => {
        try {
          const values = await this.read(account);
          this.pools.setDiscovered(account.profile, account.region, values);
          this.say(key, 'info', `Service Quotas for account "${account.profile}" in ${account.region}: ${this.describe(targets)}.`);
        } catch (err) {
          this.pools.clearDiscovered(account.profile, account.region);
          const why = err instanceof Error ? err.message : String(err);
          this.say(key, 'warn', `Could not read Service Quotas for account "${account.profile}" in ${account.region} (${why}); its Bedrock pools run on the limits typed in resilientLlm.pools alone. Allow servicequotas:ListServiceQuotas, or type the pools' limits.`);
        }
      }),
    );
  }

  /** "Claude Sonnet 4.5 (cross-Region): 4000000 tokens per minute (Service Quotas), 5760000000 tokens per day (Service Quotas)". */
  private describe(targets: readonly TargetConfig[]): string {
    const models = this.options.models?.();
    const seen = new Map<string, PoolRef>();
    for (const t of targets) {
      const ref = models ? poolOf({ ...t, authType: authOf(t).type }, models) : undefined;
      if (ref) seen.set(ref.key, ref);
    }
    if (seen.size === 0) return 'read';
    const source = (s: LimitSource | undefined) => (s === 'typed' ? 'typed' : 'Service Quotas');
    return [...seen.values()]
      .map((ref) => {
        const l = this.pools.limits(ref);
        const tpm = l.tpm === undefined ? 'no tokens-per-minute quota listed' : `${l.tpm} tokens per minute (${source(l.tpmSource)})`;
        const day = l.tokensPerDay === undefined ? 'no tokens-per-day quota listed' : `${l.tokensPerDay} tokens per day (${source(l.tokensPerDaySource)})`;
        return `${ref.label.slice(ref.profile.length + ref.region.length + 2)}: ${tpm}, ${day}`;
      })
      .join('; ');
  }

  private say(key: string, level: 'info' | 'warn', line: string): void {
    if (this.said.get(key) === line) return;
    this.said.set(key, line);
    this.log[level](line);
  }
}
