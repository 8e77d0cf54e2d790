/**
 * Service quotas per account x source Region x model x pool (on-demand or
 * cross-Region), in requests and tokens per minute, over a sliding 60 s window of
 * the simulator's clock. Admission checks and reserves both in one synchronous
 * step; the token reservation (estimated input + maxTokens) is settled with the
 * real usage afterwards.
 */
import type { Clock } from '../core/clock';
import { findInferenceProfile } from './catalog';
import { MESSAGES, SimError } from './errors';
import type { QuotaLimits, QuotaPool, QuotaRule } from './types';

export const WINDOW_MS = 60_000;

/** Generous defaults so that router-side limits are the binding ones unless a scenario says otherwise. */
export const DEFAULT_QUOTA: Required<QuotaLimits> = { rpm: 10_000, tpm: 50_000_000 };

export interface QuotaKey {
  profile: string;
  accountId: string;
  sourceRegion: string;
  modelId: string;
  pool: QuotaPool;
}

interface Entry {
  at: number;
  tokens: number;
}

class SlidingWindow {
  private entries: Entry[] = [];
  private head = 0;
  private tokenSum = 0;

  prune(now: number): void {
    while (this.head < this.entries.length && (this.entries[this.head]?.at ?? Infinity) <= now - WINDOW_MS) {
      this.tokenSum -= this.entries[this.head]?.tokens ?? 0;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
  get requests(): number {
    return this.entries.length - this.head;
  }
  get tokens(): number {
    return this.tokenSum;
  }
  add(at: number, tokens: number): Entry {
    const entry = { at, tokens };
    this.entries.push(entry);
    this.tokenSum += tokens;
    return entry;
  }
  /** Changes an entry's tokens if it is still inside the window. */
  adjust(entry: Entry, tokens: number, now: number): void {
    this.prune(now);
    if (entry.at <= now - WINDOW_MS) return;
    this.tokenSum += tokens - entry.tokens;
    entry.tokens = tokens;
  }
}

export interface Reservation {
  settle(actualTokens: number): void;
}

/** A rule with a profile id as `model` means that model's cross-Region pool. */
export function normalizeQuotaRule(rule: QuotaRule): QuotaRule {
  const profile = rule.model ? findInferenceProfile(rule.model) : undefined;
  if (!profile) return { ...rule };
  return { ...rule, model: profile.modelId, pool: rule.pool ?? 'cross-region' };
}

export class QuotaBook {
  private windows = new Map<string, SlidingWindow>();
  private rules: QuotaRule[];

  constructor(
    private readonly clock: Clock,
    private readonly defaults: Required<QuotaLimits> = DEFAULT_QUOTA,
    private readonly configuredRules: readonly QuotaRule[] = [],
  ) {
    this.rules = configuredRules.map(normalizeQuotaRule);
  }

  /** Adds an override; later rules win over earlier ones for the fields they set. */
  setQuota(rule: QuotaRule): void {
    this.rules.push(normalizeQuotaRule(rule));
  }

  limits(key: QuotaKey): Required<QuotaLimits> {
    const out = { ...this.defaults };
    for (const r of this.rules) {
      if (r.profile !== undefined && r.profile !== key.profile) continue;
      if (r.region !== undefined && r.region !== key.sourceRegion) continue;
      if (r.model !== undefined && r.model !== key.modelId) continue;
      if (r.pool !== undefined && r.pool !== key.pool) continue;
      if (r.rpm !== undefined) out.rpm = r.rpm;
      if (r.tpm !== undefined) out.tpm = r.tpm;
    }
    return out;
  }

  /** Admits a request and reserves `estimatedTokens`, or throws a 429 ThrottlingException. */
  admit(key: QuotaKey, estimatedTokens: number): Reservation {
    const now = this.clock.now();
    const id = `${key.accountId}|${key.sourceRegion}|${key.modelId}|${key.pool}`;
    let window = this.windows.get(id);
    if (!window) {
      window = new SlidingWindow();
      this.windows.set(id, window);
    }
    window.prune(now);
    const limits = this.limits(key);
    if (window.requests + 1 > limits.rpm) throw new SimError('ThrottlingException', MESSAGES.tooManyRequests);
    if (window.tokens + estimatedTokens > limits.tpm) throw new SimError('ThrottlingException', MESSAGES.tooManyTokens);
    const entry = window.add(now, estimatedTokens);
    const w = window;
    let settled = false;
    return {
      settle: (actualTokens: number) => {
        if (settled) return;
        settled = true;
        w.adjust(entry, actualTokens, this.clock.now());
      },
    };
  }

  /** Current usage in the window, for the admin API. */
  usage(): Array<{ key: string; requests: number; tokens: number }> {
    const now = this.clock.now();
    return [...this.windows].map(([key, w]) => {
      w.prune(now);
      return { key, requests: w.requests, tokens: w.tokens };
    });
  }

  listRules(): QuotaRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Clears every window and run-time override (scenario rules stay). */
  reset(): void {
    this.windows.clear();
    this.rules = this.configuredRules.map(normalizeQuotaRule);
  }
}
