import { type ProviderError } from '../providers/errors';
import { type ModelRequest } from '../providers/types';
import { type RouteConfig, type TargetConfig } from './config/schema';
import { RouterError } from './errors';
import { SlidingWindow } from './limits/slidingWindow';
import { type PooledLease } from './limits/poolAdmission';
import { type PlannedCandidate } from './planner';
import { type RequestState } from './requestState';
import { type RouterEvent, type RouterParts } from './routerParts';
import { runAttempt } from './runAttempt';

const WINDOW_MS = 60_000;
/** The short window the request rate is read over: a minute's window fills too slowly to show a surge. */
const RATE_WINDOW_MS = 10_000;

/** What `hedge: true` and the default mean. */
export const HEDGE_DEFAULTS = { budgetPercent: 5, minDelayMs: 100 } as const;
/**
 * A default hedge spends only quota that would otherwise sit idle: it goes to a target with at least
 * this share of its own limits free, and only while requests arrive at no more than this share of the
 * route's RPM. Under quota pressure every slot a hedge takes turns away a later request, to speed up
 * one that would have been answered anyway, so it does not pay.
 */
export const DEFAULT_HEDGE_SPARE = 0.5;

/** The route's own targets' RPM together; Infinity when one has no RPM limit (its capacity is unknown here). */
export function routeRpm(route: RouteConfig, targets: ReadonlyMap<string, TargetConfig>): number {
  return route.targets.reduce((sum, id) => sum + (targets.get(id)?.rpm ?? Infinity), 0);
}

/** How a route hedges: its budget and shortest delay; `auto` for the default (no `hedge` setting). */
export interface HedgePolicy {
  budgetPercent: number;
  minDelayMs: number;
  auto: boolean;
}

/** A target's failure domain: its account (profile) and Region. A slow or throttled Region or account slows all of it. */
export const failureDomain = (t: Pick<TargetConfig, 'profile' | 'region'>): string => `${t.profile}\u0000${t.region}`;

const policies = new WeakMap<RouteConfig, HedgePolicy | null>();

/**
 * The route's hedging: `false` off; `true` or an object on; absent, on by default where it pays: when
 * the route's own targets span two or more failure domains (accounts or Regions), so a late first token
 * can be raced on capacity that is not slow for the same reason. A route over one account and Region
 * (or one target) does not hedge unless it asks to.
 */
export function hedgePolicy(route: RouteConfig, targets: ReadonlyMap<string, TargetConfig>): HedgePolicy | undefined {
  const known = policies.get(route);
  if (known !== undefined) return known ?? undefined;
  const h = route.hedge;
  let policy: HedgePolicy | null = null;
  if (typeof h === 'object') policy = { budgetPercent: h.budgetPercent, minDelayMs: h.minDelayMs, auto: false };
  else if (h === true) policy = { ...HEDGE_DEFAULTS, auto: false };
  else if (h === undefined) {
    const domains = new Set(route.targets.map((id) => targets.get(id)).filter((t) => t !== undefined).map(failureDomain));
    if (domains.size >= 2) policy = { ...HEDGE_DEFAULTS, auto: true };
  }
  policies.set(route, policy);
  return policy ?? undefined;
}

/**
 * The hedge budget: hedges may add at most `percent` of the recent request rate (a minute's
 * window), so a slow Region cannot double the traffic. No floor: a quiet router does not hedge.
 */
export class HedgeBudget {
  private readonly requests = new SlidingWindow(WINDOW_MS);
  private readonly recent = new SlidingWindow(RATE_WINDOW_MS);
  private readonly hedges = new SlidingWindow(WINDOW_MS);

  recordRequest(now: number): void {
    this.requests.add(now, 1);
    this.recent.add(now, 1);
  }

  /** The router's request rate over the last 10 s, per minute: how fast quota is being spent now. */
  requestsPerMinute(now: number): number {
    return this.recent.used(now) * (WINDOW_MS / RATE_WINDOW_MS);
  }

  /** Takes one hedge from the budget if there is one. */
  tryHedge(now: number, percent: number): boolean {
    if (this.hedges.used(now) + 1 > (percent / 100) * this.requests.used(now)) return false;
    this.hedges.add(now, 1);
    return true;
  }
}

/** An admitted second attempt, ready to call. */
export interface HedgeCandidate {
  candidate: PlannedCandidate;
  lease: PooledLease;
  request: ModelRequest;
}

