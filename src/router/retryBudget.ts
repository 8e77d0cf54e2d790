import { SlidingWindow } from './limits/slidingWindow';
import { type RetryConfig } from './config/schema';

const WINDOW_MS = 10_000;

/**
 * A retry budget (as in Envoy and Finagle): retries may add at most `budgetPercent`
 * of the recent request rate, plus a small floor so a quiet router can still retry.
 * During an outage every request fails at once; without a budget each would be
 * retried several times and the retries would pile onto whatever still works.
 */
export class RetryBudget {
  private readonly requests = new SlidingWindow(WINDOW_MS);
  private readonly retries = new SlidingWindow(WINDOW_MS);

  constructor(private config: RetryConfig) {}

  configure(config: RetryConfig): void {
    this.config = config;
  }

  recordRequest(now: number): void {
    this.requests.add(now, 1);
  }

  /** Takes one retry from the budget if there is one. */
  tryRetry(now: number): boolean {
    const allowed = (this.config.minRetriesPerSecond * WINDOW_MS) / 1000 + (this.config.budgetPercent / 100) * this.requests.used(now);
    if (this.retries.used(now) + 1 > allowed) return false;
    this.retries.add(now, 1);
    return true;
  }

  /** Full-jitter exponential backoff before retrying a target that already failed this request. */
  backoffMs(retryNumber: number, random: () => number): number {
    const cap = Math.min(this.config.maxDelayMs, this.config.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
    return random() * cap;
  }
}
