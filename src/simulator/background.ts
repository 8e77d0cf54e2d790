/**
 * Background callers: other applications in a simulated account that the router does
 * not know about, drawing tokens from one of the account's quota pools on the
 * simulator's clock. "Quotas for the bedrock-runtime endpoint" (Amazon Bedrock user
 * guide): a quota is the account's, per Region and model, so every caller shares it.
 *
 * Each request of a background caller is admitted (or throttled) like any other and
 * counts `tokensPerRequest` quota tokens at once; it is logged in the invocation log
 * with `caller: background:<name>`.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { AccountRegistry } from './accounts';
import { findInferenceProfile, findModel } from './catalog';
import type { InvocationLog } from './invocationLog';
import type { QuotaPool } from './types';
import { type QuotaBook, ThrottleError } from './quotas';
import type { BackgroundCallerSpec } from './scenario';

export const DEFAULT_TOKENS_PER_REQUEST = 2000;
export const DEFAULT_BURST_EVERY_MS = 60_000;
const MIN_STEADY_TICK_MS = 1000;

export interface BackgroundCallerStatus extends BackgroundCallerSpec {
  /** Requests sent so far, and how many of them were throttled. */
  sent: number;
  throttled: number;
}

interface Running {
  spec: BackgroundCallerSpec;
  controller: AbortController;
  sent: number;
  throttled: number;
}

interface Deps {
  clock: Clock;
  quotas: QuotaBook;
  accounts: AccountRegistry;
  log: InvocationLog;
}

function target(model: string): { modelId: string; pool: QuotaPool; regions: readonly string[] } | undefined {
  const profile = findInferenceProfile(model);
  if (profile) return { modelId: profile.modelId, pool: 'cross-region', regions: profile.destinationRegions };
  const m = findModel(model);
  return m ? { modelId: model, pool: 'on-demand', regions: m.onDemandRegions } : undefined;
}

export class BackgroundCallers {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: Deps) {}

  /** Starts a caller (replacing one of the same name); its first requests go out at once. Throws on an unknown account or model. */
  add(spec: BackgroundCallerSpec): BackgroundCallerStatus {
    const account = this.deps.accounts.byProfileName(spec.profile);
    if (!account) throw new Error(`backgroundCallers "${spec.name}": no account "${spec.profile}" in the simulator`);
    const t = target(spec.model);
    if (!t) throw new Error(`backgroundCallers "${spec.name}": unknown model or inference profile "${spec.model}"`);
    if (!t.regions.includes(spec.region)) {
      throw new Error(`backgroundCallers "${spec.name}": ${spec.model} cannot be called from ${spec.region}${t.regions.length ? ` (it can from ${t.regions.join(', ')})` : ' by its model id; use an inference profile id'}`);
    }
    const model = findModel(t.modelId);
    if (!model) throw new Error(`backgroundCallers "${spec.name}": unknown model "${t.modelId}"`);
    this.remove(spec.name);
    const run: Running = { spec: { ...spec }, controller: new AbortController(), sent: 0, throttled: 0 };
    this.running.set(spec.name, run);
    const perRequest = spec.tokensPerRequest ?? DEFAULT_TOKENS_PER_REQUEST;
    const bursty = spec.pattern === 'bursty';
    // Steady callers tick at most once a simulated second (several requests a tick at high rates), so no loop spins.
    const every = bursty ? (spec.burstEveryMs ?? DEFAULT_BURST_EVERY_MS) : Math.max(MIN_STEADY_TICK_MS, (60_000 * perRequest) / spec.tokensPerMinute);
    const perTick = Math.max(1, Math.round((spec.tokensPerMinute * every) / 60_000 / perRequest));
    // Split the quota tokens into input and output as the log shows them (output burns down at the model's rate).
    const outputTokens = Math.floor(perRequest / (2 * model.outputBurndown));
    const inputTokens = perRequest - outputTokens * model.outputBurndown;
    const key = { profile: account.profile, accountId: account.accountId, sourceRegion: spec.region, modelId: t.modelId, pool: t.pool };

    const send = () => {
      for (let i = 0; i < perTick; i++) {
        const now = this.deps.clock.now();
        run.sent++;
        let errorCode: string | undefined;
        try {
          this.deps.quotas.admit(key, perRequest).settle(perRequest);
        } catch (err) {
          if (!(err instanceof ThrottleError)) throw err;
          run.throttled++;
          errorCode = 'ThrottlingException';
        }
        this.deps.log.append({
          requestId: randomUUID(),
          time: Math.round(now),
          operation: 'Converse',
          accountId: account.accountId,
          profile: account.profile,
          sourceRegion: spec.region,
          ...(errorCode ? {} : { inferenceRegion: spec.region }),
          modelId: spec.model,
          requestedModelId: spec.model,
          foundationModelId: t.modelId,
          inputTokens: errorCode ? 0 : inputTokens,
          outputTokens: errorCode ? 0 : outputTokens,
          latencyMs: 0,
          outcome: errorCode ? 'error' : 'success',
          ...(errorCode ? { errorCode } : { quotaTokens: perRequest }),
          caller: `background:${spec.name}`,
        });
      }
    };
    send();
    void (async () => {
      const signal = run.controller.signal;
      while (!signal.aborted) {
        try {
          await this.deps.clock.sleep(every, signal);
        } catch {
          return;
        }
        if (!signal.aborted) send();
      }
    })();
    return this.status(run);
  }

  /** Stops a caller; returns whether it was running. */
  remove(name: string): boolean {
    const run = this.running.get(name);
    if (!run) return false;
    run.controller.abort();
    this.running.delete(name);
    return true;
  }

  list(): BackgroundCallerStatus[] {
    return [...this.running.values()].map((r) => this.status(r));
  }

  /** Stops every caller. */
  stopAll(): void {
    for (const name of [...this.running.keys()]) this.remove(name);
  }

  private status(run: Running): BackgroundCallerStatus {
    return { ...run.spec, sent: run.sent, throttled: run.throttled };
  }
}
