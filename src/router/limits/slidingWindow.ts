/**
 * An exact sliding-window log: every admission is an entry (time, amount) that counts
 * for `windowMs`. Amounts can be settled later (a token estimate replaced by real usage).
 * Entries are pruned from the front as they expire, so memory follows the limit, not the traffic.
 */
export interface WindowEntry {
  readonly at: number;
  amount: number;
}

export class SlidingWindow {
  private entries: WindowEntry[] = [];
  private head = 0;
  private total = 0;

  constructor(readonly windowMs: number) {}

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.entries.length && this.entries[this.head]!.at <= cutoff) {
      this.total -= this.entries[this.head]!.amount;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.entries.length) this.total = 0; // no drift from float settlements
  }

  used(now: number): number {
    this.prune(now);
    return this.total;
  }

  add(now: number, amount: number): WindowEntry {
    this.prune(now);
    const entry: WindowEntry = { at: now, amount };
    this.entries.push(entry);
    this.total += amount;
    return entry;
  }

  /** Replaces an entry's amount (if it is still in the window). */
  settle(entry: WindowEntry, amount: number, now: number): void {
    this.prune(now);
    if (entry.at > now - this.windowMs) this.total += amount - entry.amount;
    entry.amount = amount;
  }

  /**
   * Milliseconds until `needed` more fits under `limit`, assuming nothing else is admitted;
   * undefined if it can never fit (needed > limit).
   */
  retryAfter(now: number, needed: number, limit: number): number | undefined {
    if (needed > limit) return undefined;
    this.prune(now);
    let excess = this.total + needed - limit;
    if (excess <= 0) return 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      excess -= e.amount;
      if (excess <= 0) return Math.max(1, e.at + this.windowMs - now + 1);
    }
    return this.windowMs;
  }

  get size(): number {
    return this.entries.length - this.head;
  }
}
