import { formatMs } from '../core/duration';
import { type ModelRequest } from '../providers/types';
import { RouterError } from './errors';
import { describeFailure, nonRetryableError } from './failures';
import { targetLimitReason } from './limitText';
import { finishPooled, type PooledLease } from './limits/poolAdmission';
import { type PlannedCandidate, headroomOf, plan } from './planner';
import { type SkipRecord } from './records';
import { type RequestState } from './requestState';
import { requestForTarget } from './requestForTarget';
import { type RouterEvent, type RouterParts } from './routerParts';
import { runAttempt } from './runAttempt';
import { DEFAULT_HEDGE_SPARE, failureDomain, hedgePolicy, routeRpm, runHedged } from './hedge';

interface Admitted {
  candidate: PlannedCandidate;
  lease: PooledLease;
  /** The request as this target takes it. */
  request: ModelRequest;
}

/**
 * The attempt loop: plan, admit, call, fail over, back off, wait. Yields the served stream;
 * throws `RouterError` when nothing can serve the request. What it learns about the request
 * goes into `state`; what it learns about targets goes into their breakers and the store.
 */
export async function* attemptLoop(parts: RouterParts, state: RequestState, signal: AbortSignal): AsyncGenerator<RouterEvent> {
  const { clock, budget, random } = parts;
  const { maxAttempts } = state.config.settings.retry;
  const gaveUp = () => `gave up after ${state.attempts} attempts (retry.maxAttempts)`;
  for (;;) {
    if (signal.aborted) throw new RouterError('cancelled', 'The request was cancelled.');
    const now = clock.now();
    const p = planNow(parts, state, now);
    for (const s of p.skipped) state.passOver(s);
    const admitted = await admitFirst(parts, state, state.retriesAllowed ? [...p.fresh, ...p.retry] : p.fresh, now);
    if (!admitted) {
      if (!state.retriesAllowed && p.retry.length > 0 && state.attempts < maxAttempts) {
        const delay = budget.backoffMs(state.attempts, random);
        yield { type: 'progress', message: `Retrying ${p.retry.map((c) => c.target.id).join(', ')} in ${formatMs(delay)}` };
        await clock.sleep(delay, signal).catch(() => {});
        state.retriesAllowed = true;
        continue;
      }
      if (p.retry.length > 0 && state.attempts >= maxAttempts) throw state.giveUp(true, gaveUp());
      const wait = earliestRecovery(state.skipped, now, state.waitUntil);
      if (wait !== undefined) {
        yield { type: 'progress', message: `Every target is busy; waiting up to ${formatMs(wait)} for one to free up (${state.skippedIds.join(', ')})` };
        const started = clock.now();
        await waitForChange(parts, wait, signal);
        state.record.waitedMs += clock.now() - started;
        continue;
      }
      throw state.giveUp(state.failed.size > 0 || state.excluded.size > 0);
    }
    const { candidate, lease, request } = admitted;
    if (state.attempts >= maxAttempts || (state.attempts > 0 && !budget.tryRetry(now))) {
      if (candidate.probe) candidate.target.health.abandonProbe();
      await finishPooled(parts.store, lease, 0, 0, now);
      throw state.giveUp(true, state.attempts >= maxAttempts ? gaveUp() : 'the retry budget is spent (too many retries across requests right now)');
    }
    if (state.lastError) yield { type: 'progress', message: `${describeFailure(state.record.attempts.at(-1)!)}; trying ${candidate.target.id}` };
    else if (candidate.depth > 0 && state.attempts === 0) yield { type: 'progress', message: `Route ${state.route} is at capacity; falling back to ${candidate.route} (${candidate.target.id})` };
    const delay = hedgeDelayMs(state, candidate);
    const { outcome, candidate: ended } =
      delay === undefined ? { outcome: yield* runAttempt(parts, state, candidate, lease, request, signal), candidate } : yield* runHedged(parts, state, admitted, delay, () => admitHedge(parts, state, candidate), signal);
    if (outcome === 'served') return;
    const fatal = nonRetryableError(outcome, ended.target);
    if (fatal) throw fatal;
    state.learn(outcome, ended);
  }
}

/**
 * When to hedge this attempt: on a route that hedges (see `hedgePolicy`), once per request, at the
 * target's learnt p95 time to first token (not before `minDelayMs`); undefined when it should not hedge.
 */
function hedgeDelayMs(state: RequestState, c: PlannedCandidate): number | undefined {
  const hedge = hedgePolicy(state.config.routes.get(c.route)!, state.config.targets);
  if (!hedge || state.record.hedged || hedge.budgetPercent === 0) return undefined;
  const p95 = c.target.ttftP95Ms;
  if (p95 === undefined) return undefined;
  return Math.max(hedge.minDelayMs, p95);
}

/**
 * A second target for a hedge: another target of the plan, admitted within its limits, if the hedge budget
 * allows one. A default hedge waits out a surge (requests arriving at more than half the route's RPM) and
 * takes only a target in another failure domain (account or Region) whose own limits and Bedrock pool are at
 * most half used (DEFAULT_HEDGE_SPARE), so it races on capacity that is neither slow for the same reason nor needed by the
 * requests behind it.
 */