type Step = IteratorResult<RouterEvent, 'served' | ProviderError>;

interface Racer {
  gen: AsyncGenerator<RouterEvent, 'served' | ProviderError>;
  abort: AbortController;
  candidate: PlannedCandidate;
  next: Promise<{ racer: Racer; step: Step } | { racer: Racer; error: unknown }>;
}

function start(parts: RouterParts, state: RequestState, c: PlannedCandidate, lease: PooledLease, request: ModelRequest, signal: AbortSignal): Racer {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const gen = runAttempt(parts, state, c, lease, request, abort.signal);
  const racer = { gen, abort, candidate: c } as Racer;
  racer.next = gen.next().then(
    (step) => ({ racer, step }),
    (error: unknown) => ({ racer, error }),
  );
  void racer.next.finally(() => signal.removeEventListener('abort', onAbort));
  return racer;
}

/** Cancels a racer before its first token: its runAttempt settles its lease, frees its slot and records it as cancelled. */
async function cancel(r: Racer): Promise<void> {
  r.abort.abort();
  const out = await r.next;
  if ('step' in out && !out.step.done) await r.gen.return('served').catch(() => {});
}

/**
 * One attempt with a hedge: calls `first`; if its first token has not come `delayMs` after the
 * call began, asks `admitHedge` for a second target (within limits and the hedge budget) and
 * calls it too. Whichever produces a first token first is streamed; the other is cancelled
 * before it produced anything (so no text is ever duplicated or mixed), which settles its
 * reservation and frees its slot. Returns like `runAttempt`: 'served', or the error that ended
 * the call that was left (the loop may try elsewhere).
 */
export async function* runHedged(
  parts: RouterParts,
  state: RequestState,
  first: { candidate: PlannedCandidate; lease: PooledLease; request: ModelRequest },
  delayMs: number,
  admitHedge: () => Promise<HedgeCandidate | undefined>,
  signal: AbortSignal,
): AsyncGenerator<RouterEvent, { outcome: 'served' | ProviderError; candidate: PlannedCandidate }> {
  const a = start(parts, state, first.candidate, first.lease, first.request, signal);
  let timer: () => void = () => {};
  const late = new Promise<'late'>((resolve) => (timer = parts.clock.timer(delayMs, () => resolve('late'))));
  const early = await Promise.race([a.next, late]);
  timer();
  let winner: Racer | undefined;
  let outcome: 'served' | ProviderError | undefined;
  let racers: Racer[] = [a];
  if (early === 'late') {
    const hedge = signal.aborted ? undefined : await admitHedge();
    if (hedge) {
      state.record.hedged = true;
      yield { type: 'progress', message: `${first.candidate.target.id} is slow to answer (no first token after ${Math.round(delayMs)} ms); also asking ${hedge.candidate.target.id}` };
      racers = [a, start(parts, state, hedge.candidate, hedge.lease, hedge.request, signal)];
      // start() ran the hedge's runAttempt up to its call: its attempt record is the newest.
      state.record.attempts.at(-1)!.hedge = true;
    }
  }
  // Wait for the first racer that starts its answer; one that fails before its first token drops out.
  let lastError: ProviderError | undefined;
  let lastCandidate = first.candidate;
  while (racers.length > 0 && !winner) {
    const done = await Promise.race(racers.map((r) => r.next));
    racers = racers.filter((r) => r !== done.racer);
    if ('error' in done) {
      for (const r of racers) await cancel(r);
      throw done.error;
    }
    if (done.step.done) {
      lastError = done.step.value === 'served' ? undefined : done.step.value;
      lastCandidate = done.racer.candidate;
      if (done.step.value === 'served') outcome = 'served';
      if (lastError && racers.length > 0) state.learn(lastError, done.racer.candidate);
      continue;
    }
    winner = done.racer;
    for (const r of racers) await cancel(r);
    racers = [];
    if (racersWereTwo(state)) state.record.hedgeWinner = winner === a ? 'first' : 'hedge';
    // The winner's 'served' event (RequestState.served keeps the first answer's target, and that is the winner's).
    yield done.step.value;
  }
  if (winner) return { outcome: yield* winner.gen, candidate: winner.candidate };
  if (outcome) return { outcome, candidate: lastCandidate };
  if (lastError) return { outcome: lastError, candidate: lastCandidate };
  throw new RouterError('cancelled', 'The request was cancelled.');
}

const racersWereTwo = (state: RequestState) => state.record.hedged === true;
