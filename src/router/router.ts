import { setMaxListeners } from 'node:events';
import { type Clock, SystemClock } from '../core/clock';
import { ChangeSignal } from '../core/changeSignal';
import { Emitter } from '../core/events';
import { BUILT_IN_MODELS, type ModelLookup } from '../core/modelDirectory';
import { type Random } from '../core/rng';
import { ProviderError } from '../providers/errors';
import { type ModelProvider, type ModelRequest, type StreamEvent, type Usage } from '../providers/types';
import { type OpenAttempt, openAttempt } from './attempt';
import { hasImages, routeCapabilities } from './capabilities';
import { type ResolvedConfig } from './config/validate';
import { RouterError } from './errors';
import { describeFailure, finalError, nonRetryableError } from './failures';
import { formatMs } from './health';
import { targetLimitReason, tenantLimitMessage } from './limitText';
import { MemoryLimitStore } from './limits/memoryStore';
import { type Lease, type LimitSpec, type LimitStore } from './limits/types';
import { type Exclusion, type PlannedCandidate, plan } from './planner';
import { type AttemptRecord, type RequestRecord, type ServedBy, type SkipRecord } from './records';
import { RegionHealth } from './regionHealth';
import { DEFAULT_MAX_TOKENS, requestForTarget } from './requestForTarget';
import { RetryBudget } from './retryBudget';
import { buildSnapshot, type RouterSnapshot } from './snapshot';
import { RouterStats } from './stats';
import { createStrategy, type Strategy } from './strategies';
import { type TargetRuntime, reconcileTargets } from './targets';
import { estimateInputTokens } from './tokens';

/** Tokens that count against TPM limits: input and output, and prompt-cache writes (cache reads do not count, as in Bedrock's quotas). */
function limitTokens(u: Usage): number {
  return u.inputTokens + u.outputTokens + (u.cacheWriteInputTokens ?? 0);
}

/** The signal of requests that bring none: it never aborts. */
const NEVER_ABORTED = new AbortController().signal;
// Every attempt in flight listens to it; without this, more than 10 at once print a "possible memory leak" warning.
setMaxListeners(0, NEVER_ABORTED);

export { DEFAULT_MAX_TOKENS };

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
}

export type RouterEvent =
  | StreamEvent
  /** What the router is doing, for people: "sonnet-a throttled; trying sonnet-b". */
  | { type: 'progress'; message: string }
  /** The first token arrived from this target: the answer is committed to it. */
  | { type: 'served'; servedBy: ServedBy; attempt: number; fallbackDepth: number }
  /** Always the last event of a successful stream. */
  | { type: 'record'; record: RequestRecord };

/**
 * Turns one request into the best attempt sequence across a route's targets and its
 * fallback routes: exact limits, breaker-aware ordering, retries within a budget,
 * waiting for the earliest recovery, streaming with invisible failover before the first
 * token. Pure TypeScript: time from the Clock, calls through the ModelProvider.
 */
export class Router {
  private config: ResolvedConfig;
  private targets = new Map<string, TargetRuntime>();
  private strategies = new Map<string, Strategy>();
  private readonly provider: ModelProvider;
  readonly clock: Clock;
  readonly store: LimitStore;
  private readonly random: Random;
  /** The catalog plus what discovery learned (application inference profiles). */
  readonly models: ModelLookup;
  private readonly budget: RetryBudget;
  private readonly regions: RegionHealth;
  private readonly changed = new ChangeSignal();
  readonly stats = new RouterStats();
  private nextId = 1;
  private inFlightRequests = 0;

  private readonly recordEmitter = new Emitter<RequestRecord>();
  private readonly changeEmitter = new Emitter<void>();
  /** Fires when a request finishes, with its record. */
  readonly onRecord = this.recordEmitter.event;
  /** Fires when live state changes (an attempt starts or ends, a breaker moves, the configuration changes). */
  readonly onChange = this.changeEmitter.event;

