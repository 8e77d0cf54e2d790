import { setMaxListeners } from 'node:events';
import { type Clock, SystemClock } from '../core/clock';
import { ChangeSignal } from '../core/changeSignal';
import { Emitter } from '../core/events';
import { BUILT_IN_MODELS, type ModelLookup } from '../core/modelDirectory';
import { type Random } from '../core/rng';
import { type ModelProvider, type ModelRequest, type Usage } from '../providers/types';
import { attemptLoop } from './attemptLoop';
import { hasImages, routeCapabilities } from './capabilities';
import { type ResolvedConfig } from './config/validate';
import { workspaceQuota } from './config/quotas';
import { RouterError } from './errors';
import { tenantLimitMessage } from './limitText';
import { MemoryLimitStore } from './limits/memoryStore';
import { PoolLimitLearner } from './limits/learner';
import { PoolTable } from './limits/pools';
import { type Lease, type LimitSpec, type LimitStore } from './limits/types';
import { type RequestOutcome, type RequestRecord } from './records';
import { RegionHealth } from './regionHealth';
import { DEFAULT_MAX_TOKENS } from './requestForTarget';
import { HedgeBudget } from './hedge';
import { RequestState } from './requestState';
import { RetryBudget } from './retryBudget';
import { type RouterEvent, type RouterParts } from './routerParts';
import { buildSnapshot, type RouterSnapshot } from './snapshot';
import { RouterStats } from './stats';
import { createStrategy, type Strategy } from './strategies';
import { type TargetRuntime, reconcileTargets } from './targets';
import { estimateInputTokens, limitTokens } from './tokens';

/** The signal of requests that bring none: it never aborts. */
const NEVER_ABORTED = new AbortController().signal;
// Every attempt in flight listens to it; without this, more than 10 at once print a "possible memory leak" warning.
setMaxListeners(0, NEVER_ABORTED);

export { DEFAULT_MAX_TOKENS };
export type { RouterEvent };

export interface RouterOptions {
  config: ResolvedConfig;
  provider: ModelProvider;
  clock?: Clock;
  store?: LimitStore;
  random?: Random;
  /** What is known about models beyond the catalog (a `ModelDirectory` fed by discovery); default: the catalog. */
  models?: ModelLookup;
}

export interface RouteRequest {
  /** Route name; the configuration's default route when absent. */
  route?: string;
  /** Who is asking (a workspace); tenant quotas apply per name. */
  tenant: string;
  request: ModelRequest;
  signal?: AbortSignal;
  /** Which tool sent the request (the gateway's clients, from their user agents), kept in the record. */
  client?: string;
}

/**
 * Turns one request into the best attempt sequence across a route's targets and its
 * fallback routes: exact limits, breaker-aware ordering, retries within a budget,
 * waiting for the earliest recovery, streaming with invisible failover before the first
 * token. Pure TypeScript: time from the Clock, calls through the ModelProvider.
 */
export class Router {
  private config: ResolvedConfig;
  /** What every request's attempt loop works with; `configure` replaces its target and strategy tables. */
  private readonly parts: Omit<RouterParts, 'targets' | 'strategies'> & { targets: Map<string, TargetRuntime>; strategies: Map<string, Strategy> };
  readonly clock: Clock;
  readonly store: LimitStore;
  /** Bedrock quota pools' limits: typed (`resilientLlm.pools`) over discovered (`setDiscoveredQuotas`). */
  readonly pools: PoolTable;
  /** The catalog plus what discovery learned (application inference profiles). */
  readonly models: ModelLookup;
  readonly stats = new RouterStats();
  private nextId = 1;
  private inFlightRequests = 0;

  private readonly recordEmitter = new Emitter<RequestRecord>();
  private readonly changeEmitter = new Emitter<void>();
  /** Fires when a request finishes, with its record. */
  readonly onRecord = this.recordEmitter.event;
  /** Fires when a pool's learnt limit changes (backs off, rises, recovers to the quota): for the log. */
  readonly onPoolLimit: PoolLimitLearner['onChange'];
  /** Fires when live state changes (an attempt starts or ends, a breaker moves, the configuration changes). */
  readonly onChange = this.changeEmitter.event;

