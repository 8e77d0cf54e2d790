import { formatMs } from '../core/duration';
import { type ErrorKind } from '../providers/errors';
import { type CooldownConfig } from './config/schema';

/**
 * One target's circuit breaker. Written here rather than taken from cockatiel because
 * the router must (a) skip an open target without calling it, (b) know when each
 * target recovers, to wait for the earliest one, and (c) run on an injected, possibly
 * scaled Clock; cockatiel's breaker decides inside `execute()` and reads Date.now().
 *
 * States (a union keyed by state, so per-state fields are checked by the compiler):
 * - healthy: failures counted in a sliding window; N of them open the breaker.
 * - cooling: resting until `until` (the cooldown, or the service's Retry-After if longer).
 * - half-open: after the rest, one probe request is let through; success closes, failure reopens.
 * - credentials: the profile's credentials are missing or expired; rechecked with a probe after `until`.
 */
export type HealthState =
  | { state: 'healthy'; failures: number[] }
  | { state: 'cooling'; until: number; reason: string; strikes: number }
  | { state: 'half-open'; probeInFlight: boolean; reason: string; strikes: number }
  | { state: 'credentials'; until: number; reason: string; probeInFlight: boolean };

export type Availability = { ok: true; probe: boolean } | { ok: false; reason: string; retryAfterMs: number | undefined; credentials?: boolean };

/** Kinds that count as the target's failure (not the request's fault, not a cancellation). */
const FAILURE_KINDS: ReadonlySet<ErrorKind> = new Set(['throttled', 'unavailable', 'timeout', 'model-not-ready', 'stream-error', 'unknown']);

/** The failed attempt, as the breaker must know it: only a failed probe lengthens a rest. */
export interface FailedAttempt {
  /** The attempt was the half-open breaker's probe. */
  probe: boolean;
  /** When the attempt started (clock ms): one that started before the breaker last closed was already judged. */
  startedAt: number;
}

export const CREDENTIALS_RECHECK_MS = 60_000;
/** Longest rest after repeated failed probes, as a multiple of `cooldown.durationMs`. */
export const MAX_BACKOFF = 16;

export class TargetHealth {
  private current: HealthState = { state: 'healthy', failures: [] };
  /** When the breaker last closed (after a successful probe); attempts started before it do not count against the new window. */
  private closedAt = -Infinity;
  private changeListener: ((h: TargetHealth) => void) | undefined;

  constructor(private cooldown: CooldownConfig) {}

  get snapshot(): Readonly<HealthState> {
    return this.current;
  }

  configure(cooldown: CooldownConfig): void {
    this.cooldown = cooldown;
  }

  onChange(listener: (h: TargetHealth) => void): void {
    this.changeListener = listener;
  }

  private set(next: HealthState): void {
    // A new rest period is news even when the breaker was already cooling (a late failure extends it).
    const changed = next.state !== this.current.state || next.state === 'cooling';
    this.current = next;
    if (changed) this.changeListener?.(this);
  }

  /** Whether a request may go to this target now; moves a rested breaker to half-open. */
  check(now: number): Availability {
    const s = this.current;
    switch (s.state) {
      case 'healthy':
        return { ok: true, probe: false };
      case 'cooling':
        if (now < s.until) return { ok: false, reason: `cooling down for ${formatMs(s.until - now)} after ${s.reason}`, retryAfterMs: s.until - now };
        this.set({ state: 'half-open', probeInFlight: false, reason: s.reason, strikes: s.strikes });
        return { ok: true, probe: true };
      case 'half-open':
        // 0: ready again as soon as the probe ends well, so a request may wait for it (maxQueueWaitMs).
        return s.probeInFlight ? { ok: false, reason: `half-open, waiting for a probe request after ${s.reason}`, retryAfterMs: 0 } : { ok: true, probe: true };
      case 'credentials':
        if (now < s.until || s.probeInFlight) return { ok: false, reason: s.reason, retryAfterMs: s.probeInFlight ? undefined : s.until - now, credentials: true };
        return { ok: true, probe: true };
    }
  }

