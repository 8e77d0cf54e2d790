import { type Clock } from '../../core/clock';
import { Emitter } from '../../core/events';
import { type PoolRef } from './pools';
import { type LearntLimit, type LimitStore } from './types';

/**
 * The tokens per minute a Bedrock pool really gives this router, learnt from Bedrock's answers.
 *
 * A pool is shared with every caller in the account ("Quotas for the bedrock-runtime endpoint",
 * Amazon Bedrock user guide): another application the router cannot see, a quota AWS lowered,
 * a Service Quotas value that is stale. When Bedrock throttles a request the router admitted
 * (so it believed the pool had room), the pool evidently has less room than the quota says, and
 * the router should stop paying for throttles.
 *
 * Ideas taken, and why (written here rather than taken from a library: no npm package models a
 * per-pool token budget shared through our limit store; the well-kept limiters, e.g. Netflix's
 * concurrency-limits, are Java and limit concurrency, not tokens per minute):
 * - AIMD, as TCP congestion control (RFC 5681): a throttle is the loss signal, so the limit is cut
 *   multiplicatively at once (at most halved, TCP's beta = 0.5) and raised additively (a step of
 *   5% of the quota) per interval of sustained success (the first a whole quota window after the cut). AIMD converges to a fair share when
 *   several routers (or windows) learn the same pool, which is the case here.
 * - One decrease per round trip, as TCP's "one window reduction per loss event": a throttle of a
 *   request admitted before the last decrease belongs to the burst that caused it and is ignored,
 *   so N targets (or N requests) throttled together cut the limit once, not N times.
 * - From gradient limiters (Netflix concurrency-limits' Gradient2): aim the decrease at what was
 *   measured, not only at a fixed factor. The cut goes toward what this router actually had
 *   admitted in the pool's last minute when Bedrock said no (that is what the pool had room for),
 *   bounded by the halving above and by at least a 10% cut.
 * - Cwnd validation (RFC 7661): success raises the limit only while the router is using at least
 *   half of it; an idle pool's successes prove nothing about its room.
 *
 * A pool with no known quota (nothing typed, Service Quotas silent) is unlimited until Bedrock
 * throttles it. Then the learner keeps a limit at what was admitted, with a ceiling of twice that;
 * success climbs toward the ceiling, and on reaching it the learnt limit is forgotten (unlimited
 * again, as TCP's slow-start threshold is a guess it is willing to exceed).
 *
 * State lives in the limit store (`learnt`/`setLearnt`), so with Redis every window and machine
 * sharing the account learns together; the newest value (by `at`) wins.
 */

/** Largest cut of one decrease (TCP's beta). */
export const BACKOFF_FLOOR = 0.5;
/** Smallest cut of one decrease: a throttle always lowers the limit by at least 10%. */
export const BACKOFF_CEILING = 0.9;
/** Additive step: this share of the quota (or learnt ceiling) per interval of success. */
export const RAISE_STEP = 0.05;
/** Router-clock time of sustained success (no throttle, no change) between two raises. */
export const RAISE_EVERY_MS = 15_000;
/**
 * The first raise after a back-off waits one whole window of Bedrock's quota (a minute): until
 * then the pool's minute still holds what was admitted before the back-off, so success says little.
 */
export const FIRST_RAISE_AFTER_MS = 60_000;
/** Successes count toward a raise only while the pool's last minute uses at least this share of the learnt limit. */
export const UTILISED = 0.5;
/** Least time between two decreases, whatever the admission times say. */
export const MIN_DECREASE_GAP_MS = 1_000;
/** No learnt limit goes below this many tokens per minute (nor above the quota). */
export const MIN_LEARNT_TPM = 1_000;
/** For a pool with no known quota: the ceiling is this many times the limit learnt at a throttle. */
const UNKNOWN_CEILING = 2;

export type LearnerEventKind = 'backoff' | 'raise' | 'recovered';

export interface LearnerEvent {
  kind: LearnerEventKind;
  pool: PoolRef;
  /** Admitted tokens per minute before and after (undefined: unlimited / at the quota). */
  from: number | undefined;
  to: number | undefined;
  quota: number | undefined;
  /** A sentence for the log. */
  message: string;
}

/** What the learner knows of a pool, for the snapshot. */
export interface LearntView {
  /** Learnt tokens per minute, when lower than the quota (undefined: the quota holds, or no limit). */
  tpm: number | undefined;
  /** When it last changed. */
  since: number | undefined;
}

export interface PoolLearnerOptions {
  clock: Clock;
  /** Where learnt limits are kept and shared; without one (or one without `learnt`), this learner's memory. */
  store?: LimitStore;
}

const k = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n.toLocaleString('en-US'));

export class PoolLimitLearner {
  private readonly clock: Clock;
  private readonly store: LimitStore | undefined;
  private readonly local = new Map<string, LearntLimit>();
  private readonly emitter = new Emitter<LearnerEvent>();
  /** Fires when a pool's learnt limit changes: backs off, is raised, or recovers to the quota. */
  readonly onChange = this.emitter.event;

  constructor(options: PoolLearnerOptions) {
    this.clock = options.clock;
    this.store = options.store;
  }

  /** The pool's state: this process's, unless the store holds a newer one (another window learnt). */
  private state(key: string): LearntLimit | undefined {
    const mine = this.local.get(key);
    const shared = this.store?.learnt?.(key, this.clock.now());
    if (shared && (!mine || shared.at > mine.at)) {
      this.local.set(key, shared);
      return shared;
    }
    return mine;
  }

