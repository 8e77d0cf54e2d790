import { ProviderError } from '../providers/errors';
import { type ModelRequest, type StreamEvent, type Usage } from '../providers/types';
import { type OpenAttempt, openAttempt } from './attempt';
import { RouterError } from './errors';
import { type PooledLease, restampPooled } from './limits/poolAdmission';
import { type PlannedCandidate } from './planner';
import { teachLearner } from './poolLearning';
import { type RequestState } from './requestState';
import { mostExpensiveCostUsd } from './routeCost';
import { type RouterEvent, type RouterParts } from './routerParts';
import { limitTokens } from './tokens';

/**
 * One provider call for an admitted candidate. Streams the answer once its first token
 * arrives and returns 'served', or returns the error that ended the call before the first
 * token (the loop may then try elsewhere). Throws `RouterError` when the request must end:
 * cancelled, or interrupted after the answer had started.
 */
export async function* runAttempt(parts: RouterParts, state: RequestState, c: PlannedCandidate, lease: PooledLease, request: ModelRequest, signal: AbortSignal): AsyncGenerator<RouterEvent, 'served' | ProviderError> {
  const { clock } = parts;
  const { timeouts } = state.config.settings;
  const t = c.target;
  const attempt = state.beginAttempt(c, clock.now());
  const held = t.begin(lease, parts);
  parts.stateChanged();
  let usedTokens = 0;
  let usage: Usage | undefined;
  let committed = false;
  let completed = false;
  let open: OpenAttempt | undefined;
  let outcome: 'served' | ProviderError = 'served';
  try {
    open = await openAttempt({ provider: parts.provider, endpoint: t.endpoint, targetId: t.id, request, clock, signal, firstTokenMs: timeouts.firstTokenMs, totalMs: timeouts.totalMs, onAccepted: () => restampPooled(parts.store, lease, clock.now()) });
    committed = true;
    attempt.ttftMs = open.ttftMs;
    t.recordTtft(open.ttftMs);
    const servedBy = state.served(c, clock.now());
    yield { type: 'served', servedBy, attempt: state.attempts, fallbackDepth: c.depth };
    let outputChars = 0;
    const forward = (e: StreamEvent): RouterEvent => {
      if (e.type === 'text' || e.type === 'reasoning') outputChars += e.text.length;
      if (e.type === 'usage') {
        usedTokens = limitTokens(e.usage);
        usage = e.usage;
        t.recordUsage(e.usage);
        const routeTargets = state.config.routes.get(state.route)!.targets.map((id) => parts.targets.get(id)!);
        state.used(e.usage, t.costUsd(e.usage.inputTokens, e.usage.outputTokens, { read: e.usage.cacheReadInputTokens, write: e.usage.cacheWriteInputTokens }, request.serviceTier), mostExpensiveCostUsd(routeTargets, e.usage));
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
      t.health.recordFailure(attempt.outcome, clock.now(), perr.retryAfterMs, perr.message, { probe: c.probe, startedAt: attempt.startedAt });
      throw new RouterError('interrupted', `The answer from ${t.id} stopped after about ${Math.ceil(outputChars / 4)} tokens: ${perr.message} The text above is all that arrived; ask again to retry.`, { cause: perr });
    }
    completed = true;
    t.health.recordSuccess(clock.now());
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
    t.health.recordFailure(perr.kind, clock.now(), perr.retryAfterMs, perr.message, { probe: c.probe, startedAt: attempt.startedAt });
    outcome = perr;
  } finally {
    open?.close();
    const now = clock.now();
    attempt.latencyMs = now - attempt.startedAt;
    // Stopped without an error and without finishing: the consumer let go of the stream (a cancelled chat turn).
    if (!completed && attempt.outcome === 'ok') attempt.outcome = 'cancelled';
    if (attempt.outcome === 'cancelled' && c.probe) t.health.abandonProbe();
    // With usage, the pool settles as Bedrock does (burndown); without, both settle to the same count.
    await held.end(usage ?? usedTokens, attempt.outcome, now);
    teachLearner(parts, t, outcome, completed, attempt.startedAt);
    parts.stats.recordAttempt(attempt, state.record);
    parts.stateChanged();
  }
  return outcome;
}
