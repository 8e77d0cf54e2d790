import { SlidingWindow, type WindowEntry } from './slidingWindow';
import { type Admission, type LearntLimit, type Lease, type LimitMode, type LimitSpec, type LimitStore, type LimitUsage } from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface KeyState {
  requests: SlidingWindow;
  tokens: SlidingWindow;
  inFlight: number;
  day: number;
  tokensToday: number;
}

interface LeaseState extends Lease {
  parts: Array<{ state: KeyState; request: WindowEntry; tokens: WindowEntry; concurrency: boolean; day: number }>;
  done: boolean;
}

/** Exact limits inside one process. Admission is synchronous, so the event loop makes it race-free. */
export class MemoryLimitStore implements LimitStore {
  readonly mode: LimitMode = 'in-process';
  private readonly keys = new Map<string, KeyState>();
  private readonly leases = new Map<number, LeaseState>();
  private readonly cooldowns = new Map<string, { until: number; reason: string }>();
  private readonly learntLimits = new Map<string, LearntLimit>();
  private nextId = 1;

  private state(key: string, now: number): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { requests: new SlidingWindow(MINUTE), tokens: new SlidingWindow(MINUTE), inFlight: 0, day: Math.floor(now / DAY), tokensToday: 0 };
      this.keys.set(key, s);
    }
    const day = Math.floor(now / DAY);
    if (day !== s.day) {
      s.day = day;
      s.tokensToday = 0;
    }
    return s;
  }

  admit(specs: readonly LimitSpec[], tokens: number, now: number): Admission {
    const states = specs.map((spec) => this.state(spec.key, now));
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      const s = states[i]!;
      const cooldown = this.cooldowns.get(spec.key);
      if (cooldown !== undefined) {
        if (now < cooldown.until) return { ok: false, key: spec.key, limit: 'cooldown', used: 0, max: 0, retryAfterMs: cooldown.until - now, tooLarge: false, reason: cooldown.reason };
        this.cooldowns.delete(spec.key);
      }
      if (spec.concurrency !== undefined && s.inFlight >= spec.concurrency) {
        return { ok: false, key: spec.key, limit: 'concurrency', used: s.inFlight, max: spec.concurrency, retryAfterMs: undefined, tooLarge: false };
      }
      if (spec.rpm !== undefined) {
        const used = s.requests.used(now);
        if (used + 1 > spec.rpm) return { ok: false, key: spec.key, limit: 'rpm', used, max: spec.rpm, retryAfterMs: s.requests.retryAfter(now, 1, spec.rpm), tooLarge: false };
      }
      if (spec.tpm !== undefined) {
        const used = s.tokens.used(now);
        if (used + tokens > spec.tpm) {
          return { ok: false, key: spec.key, limit: 'tpm', used, max: spec.tpm, retryAfterMs: s.tokens.retryAfter(now, tokens, spec.tpm), tooLarge: tokens > spec.tpm };
        }
      }
      if (spec.tokensPerDay !== undefined && s.tokensToday + tokens > spec.tokensPerDay) {
        const untilMidnight = (s.day + 1) * DAY - now;
        return { ok: false, key: spec.key, limit: 'tokensPerDay', used: s.tokensToday, max: spec.tokensPerDay, retryAfterMs: tokens > spec.tokensPerDay ? undefined : untilMidnight, tooLarge: tokens > spec.tokensPerDay };
      }
    }
    return { ok: true, lease: this.reserve(specs, states, tokens, now) };
  }

  /**
   * Reserves without checking: mirrors an admission made elsewhere (a shared store), so
   * this store knows this process's own recent use if it must take over.
   */
  record(specs: readonly LimitSpec[], tokens: number, now: number): Lease {
    return this.reserve(specs, specs.map((spec) => this.state(spec.key, now)), tokens, now);
  }

  private reserve(specs: readonly LimitSpec[], states: readonly KeyState[], tokens: number, now: number): Lease {
    const lease: LeaseState = { id: this.nextId++, tokens, parts: [], done: false };
    for (let i = 0; i < specs.length; i++) {
      const s = states[i]!;
      const concurrency = specs[i]!.concurrency !== undefined;
      if (concurrency) s.inFlight++;
      s.tokensToday += tokens;
      lease.parts.push({ state: s, request: s.requests.add(now, 1), tokens: s.tokens.add(now, tokens), concurrency, day: s.day });
    }
    this.leases.set(lease.id, lease);
    return lease;
  }

  setCooldown(key: string, untilMs: number, reason: string, now: number): void {
    const current = this.cooldowns.get(key);
    if (untilMs <= now || (current !== undefined && current.until >= untilMs)) return;
    this.cooldowns.set(key, { until: untilMs, reason });
  }

  learnt(key: string): LearntLimit | undefined {
    return this.learntLimits.get(key);
  }

  /** Keeps a learnt limit unless a newer one is already kept. */
  setLearnt(key: string, value: LearntLimit): void {
    const current = this.learntLimits.get(key);
    if (current === undefined || value.at >= current.at) this.learntLimits.set(key, value);
  }

  finish(lease: Lease, actualTokens: number, now: number): void {
    this.settle(lease, actualTokens, now, false);
  }

  /** Gives an unused admission back: its request and tokens leave the windows and the day. */
  refund(lease: Lease, now: number): void {
    this.settle(lease, 0, now, true);
  }

  /** Ends a lease once: frees its slot and settles its tokens (and, for a refund, its request) to `tokens`. */
  private settle(lease: Lease, tokens: number, now: number, refund: boolean): void {
    const l = this.leases.get(lease.id);
    if (!l || l.done) return;
    l.done = true;
    this.leases.delete(l.id);
    for (const part of l.parts) {
      if (part.concurrency) part.state.inFlight--;
      if (refund) part.state.requests.settle(part.request, 0, now);
      part.state.tokens.settle(part.tokens, tokens, now);
      if (part.day === part.state.day) part.state.tokensToday += tokens - l.tokens;
    }
  }

  restamp(lease: Lease, now: number): void {
    const l = this.leases.get(lease.id);
    if (!l || l.done) return;
    for (const part of l.parts) {
      // Entries stay in time order: the old ones count nothing from now on, new ones count from now.
      part.state.requests.settle(part.request, 0, now);
      part.request = part.state.requests.add(now, 1);
      const tokens = part.tokens.amount;
      part.state.tokens.settle(part.tokens, 0, now);
      part.tokens = part.state.tokens.add(now, tokens);
    }
  }

  usage(key: string, now: number): LimitUsage {
    const s = this.keys.get(key);
    if (!s) return { rpm: 0, tpm: 0, inFlight: 0, tokensToday: 0 };
    const today = Math.floor(now / DAY) === s.day ? s.tokensToday : 0;
    return { rpm: s.requests.used(now), tpm: s.tokens.used(now), inFlight: s.inFlight, tokensToday: today };
  }

  clear(): void {
    this.keys.clear();
    this.cooldowns.clear();
    for (const l of this.leases.values()) l.done = true;
    this.leases.clear();
  }

  get outstanding(): number {
    return this.leases.size;
  }

  /** Sum of in-flight counts over every key (zero when idle): for leak checks. */
  get inFlightTotal(): number {
    let n = 0;
    for (const s of this.keys.values()) n += s.inFlight;
    return n;
  }
}
