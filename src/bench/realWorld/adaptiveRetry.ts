/**
 * The AWS SDK's own adaptive retry mode (`retryMode: 'adaptive'`) with its delays on the
 * simulated clock, so that the benchmark's scaled time means the same to it as to the
 * router. Adaptive mode is the SDK's AdaptiveRetryStrategy: standard retries (3 attempts,
 * exponential backoff with full jitter from a 1 s base after a throttle, a retry-token
 * budget) plus a client-side token bucket, DefaultRateLimiter, whose send rate follows
 * CUBIC: cut to 0.7x the measured rate on a throttle, grown back along a cubic curve.
 *
 * Nothing of its logic is replaced. Two things read the wall clock in the SDK and are
 * pointed at the simulated one instead:
 * - DefaultRateLimiter's `getCurrentTimeInSeconds` (Date.now()) and the sleep in its
 *   `acquireTokenBucket` (setTimeout): a subclass overrides the two (the same lines, with
 *   `clock.now()` and `clock.sleep()`), because both are private and the sleep uses a
 *   static setTimeout shared by every client in the process;
 * - the retry backoff: a `backoff` with the SDK's formula (DefaultRetryBackoffStrategy:
 *   random x min(base x 2^attempt, 20 s)) divided by the clock's scale, as the standard-retry
 *   clients of the routing-quality benchmark do. StandardRetryStrategy sleeps that many real ms.
 */
import { AdaptiveRetryStrategy, DefaultRateLimiter, MAXIMUM_RETRY_DELAY } from '@smithy/util-retry';
import { type Clock } from '../../core/clock';

/** DefaultRateLimiter's private state and steps that the override uses (@smithy/core 3.x, retry submodule). */
interface Bucket {
  enabled: boolean;
  availableTokens: number;
  fillRate: number;
  refillTokenBucket(): void;
}

/** The SDK's rate limiter, reading and sleeping on `clock`. Throws if the SDK's limiter no longer has the methods it overrides. */
export function rateLimiterOn(clock: Clock): DefaultRateLimiter {
  const proto = DefaultRateLimiter.prototype as unknown as Record<string, unknown>;
  for (const m of ['getCurrentTimeInSeconds', 'acquireTokenBucket', 'refillTokenBucket']) {
    if (typeof proto[m] !== 'function') throw new Error(`the AWS SDK's DefaultRateLimiter has no ${m} any more: update src/bench/realWorld/adaptiveRetry.ts`);
  }
  class OnSimulatedClock extends DefaultRateLimiter {}
  Object.defineProperty(OnSimulatedClock.prototype, 'getCurrentTimeInSeconds', { value: () => clock.now() / 1000 });
  Object.defineProperty(OnSimulatedClock.prototype, 'acquireTokenBucket', {
    async value(this: Bucket, amount: number): Promise<void> {
      if (!this.enabled) return;
      this.refillTokenBucket();
      while (amount > this.availableTokens) {
        await clock.sleep(((amount - this.availableTokens) / this.fillRate) * 1000);
        this.refillTokenBucket();
      }
      this.availableTokens -= amount;
    },
  });
  return new OnSimulatedClock();
}

/** The SDK's DefaultRetryBackoffStrategy (full jitter), its delay in real ms for `clock`'s simulated ms. */
export function backoffOn(clock: Clock, random: () => number = Math.random): { computeNextBackoffDelay(i: number): number; setDelayBase(delay: number): void } {
  let base = 50;
  return {
    computeNextBackoffDelay: (i) => Math.floor(random() * Math.min(base * 2 ** i, MAXIMUM_RETRY_DELAY)) / clock.scale,
    setDelayBase: (delay) => {
      base = delay;
    },
  };
}

/** `retryMode: 'adaptive'` as the SDK builds it (3 attempts), on `clock`. */
export function adaptiveRetryOn(clock: Clock): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(3, { maxAttempts: 3, backoff: backoffOn(clock), rateLimiter: rateLimiterOn(clock) });
}
