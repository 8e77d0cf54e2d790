import { type ProviderError } from '../providers/errors';
import { type RouterParts } from './routerParts';
import { type TargetRuntime } from './targets';

/**
 * Throttles that say nothing about the pool's tokens per minute. Bedrock's messages (AWS Knowledge
 * Center, "How do I troubleshoot the ThrottlingException error when I use Amazon Bedrock on-demand
 * resources?"; see src/simulator/throttleMessages.ts): "Too many tokens, please wait before trying
 * again." is the per-minute token quota, the one the learner learns; "Too many requests, please
 * wait ..." is a request rate (an older account's RPM quota, or Bedrock short of capacity), which
 * the target's breaker handles; "Too many tokens per day ..." is the day's quota. Any other
 * throttle is taken as the token quota, since Bedrock throttles on tokens.
 */
const NOT_THE_MINUTE = [/too many requests/i, /per day/i];

/** Whether a throttle's message is about the pool's tokens per minute. */
export function isTokenThrottle(message: string): boolean {
  return !NOT_THE_MINUTE.some((re) => re.test(message));
}

/**
 * Tells the pool limit learner how an attempt on `t` ended (after its lease was settled, so the
 * pool's last minute no longer holds a throttled request's reservation): a per-minute token
 * throttle lowers the pool's learnt limit, a served answer may raise it. Targets with
 * `learnLimits: false` teach nothing.
 */
export function teachLearner(parts: RouterParts, t: TargetRuntime, outcome: 'served' | ProviderError, completed: boolean, admittedAt: number): void {
  const learner = parts.pools.learner;
  if (!learner || !t.learnsLimits) return;
  const ref = t.pool;
  const quota = parts.pools.limits(ref).tpm;
  const used = parts.store.usage(ref.key, parts.clock.now()).tpm;
  if (outcome !== 'served') {
    if (outcome.kind === 'throttled' && isTokenThrottle(outcome.message)) learner.throttled(ref, quota, admittedAt, used);
  } else if (completed) {
    learner.succeeded(ref, quota, used);
  }
}
