import { type ProviderError } from '../providers/errors';
import { type RouterParts } from './routerParts';
import { type TargetRuntime } from './targets';

/** Bedrock's tokens-per-day throttle ("Too many tokens per day, ...") says nothing about the pool's minute. */
const PER_DAY = /per day/i;

/**
 * Tells the pool limit learner how an attempt on `t` ended (after its lease was settled, so the
 * pool's last minute no longer holds a throttled request's reservation): a per-minute throttle
 * lowers the pool's learnt limit, a served answer may raise it. Targets with `learnLimits: false`
 * teach nothing.
 */
export function teachLearner(parts: RouterParts, t: TargetRuntime, outcome: 'served' | ProviderError, completed: boolean, admittedAt: number): void {
  const learner = parts.pools.learner;
  if (!learner || !t.learnsLimits) return;
  const ref = t.pool;
  const quota = parts.pools.limits(ref).tpm;
  const used = parts.store.usage(ref.key, parts.clock.now()).tpm;
  if (outcome !== 'served') {
    if (outcome.kind === 'throttled' && !PER_DAY.test(outcome.message)) learner.throttled(ref, quota, admittedAt, used);
  } else if (completed) {
    learner.succeeded(ref, quota, used);
  }
}
