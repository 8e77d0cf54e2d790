/** Wakes every waiter when something changes (a slot freed, a breaker moved). */
export class ChangeSignal {
  private waiters: Array<() => void> = [];

  /** Resolves at the next `notify()`. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every current waiter. */
  notify(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  get waiting(): number {
    return this.waiters.length;
  }
}