  /** Marks the probe as sent (call only when `check` said probe). */
  startProbe(): void {
    const s = this.current;
    if (s.state === 'half-open' || s.state === 'credentials') this.current = { ...s, probeInFlight: true };
  }

  /** A probe that never reached the provider (cancelled, limited) gives the slot back. */
  abandonProbe(): void {
    const s = this.current;
    if ((s.state === 'half-open' || s.state === 'credentials') && s.probeInFlight) this.current = { ...s, probeInFlight: false };
  }

  recordSuccess(now?: number): void {
    if (this.current.state !== 'healthy') {
      if (now !== undefined) this.closedAt = now;
      this.set({ state: 'healthy', failures: [] });
    }
  }

  /**
   * A failed attempt. Only the probe of a half-open breaker lengthens the rest (doubling
   * it); attempts that were already in flight when the breaker opened, and fail after,
   * change nothing: the failures that opened it were counted, and these are the same outage.
   * An attempt without `attempt` info is taken as an ordinary (non-probe) request started now.
   */
  recordFailure(kind: ErrorKind, now: number, retryAfterMs: number | undefined, message: string, attempt: FailedAttempt = { probe: false, startedAt: now }): void {
    const s = this.current;
    if (kind === 'credentials') {
      // Only a probe (or the first sign) restarts the recheck wait; late failures of older requests do not push it out.
      if (s.state !== 'credentials' || attempt.probe) this.set({ state: 'credentials', until: now + CREDENTIALS_RECHECK_MS, reason: message, probeInFlight: false });
      return;
    }
    if (!FAILURE_KINDS.has(kind)) {
      if (attempt.probe) this.abandonProbe();
      return;
    }
    const reason = kind === 'throttled' ? 'a throttle' : kind === 'unavailable' ? 'a service error' : kind === 'timeout' ? 'a timeout' : kind === 'model-not-ready' ? 'model not ready' : 'a failure';
    const rest = Math.max(this.cooldown.durationMs, retryAfterMs ?? 0);
    if (s.state !== 'healthy' && !attempt.probe) return; // resting already: not a probe, so not news about recovery
    if (s.state === 'healthy' && attempt.startedAt < this.closedAt) return; // started before the breaker closed: judged with that outage
    if (s.state !== 'healthy') {
      // Each failed probe doubles the rest (up to MAX_BACKOFF x), so a Region that stays
      // down costs one call every few minutes, not one every cooldown period.
      const strikes = s.state === 'credentials' ? 1 : s.strikes + 1;
      const longer = Math.max(rest, Math.min(this.cooldown.durationMs * 2 ** strikes, this.cooldown.durationMs * MAX_BACKOFF));
      this.set({ state: 'cooling', until: now + longer, reason: `${reason} on the probe request`, strikes });
      return;
    }
    const failures = s.failures.filter((t) => t > now - this.cooldown.windowMs);
    failures.push(now);
    if (failures.length >= this.cooldown.failures) {
      this.set({ state: 'cooling', until: now + rest, reason: `${failures.length} failures in ${formatMs(this.cooldown.windowMs)} (last: ${reason})`, strikes: 0 });
    } else if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.set({ state: 'cooling', until: now + retryAfterMs, reason: `${reason} asking to retry after ${formatMs(retryAfterMs)}`, strikes: 0 });
    } else {
      this.current = { state: 'healthy', failures };
    }
  }

  /** The label the UI shows. */
  label(now: number): string {
    const s = this.current;
    switch (s.state) {
      case 'healthy':
        return 'healthy';
      case 'cooling':
        return now < s.until ? `cooling down (${formatMs(s.until - now)} left)` : 'ready for a probe';
      case 'half-open':
        return 'half-open';
      case 'credentials':
        return 'credentials problem';
    }
  }
}