  constructor(options: RouterOptions) {
    this.provider = options.provider;
    this.clock = options.clock ?? new SystemClock();
    this.store = options.store ?? new MemoryLimitStore();
    this.random = options.random ?? Math.random;
    this.models = options.models ?? BUILT_IN_MODELS;
    this.config = options.config;
    this.budget = new RetryBudget(options.config.settings.retry);
    this.regions = new RegionHealth(options.config.settings.cooldown.windowMs);
    this.configure(options.config);
  }

  /** Applies a new (validated) configuration to new requests; in-flight requests finish as they started. */
  configure(config: ResolvedConfig): void {
    this.config = config;
    this.targets = reconcileTargets(this.targets, config.targets.values(), config.settings.cooldown, this.models);
    for (const t of this.targets.values()) t.health.onChange(() => this.healthChanged(t));
    const strategies = new Map<string, Strategy>();
    for (const r of config.routes.values()) {
      const old = this.strategies.get(r.name);
      strategies.set(r.name, old && old.name === r.strategy ? old : createStrategy(r.strategy));
    }
    this.strategies = strategies;
    this.budget.configure(config.settings.retry);
    this.regions?.configure(config.settings.cooldown.windowMs);
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
    return buildSnapshot(this.config, this.targets, this.store, this.stats, this.clock.now());
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
    this.changed.notify();
    this.changeEmitter.fire();
  }