async function admitHedge(parts: RouterParts, state: RequestState, first: PlannedCandidate): Promise<Admitted | undefined> {
  const now = parts.clock.now();
  const route = state.config.routes.get(first.route)!;
  const policy = hedgePolicy(route, state.config.targets)!;
  if (policy.auto && parts.hedges.requestsPerMinute(now) > DEFAULT_HEDGE_SPARE * routeRpm(route, state.config.targets)) return undefined;
  const p = planNow(parts, state, now);
  const domain = failureDomain(first.target.config);
  // Spare under the target's own limits and under its Bedrock pool's (learnt, else quota): a hedge must not take tokens the pool's next requests need.
  const poolRoom = (c: PlannedCandidate) => {
    const l = parts.pools.limitsWithLearnt(c.target.pool);
    const limit = l.learntTpm ?? l.tpm;
    return limit ? 1 - parts.store.usage(c.target.pool.key, now).tpm / limit : 1;
  };
  const spare = (c: PlannedCandidate) => Math.min(headroomOf(c.target, parts.store.usage(c.target.key, now)) ?? 1, poolRoom(c)) >= DEFAULT_HEDGE_SPARE;
  const others = p.fresh.filter((c) => c.target.id !== first.target.id && (!policy.auto || (failureDomain(c.target.config) !== domain && spare(c))));
  const admitted = await admitFirst(parts, state, others, now);
  if (!admitted) return undefined;
  if (parts.hedges.tryHedge(now, policy.budgetPercent)) return admitted;
  if (admitted.candidate.probe) admitted.candidate.target.health.abandonProbe();
  await finishPooled(parts.store, admitted.lease, 0, 0, now);
  return undefined;
}

/** The request's candidates now: the route chain as the strategies order it, less what it has learnt to avoid. */
function planNow(parts: RouterParts, state: RequestState, now: number) {
  return plan({ config: state.config, chain: state.chain, targets: parts.targets, strategies: parts.strategies, random: parts.random, now, estimatedInputTokens: state.estimatedInputTokens, failed: state.failed, excluded: state.excluded, suspectRegions: parts.regions.suspect(now), needsImages: state.needsImages, maxTokens: state.request.maxTokens, usage: (key) => parts.store.usage(key, now) });
}

/** Admits the first candidate whose limits allow it; records why the others were passed over. */
async function admitFirst(parts: RouterParts, state: RequestState, candidates: readonly PlannedCandidate[], now: number): Promise<Admitted | undefined> {
  for (const candidate of candidates) {
    const t = candidate.target;
    const route = state.config.routes.get(candidate.route)!;
    // The request as this target takes it (thinking, cache points, maxTokens): reserve what it may use.
    const request = requestForTarget(state.request, route, { info: t.info, maxOutputTokens: t.maxOutputTokens });
    const tier = state.tierFor(candidate).tier;
    if (tier) request.serviceTier = tier;
    const tokens = state.estimatedInputTokens + request.maxTokens!;
    const admission = await t.admit(parts.store, parts.pools, tokens, now);
    if (admission.ok) {
      if (candidate.probe) t.health.startProbe();
      return { candidate, lease: admission.lease, request };
    }
    state.passOver({ targetId: t.id, route: candidate.route, reason: targetLimitReason(admission, tokens, admission.key === t.pool.key ? { quotaTpm: parts.pools.limits(t.pool).tpm } : undefined), retryAfterMs: admission.retryAfterMs ?? (admission.tooLarge ? undefined : admission.limit === 'concurrency' ? 0 : undefined), ...(admission.tooLarge ? {} : { atLimit: true as const }) });
  }
  return undefined;
}

/** Time to wait for the earliest recovery, if one is due before the deadline. */
function earliestRecovery(skipped: readonly SkipRecord[], now: number, deadline: number): number | undefined {
  const remaining = deadline - now;
  if (remaining <= 0) return undefined;
  const times = skipped.map((s) => s.retryAfterMs).filter((t): t is number => t !== undefined);
  if (times.length === 0) return undefined;
  const earliest = Math.min(...times);
  if (earliest > remaining) return undefined;
  // A concurrency slot (0) frees when an attempt ends: wait for that, up to the deadline.
  return earliest === 0 ? remaining : earliest;
}

/** Sleeps until something changes (a slot frees, a breaker moves), `ms` pass, or the request is cancelled. */
async function waitForChange(parts: RouterParts, ms: number, signal: AbortSignal): Promise<void> {
  let cancel = () => {};
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve) => {
      cancel = parts.clock.timer(ms, resolve);
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
      void parts.changed.wait().then(resolve);
      // Another process sharing the limits may free a slot too (polled; see FailoverLimitStore).
      void parts.store.othersMayHaveFreed?.().then(resolve);
    });
  } finally {
    cancel();
    signal.removeEventListener('abort', onAbort);
  }
}
