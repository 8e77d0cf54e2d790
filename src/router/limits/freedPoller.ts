import { type RealTimer, unrefTimer } from './connectionMonitor';

/** First look after this long (real ms), then doubling up to MAX_POLL_MS. */
const MIN_POLL_MS = 25;
const MAX_POLL_MS = 500;

/**
 * Wakes requests waiting for a slot that another process may have freed. Polling with
 * backoff, chosen over keyspace notifications (off by default, and a server setting that
 * managed Redis services often do not let one change) and pub/sub (a second connection
 * per window, and a message lost in a reconnect would strand a waiter until its deadline;
 * leases of crashed processes also free by expiring, which publishes nothing). Polling
 * needs nothing from the server and catches every kind of free: one timer for all
 * waiters, first after 25 ms, doubling to 500 ms while nothing is admitted, back to 25 ms
 * after an admission. Each waiter then re-plans: one admission round trip per look.
 */
export class FreedPoller {
  private readonly waiters: Array<() => void> = [];
  private cancel: (() => void) | undefined;
  private pollMs = MIN_POLL_MS;

  constructor(private readonly timer: RealTimer = unrefTimer) {}

  /** Resolves at the next look. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.cancel) return;
      const delay = this.pollMs;
      this.pollMs = Math.min(MAX_POLL_MS, this.pollMs * 2);
      this.cancel = this.timer(delay, () => {
        this.cancel = undefined;
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  /** Something was admitted: capacity moves, so look again soon. */
  admitted(): void {
    this.pollMs = MIN_POLL_MS;
  }

  /** Cancels the pending look and wakes every waiter. */
  stop(): void {
    this.cancel?.();
    for (const wake of this.waiters.splice(0)) wake();
  }
}