  tenantSpec(tenant: string): LimitSpec | undefined {
    const q = this.config.settings.quotas;
    const quota = q.workspaces[tenant] ?? q.default;
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
    const record: RequestRecord = { id: `r${this.nextId++}`, route: routeName, tenant: req.tenant, startedAt: now0, endedAt: now0, outcome: 'failed', attempts: [], skipped: [], totalMs: 0, waitedMs: 0 };
    this.inFlightRequests++;
    let tenantLease: Lease | undefined;
    let actualTokens = 0;
    let settled = false;
    try {
      if (!chain) {
        throw new RouterError('config', `No route named "${routeName}". Routes: ${[...config.routes.keys()].join(', ')}. Check resilientLlm.routes.`);
      }
      this.budget.recordRequest(now0);
      if (hasImages(req.request) && !routeCapabilities(config, routeName, this.models).images) {
        throw new RouterError('invalid-request', `The request has images, but no model of route "${routeName}" or its fallbacks accepts image input (${this.modelsOf(config, chain)}). Send it to a route with an image-capable model (Claude, Amazon Nova), or remove the images.`);
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
      for await (const event of this.attempts(req, config, chain, record, estimated, signal)) {
        if (event.type === 'usage') actualTokens = limitTokens(event.usage);
        yield event;
      }
      record.outcome = 'succeeded';
      settled = true;
      this.finishRecord(record);
      yield { type: 'record', record };
    } catch (err) {
      const error = RouterError.isInstance(err) ? err : new RouterError('unavailable', err instanceof Error ? err.message : String(err), { cause: err });
      if (error.kind === 'cancelled') record.outcome = 'cancelled';
      else if (error.kind === 'rate-limited') record.outcome = 'rate-limited';
      else record.outcome = 'failed';
      record.errorKind = error.kind;
      record.message = error.message;
      settled = true;
      this.finishRecord(record);
      error.record = record;
      throw error;
    } finally {
      if (!settled) {
        // The consumer stopped reading (cancelled the chat turn): the request ends here.
        record.outcome = 'cancelled';
        record.errorKind = 'cancelled';
        record.message = 'The request was cancelled.';
        this.finishRecord(record);
      }
      if (tenantLease) await this.store.finish(tenantLease, actualTokens, this.clock.now());
      this.inFlightRequests--;
      this.stateChanged();
    }
  }

  private modelsOf(config: ResolvedConfig, chain: readonly string[]): string {
    const ids = [...new Set(chain.flatMap((r) => config.routes.get(r)!.targets))];
    return ids.map((id) => `${id}: ${config.targets.get(id)!.model}`).join(', ');
  }

  private finishRecord(record: RequestRecord): void {
    record.endedAt = this.clock.now();
    record.totalMs = record.endedAt - record.startedAt;
    this.stats.recordRequest(record);
    this.recordEmitter.fire(record);
  }

  /** The attempt loop: plan, admit, call, fail over, back off, wait. Yields the served stream. */
  private async *attempts(req: RouteRequest, config: ResolvedConfig, chain: readonly string[], record: RequestRecord, estimated: number, signal: AbortSignal): AsyncGenerator<RouterEvent> {
    const { retry, timeouts, maxQueueWaitMs } = config.settings;
    const failed = new Set<string>();
    const excluded = new Map<string, Exclusion>();
    const skipped = new Map<string, SkipRecord>();
    let lastError: ProviderError | undefined;
    let retriesAllowed = false;
    const waitUntil = record.startedAt + maxQueueWaitMs;
    const needsImages = hasImages(req.request);
    for (;;) {
      if (signal.aborted) throw new RouterError('cancelled', 'The request was cancelled.');
      const now = this.clock.now();
      const p = plan({ config, chain, targets: this.targets, strategies: this.strategies, random: this.random, now, estimatedInputTokens: estimated, failed, excluded, suspectRegions: this.regions.suspect(now), needsImages });
      for (const s of p.skipped) skipped.set(s.targetId, s);
      const candidates = retriesAllowed ? [...p.fresh, ...p.retry] : p.fresh;
      const admitted = await this.admitFirst(candidates, req, config, estimated, now, skipped);
      if (!admitted) {
        if (!retriesAllowed && p.retry.length > 0 && record.attempts.length < retry.maxAttempts) {
          const delay = this.budget.backoffMs(record.attempts.length, this.random);
          yield { type: 'progress', message: `Retrying ${p.retry.map((c) => c.target.id).join(', ')} in ${formatMs(delay)}` };
          await this.clock.sleep(delay, signal).catch(() => {});
          retriesAllowed = true;
          continue;
        }
        if (p.retry.length > 0 && record.attempts.length >= retry.maxAttempts) {
          record.skipped = [...skipped.values()];
          throw finalError(chain[0]!, record.skipped, lastError, true, `gave up after ${record.attempts.length} attempts (retry.maxAttempts)`);
        }
        const wait = this.earliestRecovery([...skipped.values()], now, waitUntil);
        if (wait !== undefined) {
          yield { type: 'progress', message: `Every target is busy; waiting up to ${formatMs(wait)} for one to free up (${[...skipped.keys()].join(', ')})` };
          const started = this.clock.now();
          await this.waitForChange(wait, signal);
          record.waitedMs += this.clock.now() - started;
          continue;
        }
        record.skipped = [...skipped.values()];
        throw finalError(chain[0]!, record.skipped, lastError, failed.size > 0 || excluded.size > 0);
      }
      const { candidate, lease, request } = admitted;
      if (record.attempts.length >= retry.maxAttempts || (record.attempts.length > 0 && !this.budget.tryRetry(now))) {
        if (candidate.probe) candidate.target.health.abandonProbe();
        await this.store.finish(lease, 0, now);
        record.skipped = [...skipped.values()];
        const why = record.attempts.length >= retry.maxAttempts ? `gave up after ${record.attempts.length} attempts (retry.maxAttempts)` : 'the retry budget is spent (too many retries across requests right now)';
        throw finalError(chain[0]!, record.skipped, lastError, true, why);
      }
      if (lastError) yield { type: 'progress', message: `${describeFailure(record.attempts.at(-1)!)}; trying ${candidate.target.id}` };
      else if (candidate.depth > 0 && record.attempts.length === 0) yield { type: 'progress', message: `Route ${chain[0]} is at capacity; falling back to ${candidate.route} (${candidate.target.id})` };
      retriesAllowed = false;
      record.skipped = [...skipped.values()];
      const outcome = yield* this.runAttempt(request, candidate, lease, record, timeouts, signal);
      if (outcome === 'served') return;
      lastError = outcome;
      const fatal = nonRetryableError(outcome, candidate.target);
      if (fatal) throw fatal;
      if (outcome.kind === 'credentials') excluded.set(candidate.target.id, { reason: outcome.message, credentialsProfile: candidate.target.config.profile });
      else if (outcome.kind === 'not-found') excluded.set(candidate.target.id, { reason: outcome.message });
      else failed.add(candidate.target.id);
    }
  }

  /** Admits the first candidate whose limits allow it; records why the others were passed over. */
  private async admitFirst(candidates: readonly PlannedCandidate[], req: RouteRequest, config: ResolvedConfig, estimated: number, now: number, skipped: Map<string, SkipRecord>) {
    for (const candidate of candidates) {
      const t = candidate.target;
      const route = config.routes.get(candidate.route)!;
      // The request as this target takes it (thinking, cache points, maxTokens): reserve what it may use.
      const request = requestForTarget(req.request, route, { info: t.info, maxOutputTokens: t.maxOutputTokens });
      const tokens = estimated + request.maxTokens!;
      const admission = await this.store.admit([t.limitSpec], tokens, now);
      if (admission.ok) {
        if (candidate.probe) t.health.startProbe();
        return { candidate, lease: admission.lease, request };
      }
      skipped.set(t.id, { targetId: t.id, route: candidate.route, reason: targetLimitReason(admission, tokens), retryAfterMs: admission.retryAfterMs ?? (admission.tooLarge ? undefined : admission.limit === 'concurrency' ? 0 : undefined), ...(admission.tooLarge ? {} : { atLimit: true as const }) });
    }
    return undefined;
  }

  /** Time to wait for the earliest recovery, if one is due before the deadline. */
  private earliestRecovery(skipped: readonly SkipRecord[], now: number, deadline: number): number | undefined {
    const remaining = deadline - now;
    if (remaining <= 0) return undefined;
    const times = skipped.map((s) => s.retryAfterMs).filter((t): t is number => t !== undefined);
    if (times.length === 0) return undefined;
    const earliest = Math.min(...times);
    if (earliest > remaining) return undefined;
    // A concurrency slot (0) frees when an attempt ends: wait for that, up to the deadline.
    return earliest === 0 ? remaining : earliest;
  }

  private async waitForChange(ms: number, signal: AbortSignal): Promise<void> {
    let cancel = () => {};
    let onAbort = () => {};
    try {
      await new Promise<void>((resolve) => {
        cancel = this.clock.timer(ms, resolve);
        onAbort = resolve;
        signal.addEventListener('abort', onAbort, { once: true });
        void this.changed.wait().then(resolve);
      });
    } finally {
      cancel();
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** One provider call. Returns 'served' after streaming the answer, or the error that ended it before the first token. */
  private async *runAttempt(request: ModelRequest, c: PlannedCandidate, lease: Lease, record: RequestRecord, timeouts: ResolvedConfig['settings']['timeouts'], signal: AbortSignal): AsyncGenerator<RouterEvent, 'served' | ProviderError> {
    const t = c.target;
    const started = this.clock.now();
    const attempt: AttemptRecord = { targetId: t.id, route: c.route, model: t.config.model, profile: t.config.profile, region: t.config.region, startedAt: started, latencyMs: 0, outcome: 'ok', probe: c.probe };
    record.attempts.push(attempt);
    t.inFlight++;
    t.outstandingTokens += lease.tokens;
    this.stateChanged();
    let usedTokens = 0;
    let committed = false;
    let completed = false;
    let open: OpenAttempt | undefined;
    let outcome: 'served' | ProviderError = 'served';
    try {
      open = await openAttempt({ provider: this.provider, endpoint: t.endpoint, targetId: t.id, request, clock: this.clock, signal, firstTokenMs: timeouts.firstTokenMs, totalMs: timeouts.totalMs, onAccepted: () => this.store.restamp?.(lease, this.clock.now()) });
      committed = true;
      attempt.ttftMs = open.ttftMs;
      t.recordTtft(open.ttftMs);
      record.ttftMs = this.clock.now() - record.startedAt;
      record.servedBy = { targetId: t.id, route: c.route, model: t.config.model, profile: t.config.profile, region: t.config.region };
      record.fallbackDepth = c.depth;
      yield { type: 'served', servedBy: record.servedBy, attempt: record.attempts.length, fallbackDepth: c.depth };
      let outputChars = 0;
      const forward = (e: StreamEvent): RouterEvent => {
        if (e.type === 'text' || e.type === 'reasoning') outputChars += e.text.length;
        if (e.type === 'usage') {
          usedTokens = limitTokens(e.usage);
          record.usage = e.usage;
          record.costUsd = t.costUsd(e.usage.inputTokens, e.usage.outputTokens, { read: e.usage.cacheReadInputTokens, write: e.usage.cacheWriteInputTokens });
        }
        return e;
      };
      for (const e of open.head) yield forward(e);
      try {
        for await (const e of open.rest()) yield forward(e);
      } catch (err) {
        const perr = ProviderError.isInstance(err) ? err : new ProviderError('stream-error', String(err));
        if (perr.kind === 'cancelled') throw new RouterError('cancelled', 'The request was cancelled.', { cause: perr });
        attempt.outcome = perr.kind === 'timeout' ? 'timeout' : 'stream-error';
        attempt.message = perr.message;
        t.health.recordFailure(attempt.outcome, this.clock.now(), perr.retryAfterMs, perr.message);
        throw new RouterError('interrupted', `The answer from ${t.id} stopped after about ${Math.ceil(outputChars / 4)} tokens: ${perr.message} The text above is all that arrived; ask again to retry.`, { cause: perr });
      }
      completed = true;
      t.health.recordSuccess();
      if (usedTokens === 0) usedTokens = lease.tokens;
    } catch (err) {
      if (committed || RouterError.isInstance(err)) {
        if (RouterError.isInstance(err) && err.kind === 'cancelled') attempt.outcome = 'cancelled';
        throw err;
      }
      const perr = ProviderError.isInstance(err) ? err : new ProviderError('unknown', err instanceof Error ? err.message : String(err), { cause: err });
      attempt.outcome = perr.kind;
      attempt.message = perr.message;
      if (perr.kind === 'cancelled') {
        if (c.probe) t.health.abandonProbe();
        throw new RouterError('cancelled', 'The request was cancelled.', { cause: perr });
      }
      t.health.recordFailure(perr.kind, this.clock.now(), perr.retryAfterMs, perr.message);
      outcome = perr;
    } finally {
      open?.close();
      const now = this.clock.now();
      attempt.latencyMs = now - started;
      // Stopped without an error: the consumer let go of the stream (a cancelled chat turn).
      if (committed && !completed && attempt.outcome === 'ok') attempt.outcome = 'cancelled';
      if (!committed && attempt.outcome === 'ok') attempt.outcome = 'cancelled';
      if (attempt.outcome === 'cancelled' && c.probe) t.health.abandonProbe();
      t.inFlight--;
      t.outstandingTokens -= lease.tokens;
      await this.store.finish(lease, usedTokens, now);
      this.regions.record(t.config.region, attempt.outcome, now);
      const stats = this.stats.target(t.id);
      stats.recordAttempt(attempt);
      if (attempt.outcome === 'ok' && record.usage) {
        stats.inputTokens += record.usage.inputTokens;
        stats.outputTokens += record.usage.outputTokens;
        stats.cacheReadTokens += record.usage.cacheReadInputTokens ?? 0;
        stats.cacheWriteTokens += record.usage.cacheWriteInputTokens ?? 0;
        stats.costUsd += record.costUsd ?? 0;
      }
      this.stateChanged();
    }
    return outcome;
  }
}
