/**
 * Limits the router holds: per target (RPM, TPM, concurrency) and per tenant
 * (RPM, TPM, tokens per day), plus shared cooldowns of targets whose breaker opened.
 * A store checks and reserves every limit of one admission in a single step, all or
 * nothing. The in-process store is exact within one process; the Redis store makes it
 * exact across processes (several VS Code windows, several machines).
 */
export interface LimitSpec {
  /** Store key, e.g. `target:sonnet-a` or `tenant:billing-service`. */
  key: string;
  rpm?: number;
  tpm?: number;
  concurrency?: number;
  tokensPerDay?: number;
}

export type LimitName = 'rpm' | 'tpm' | 'concurrency' | 'tokensPerDay';

/** Why an admission was refused: a limit, or a cooldown (a breaker opened, perhaps in another window). */
export type DenialKind = LimitName | 'cooldown';

export interface Lease {
  readonly id: number;
  readonly tokens: number;
}

export type Admission =
  | { ok: true; lease: Lease }
  | {
      ok: false;
      key: string;
      limit: DenialKind;
      /** Current use (0 for a cooldown). */
      used: number;
      /** The limit (0 for a cooldown). */
      max: number;
      /** Time until the limit may admit this request; undefined when it can never (too large) or depends on a slot freeing. */
      retryAfterMs: number | undefined;
      /** True when the request alone exceeds the limit, so waiting cannot help. */
      tooLarge: boolean;
      /** For a cooldown: why the target is resting ("3 failures in 1.0 min (last: a throttle)"). */
      reason?: string;
    };

export type Denial = Extract<Admission, { ok: false }>;

export interface LimitUsage {
  rpm: number;
  tpm: number;
  inFlight: number;
  tokensToday: number;
}

/**
 * Where limits live: `in-process` (this window only), `shared` (Redis, across windows and
 * machines), `local-fallback` (Redis configured but unreachable: a conservative share held here).
 */
export type LimitMode = 'in-process' | 'shared' | 'local-fallback';

export type MaybePromise<T> = T | Promise<T>;

/**
 * A Bedrock pool's limit as the router learnt it from Bedrock's throttles (see `learner.ts`),
 * kept in the store so every process sharing it learns together. Times are the router clock's.
 */
export interface LearntLimit {
  /** Admitted tokens per minute learnt; undefined when nothing is learnt (the quota, if any, holds). */
  readonly tpm: number | undefined;
  /** When it last changed: the newest value wins. */
  readonly at: number;
  /** When it was last lowered: throttles of requests admitted before then are the same burst. */
  readonly decreasedAt: number;
  /** For a pool with no known quota: where recovery stops and the learnt limit is dropped. */
  readonly ceiling?: number;
}

export interface LimitStore {
  /** Checks every spec and, only if all admit, reserves one request and `tokens` tokens under each. */
  admit(specs: readonly LimitSpec[], tokens: number, now: number): MaybePromise<Admission>;
  /** Settles a lease with the real token count and frees its concurrency slots. Idempotent. */
  finish(lease: Lease, actualTokens: number, now: number): MaybePromise<void>;
  /**
   * Moves a lease's request and token entries to `now`, when the service accepted the request:
   * the window then never frees a slot before the service's own window does, however long the
   * request took to reach it. Optional: a store without it keeps the admission time.
   */
  restamp?(lease: Lease, now: number): void;
  /**
   * Undoes an admission that was never used: its request, tokens, day count and slot are
   * given back as if it never happened (a tenant's request that no target could take).
   * Idempotent, and a no-op after `finish`. Optional: a store without it is `finish`ed with 0 tokens.
   */
  refund?(lease: Lease, now: number): MaybePromise<void>;
  /**
   * For a store shared with other processes: resolves when capacity that another process
   * holds may have been freed, so a request waiting for a slot looks again (the router
   * learns of its own process's frees by itself). Optional: an in-process store has none.
   */
  othersMayHaveFreed?(): Promise<void>;
  /**
   * Refuses admissions under `key` until `untilMs` (a later cooldown wins over an earlier one).
   * The router calls it when a target's breaker opens, so every process sharing the store rests it.
   */
  setCooldown(key: string, untilMs: number, reason: string, now: number): MaybePromise<void>;
  /**
   * The learnt limit kept under a pool key, if any. A shared store answers from a cache it
   * refreshes in the background. Optional: without it the learner keeps its values to itself.
   */
  learnt?(key: string, now: number): LearntLimit | undefined;
  /** Keeps a learnt limit under a pool key (in a shared store: unless a newer one is there). */
  setLearnt?(key: string, value: LearntLimit, now: number): MaybePromise<void>;
  /** Current use under a key. A shared store answers from a cache it refreshes in the background. */
  usage(key: string, now: number): LimitUsage;
  /** Forgets this process's state (statistics reset); a shared store keeps the shared counters. */
  clear(): void;
  /** Outstanding leases (requests admitted and not yet finished). Zero when the router is idle. */
  readonly outstanding: number;
  /** Where the limits live right now. */
  readonly mode: LimitMode;
}