  private save(key: string, next: LearntLimit): void {
    this.local.set(key, next);
    if (this.store?.setLearnt) Promise.resolve(this.store.setLearnt(key, next, this.clock.now())).catch(() => {}); // unshared, it still holds here
  }

  /** The learnt tokens-per-minute cap of a pool; undefined when none (the quota, if any, holds). Never above `quota`. */
  limit(ref: PoolRef, quota: number | undefined): number | undefined {
    const s = this.state(ref.key);
    if (s?.tpm === undefined) return undefined;
    return quota === undefined ? s.tpm : s.tpm >= quota ? undefined : s.tpm;
  }

  view(ref: PoolRef, quota: number | undefined): LearntView {
    const s = this.state(ref.key);
    return { tpm: this.limit(ref, quota), since: s?.at };
  }

  /**
   * Bedrock throttled a request the router admitted to this pool at `admittedAt` (per-minute
   * throttles only: a tokens-per-day throttle says nothing about the minute). `used` is what the
   * router has admitted to the pool in its last minute, the throttled request given back.
   */
  throttled(ref: PoolRef, quota: number | undefined, admittedAt: number, used: number): LearnerEvent | undefined {
    const now = this.clock.now();
    const s = this.state(ref.key);
    // The same burst: admitted under the limit that this burst already lowered.
    if (s && (admittedAt < s.decreasedAt || now - s.decreasedAt < MIN_DECREASE_GAP_MS)) return undefined;
    const current = this.limit(ref, quota) ?? quota;
    let to: number;
    let ceiling: number | undefined;
    if (current === undefined) {
      // No quota known and nothing learnt: what was admitted is what the pool gave.
      to = Math.max(MIN_LEARNT_TPM, Math.round(used));
      ceiling = to * UNKNOWN_CEILING;
    } else {
      to = Math.round(Math.min(current * BACKOFF_CEILING, Math.max(current * BACKOFF_FLOOR, used)));
      to = Math.max(Math.min(MIN_LEARNT_TPM, current), to);
      ceiling = quota === undefined ? Math.max(s?.ceiling ?? 0, to * UNKNOWN_CEILING) : undefined;
    }
    this.save(ref.key, { tpm: to, at: now, decreasedAt: now, ...(ceiling === undefined ? {} : { ceiling }) });
    const of = quota === undefined ? 'no quota known' : `quota ${k(quota)}`;
    return this.fire({
      kind: 'backoff',
      pool: ref,
      from: current,
      to,
      quota,
      message: `Bedrock throttled ${ref.label} although the router had admitted only ${k(Math.round(used))} tokens in the last minute: backing off to ${k(to)} tokens/min (was ${current === undefined ? 'unlimited' : k(current)}; ${of}). Another client may be using this account.`,
    });
  }

  /**
   * A request on this pool succeeded. `used` is what the router has admitted to the pool in its
   * last minute. After RAISE_EVERY_MS of success since the last change (FIRST_RAISE_AFTER_MS after a back-off), with the limit in use,
   * the limit rises by one step; at the quota (or the learnt ceiling) it is forgotten.
   */
  succeeded(ref: PoolRef, quota: number | undefined, used: number): LearnerEvent | undefined {
    const now = this.clock.now();
    const s = this.state(ref.key);
    if (s?.tpm === undefined) return undefined;
    const current = this.limit(ref, quota);
    const ceiling = quota ?? s.ceiling;
    if (current === undefined || ceiling === undefined) {
      // The quota was raised over what was learnt (or nothing bounds it): nothing left to learn.
      this.save(ref.key, { tpm: undefined, at: now, decreasedAt: s.decreasedAt });
      return this.fire({ kind: 'recovered', pool: ref, from: s.tpm, to: undefined, quota, message: `${ref.label}: back to its full ${quota === undefined ? 'rate (no quota known)' : `quota of ${k(quota)} tokens/min`}.` });
    }
    const wait = s.at === s.decreasedAt ? FIRST_RAISE_AFTER_MS : RAISE_EVERY_MS;
    if (now - s.at < wait || used < current * UTILISED) return undefined;
    const to = Math.round(current + RAISE_STEP * ceiling);
    if (to >= ceiling) {
      this.save(ref.key, { tpm: undefined, at: now, decreasedAt: s.decreasedAt });
      return this.fire({
        kind: 'recovered',
        pool: ref,
        from: current,
        to: undefined,
        quota,
        message: `${ref.label}: recovered to its ${quota === undefined ? 'full rate (no quota known; the learnt limit is dropped)' : `quota of ${k(quota)} tokens/min`} after sustained success.`,
      });
    }
    this.save(ref.key, { ...s, tpm: to, at: now });
    return this.fire({ kind: 'raise', pool: ref, from: current, to, quota, message: `${ref.label}: raising the learnt limit to ${k(to)} tokens/min after sustained success.` });
  }

  /** Forgets what this process learnt (a shared store keeps the shared values). */
  clear(): void {
    this.local.clear();
  }

  private fire(e: LearnerEvent): LearnerEvent {
    this.emitter.fire(e);
    return e;
  }
}

/** "learnt ≈ 38k of 100k tokens/min; another client may be using this account" (empty when nothing is learnt). */
export function learntText(learnt: number | undefined, quota: number | undefined): string {
  if (learnt === undefined) return '';
  return `learnt ≈ ${k(learnt)}${quota === undefined ? '' : ` of ${k(quota)}`} tokens/min; another client may be using this account`;
}
