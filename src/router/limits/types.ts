/**
 * Limits the router holds: per target (RPM, TPM, concurrency) and per tenant
 * (RPM, TPM, tokens per day). A store checks and reserves every limit of one
 * admission in a single step, all or nothing. The in-process store is exact within
 * one process; a shared store (Redis) makes it exact across processes.
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

export interface Lease {
  readonly id: number;
  readonly tokens: number;
}

export type Admission =
  | { ok: true; lease: Lease }
  | {
      ok: false;
      key: string;
      limit: LimitName;
      used: number;
      max: number;
      /** Time until the limit may admit this request; undefined when it can never (too large) or depends on a slot freeing. */
      retryAfterMs: number | undefined;
      /** True when the request alone exceeds the limit, so waiting cannot help. */
      tooLarge: boolean;
    };

export interface LimitUsage {
  rpm: number;
  tpm: number;
  inFlight: number;
  tokensToday: number;
}

export type MaybePromise<T> = T | Promise<T>;

export interface LimitStore {
  /** Checks every spec and, only if all admit, reserves one request and `tokens` tokens under each. */
  admit(specs: readonly LimitSpec[], tokens: number, now: number): MaybePromise<Admission>;
  /** Settles a lease with the real token count and frees its concurrency slots. Idempotent. */
  finish(lease: Lease, actualTokens: number, now: number): MaybePromise<void>;
  /** Current use under a key. */
  usage(key: string, now: number): LimitUsage;
  /** Forgets all state (statistics reset). */
  clear(): void;
  /** Outstanding leases (requests admitted and not yet finished). Zero when the router is idle. */
  readonly outstanding: number;
}