  constructor(options: RouterOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.store = options.store ?? new MemoryLimitStore();
    this.models = options.models ?? BUILT_IN_MODELS;
    const learner = new PoolLimitLearner({ clock: this.clock, store: this.store });
    this.pools = new PoolTable(learner);
    this.onPoolLimit = learner.onChange;
    learner.onChange(() => this.stateChanged());
    this.config = options.config;
    this.parts = {
      provider: options.provider,
      clock: this.clock,
      store: this.store,
      pools: this.pools,
      random: options.random ?? Math.random,
      budget: new RetryBudget(options.config.settings.retry),
      hedges: new HedgeBudget(),
      regions: new RegionHealth(options.config.settings.cooldown.windowMs),
      stats: this.stats,
      changed: new ChangeSignal(),
      targets: new Map(),
      strategies: new Map(),
      stateChanged: () => this.stateChanged(),
    };
    this.configure(options.config);
  }

  /** Applies a new (validated) configuration to new requests; in-flight requests finish as they started. */
  configure(config: ResolvedConfig): void {
    const parts = this.parts;
    this.config = config;
    this.pools.configure(config.settings.pools, this.models);
    parts.targets = reconcileTargets(parts.targets, config.targets.values(), config.settings.cooldown, this.models);
    for (const t of parts.targets.values()) t.health.onChange(() => this.healthChanged(t));
    const strategies = new Map<string, Strategy>();
    for (const r of config.routes.values()) {
      const old = parts.strategies.get(r.name);
      strategies.set(r.name, old && old.name === r.strategy ? old : createStrategy(r.strategy));
    }
    parts.strategies = strategies;
    parts.budget.configure(config.settings.retry);
    parts.regions.configure(config.settings.cooldown.windowMs);
    this.stateChanged();
  }

  get configuration(): ResolvedConfig {
    return this.config;
  }

  /** Requests being served right now. */
  get activeRequests(): number {
    return this.inFlightRequests;
  }

  snapshot(): RouterSnapshot {
    return buildSnapshot(this.config, this.parts.targets, this.store, this.stats, this.clock.now(), this.pools);
  }

  /** Clears statistics and recent requests. Limits and breakers are not statistics: they stay. */
  resetStatistics(): void {
    this.stats.reset();
    this.stateChanged();
  }

  /** A breaker that starts resting tells the store, so every process sharing the store rests the target too. */
  private healthChanged(t: TargetRuntime): void {
    const h = t.health.snapshot;
    if (h.state === 'cooling') {
      Promise.resolve(this.store.setCooldown(t.key, h.until, h.reason, this.clock.now())).catch(() => {}); // a store that cannot share it still rests the target here
    }
    this.stateChanged();
  }

  private stateChanged(): void {
    this.parts.changed.notify();
    this.changeEmitter.fire();
  }

  tenantSpec(tenant: string): LimitSpec | undefined {
    const { quota } = workspaceQuota(this.config.settings.quotas, tenant);
    if (quota.rpm === undefined && quota.tpm === undefined && quota.tokensPerDay === undefined) return undefined;
    return { key: `tenant:${tenant}`, rpm: quota.rpm, tpm: quota.tpm, tokensPerDay: quota.tokensPerDay };
  }

  /** Sends a request and collects the whole answer. Throws `RouterError`. */
  async send(req: RouteRequest): Promise<{ text: string; reasoning: string; toolUses: Array<{ toolUseId: string; name: string; input: unknown }>; stopReason?: string; usage?: Usage; record: RequestRecord }> {
    let text = '';
    let reasoning = '';
    let stopReason: string | undefined;
    let usage: Usage | undefined;
    const toolUses: Array<{ toolUseId: string; name: string; input: unknown }> = [];
    for await (const e of this.stream(req)) {
      if (e.type === 'text') text += e.text;
      else if (e.type === 'reasoning') reasoning += e.text;
      else if (e.type === 'toolUse') toolUses.push({ toolUseId: e.toolUseId, name: e.name, input: e.input });
      else if (e.type === 'stop') stopReason = e.stopReason;
      else if (e.type === 'usage') usage = e.usage;
      else if (e.type === 'record') return { text, reasoning, toolUses, stopReason, usage, record: e.record };
    }
    throw new RouterError('cancelled', 'The request ended without a result.');
  }

