/**
 * One Bedrock quota pool (account x Region x model x kind): tokens in the last 60 s,
 * tokens today, and, only where a scenario replays an older account, requests in the
 * last 60 s. Pure arithmetic on an injected clock; `quotas.ts` decides the limits.
 *
 * Rules ("Quotas for the bedrock-runtime endpoint", "How tokens are counted in Amazon
 * Bedrock", Amazon Bedrock user guide): input and output count together against one
 * per-minute quota; a request reserves its input tokens plus its maxTokens when it
 * starts and is settled to its real (burned-down) usage when it ends; the per-day
 * quota ("Model invocation max tokens per day", per model and Region) counts the same
 * tokens over the (UTC) day, in a `DayCounter` that the model's cross-Region and
 * on-demand pools share.
 */
import type { Clock } from '../core/clock';

export const WINDOW_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface PoolLimits {
  /** Tokens per minute (after burndown). */
  tpm: number;
  /** Tokens per day (after burndown). */
  tokensPerDay: number;
  /** Requests per minute: no Bedrock quota today; set only to replay an older account. */
  rpm?: number;
}

/** Which quota a request would exceed. */
export type ThrottleCause = 'rpm' | 'tpm' | 'tpd';

export interface PoolUsage {
  requestsLastMinute: number;
  tokensLastMinute: number;
  tokensToday: number;
  /** Tokens reserved by requests still running (part of the figures above). */
  reservedTokens: number;
}

interface Entry {
  at: number;
  day: number;
  tokens: number;
  open: boolean;
}

/** Tokens counted in the current UTC day of the simulator's clock. */
export class DayCounter {
  private day = -1;
  private count = 0;

  /** The current day's number, after rolling over to it if needed. */
  today(now: number): number {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.count = 0;
    }
    return day;
  }

  tokens(now: number): number {
    this.today(now);
    return this.count;
  }

  /** Adds (or with a negative value, returns) tokens to `day` if it is still today. */
  add(day: number, tokens: number, now: number): void {
    if (this.today(now) === day) this.count += tokens;
  }
}

/** Written here rather than taken from a library: it must follow the simulator's own clock and adjust entries in place on settlement. */
export class TokenPool {
  private entries: Entry[] = [];
  private head = 0;
  private minuteTokens = 0;
  private reserved = 0;

  constructor(
    private readonly clock: Clock,
    private readonly days: DayCounter = new DayCounter(),
  ) {}

  private prune(now: number): void {
    while (this.head < this.entries.length) {
      const e = this.entries[this.head];
      if (!e || e.at > now - WINDOW_MS) break;
      this.minuteTokens -= e.tokens;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The quota `tokens` more would exceed, if any (requests first, then the day, then the minute). */
  check(limits: PoolLimits, tokens: number): ThrottleCause | undefined {
    const now = this.clock.now();
    this.prune(now);
    if (limits.rpm !== undefined && this.entries.length - this.head + 1 > limits.rpm) return 'rpm';
    if (this.days.tokens(now) + tokens > limits.tokensPerDay) return 'tpd';
    if (this.minuteTokens + tokens > limits.tpm) return 'tpm';
    return undefined;
  }

  /** Reserves `tokens` now; the returned function settles the reservation to the real usage (once). */
  reserve(tokens: number): (actualTokens: number) => void {
    const now = this.clock.now();
    this.prune(now);
    const entry: Entry = { at: now, day: this.days.today(now), tokens, open: true };
    this.entries.push(entry);
    this.minuteTokens += tokens;
    this.days.add(entry.day, tokens, now);
    this.reserved += tokens;
    return (actual) => {
      if (!entry.open) return;
      entry.open = false;
      this.reserved -= entry.tokens;
      const at = this.clock.now();
      this.prune(at);
      const delta = actual - entry.tokens;
      // Usage lands in the window and the day it was admitted in, if they are still open.
      if (entry.at > at - WINDOW_MS) this.minuteTokens += delta;
      this.days.add(entry.day, delta, at);
      entry.tokens = actual;
    };
  }

  usage(): PoolUsage {
    const now = this.clock.now();
    this.prune(now);
    return { requestsLastMinute: this.entries.length - this.head, tokensLastMinute: this.minuteTokens, tokensToday: this.days.tokens(now), reservedTokens: this.reserved };
  }
}