  /** Streams one request. Throws `RouterError` (with `.record`) when it cannot be served. */
  async *stream(req: RouteRequest): AsyncGenerator<RouterEvent> {
    const config = this.config;
    const signal = req.signal ?? NEVER_ABORTED;
    // Callers may share one signal across many requests in flight (a demo, a batch), and each attempt listens to it.
    if (req.signal) setMaxListeners(0, req.signal);
    const routeName = req.route ?? config.defaultRoute;
    const chain = config.chains.get(routeName);
    const now0 = this.clock.now();
    const record: RequestRecord = { id: `r${this.nextId++}`, route: routeName, tenant: req.tenant, startedAt: now0, endedAt: now0, outcome: 'failed', attempts: [], skipped: [], totalMs: 0, waitedMs: 0, ...(req.client === undefined ? {} : { client: req.client }) };
    this.inFlightRequests++;
    let tenantLease: Lease | undefined;
    let actualTokens = 0;
    let settled = false;
    try {
      if (!chain) {
        throw new RouterError('config', `No route named "${routeName}". Routes: ${[...config.routes.keys()].join(', ')}. Check resilientLlm.routes.`);
      }
      this.parts.budget.recordRequest(now0);
      this.parts.hedges.recordRequest(now0);
      const needsImages = hasImages(req.request);
      if (needsImages && !routeCapabilities(config, routeName, this.models).images) {
        throw new RouterError('invalid-request', `The request has images, but no model of route "${routeName}" or its fallbacks accepts image input (${modelsOf(config, chain)}). Send it to a route with an image-capable model (Claude, Amazon Nova), or remove the images.`);
      }
      const estimated = estimateInputTokens(req.request);
      const requestMax = req.request.maxTokens ?? config.routes.get(routeName)!.maxTokens ?? DEFAULT_MAX_TOKENS;
      const tenantSpec = this.tenantSpec(req.tenant);
      if (tenantSpec) {
        const admission = await this.store.admit([tenantSpec], estimated + requestMax, now0);
        if (!admission.ok) {
          record.outcome = 'rate-limited';
          throw new RouterError('rate-limited', tenantLimitMessage(req.tenant, admission, estimated + requestMax), { retryAfterMs: admission.retryAfterMs });
        }
        tenantLease = admission.lease;
      }
      const state = new RequestState(record, config, chain, req.request, estimated, needsImages);
      for await (const event of attemptLoop(this.parts, state, signal)) {
        if (event.type === 'usage') actualTokens = limitTokens(event.usage);
        yield event;
      }
      settled = this.finishRecord(record, 'succeeded');
      yield { type: 'record', record };
    } catch (err) {
      const error = RouterError.isInstance(err) ? err : new RouterError('unavailable', err instanceof Error ? err.message : String(err), { cause: err });
      settled = this.finishRecord(record, error.kind === 'cancelled' ? 'cancelled' : error.kind === 'rate-limited' ? 'rate-limited' : 'failed', error);
      error.record = record;
      throw error;
    } finally {
      // Not settled: the consumer stopped reading (cancelled the chat turn), and the request ends here.
      if (!settled) this.finishRecord(record, 'cancelled', { kind: 'cancelled', message: 'The request was cancelled.' });
      if (tenantLease) {
        // No provider call was made (every target was full, resting or out of scope): the
        // workspace's quota is given back, as its user would expect. See docs/reliability.md.
        if (record.outcome !== 'succeeded' && record.attempts.length === 0 && this.store.refund) await this.store.refund(tenantLease, this.clock.now());
        else await this.store.finish(tenantLease, actualTokens, this.clock.now());
      }
      this.inFlightRequests--;
      this.stateChanged();
    }
  }

  /** Ends the request's record with its outcome (and the error that ended it), counts it and tells listeners. */
  private finishRecord(record: RequestRecord, outcome: RequestOutcome, error?: Pick<RouterError, 'kind' | 'message'>): true {
    record.outcome = outcome;
    if (error) {
      record.errorKind = error.kind;
      record.message = error.message;
    }
    record.endedAt = this.clock.now();
    record.totalMs = record.endedAt - record.startedAt;
    this.stats.recordRequest(record);
    this.recordEmitter.fire(record);
    return true;
  }
}

/** "sonnet-a: <model id>, haiku: <model id>": the models a route and its fallbacks send to. */
function modelsOf(config: ResolvedConfig, chain: readonly string[]): string {
  const ids = [...new Set(chain.flatMap((r) => config.routes.get(r)!.targets))];
  return ids.map((id) => `${id}: ${config.targets.get(id)!.model}`).join(', ');
}
