/**
 * The capacity limit goodput is measured against, in Bedrock's quota tokens: the most a
 * client that admits each request on arrival could have been served from the same pools,
 * for the same arrivals, counted the way Bedrock counts them ("Quotas for the
 * bedrock-runtime endpoint" and "How tokens are counted in Amazon Bedrock", Amazon Bedrock
 * user guide; the simulator's src/simulator/tokenPool.ts):
 * - each pool has a tokens-per-minute quota over a sliding 60 s window;
 * - a request reserves its input tokens plus its maxTokens when it is admitted, and counts
 *   its real usage (input + output x the model's burndown) from the moment it ends;
 * - a pool takes nothing once its Region is down;
 * - other callers' requests (background traffic in the account) are theirs: each counts in
 *   its pool at the time it was sent, whether or not the client under test left room for it
 *   (so this is the capacity *left to us*; a client that crowds the other caller out can
 *   pass 100%).
 * Written here rather than taken from a library: it is the benchmark's own yardstick.
 */

export const WINDOW_MS = 60_000;

export interface CapacityPool {
  id: string;
  /** Tokens per minute (after burndown). */
  tpm: number;
  /** The pool takes no request at or after this time (its Region fails); absent: up all along. */
  downAtMs?: number;
}

export interface CapacityRequest {
  atMs: number;
  /** Tokens reserved at admission: input + maxTokens. */
  reserve: number;
  /** Tokens counted once it ends: input + output x burndown. */
  settle: number;
  /** From admission to the last token. */
  durationMs: number;
}

/** A request of another caller in one pool (reserved and settled at once, as the simulator's background callers do); always counted. */
export interface CapacityDraw {
  atMs: number;
  poolId: string;
  tokens: number;
}

export interface CapacityResult {
  /** Requests served. */
  requests: number;
  /** Quota tokens of the requests served (settled). */
  tokens: number;
}

interface Held {
  at: number;
  reserve: number;
  settle: number;
  endsAt: number;
}

function used(held: readonly Held[], now: number): number {
  let sum = 0;
  for (const h of held) if (h.at > now - WINDOW_MS) sum += now >= h.endsAt ? h.settle : h.reserve;
  return sum;
}

/** How finely the capacity limit steps through time (simulated ms). */
export const CAPACITY_STEP_MS = 50;

/**
 * Greedy, stepping through time: other callers' draws are counted when sent; each of our
 * requests waits, oldest first, up to `maxWaitMs` for a pool that is up and has room for its
 * reservation (any waiting request that fits goes, so a large one does not hold back a
 * small one), pools that fail earliest first (their quota perishes). Returns what it served.
 */
export function capacityLimit(pools: readonly CapacityPool[], requests: readonly CapacityRequest[], draws: readonly CapacityDraw[] = [], maxWaitMs = 0): CapacityResult {
  const order = [...pools].sort((a, b) => (a.downAtMs ?? Infinity) - (b.downAtMs ?? Infinity));
  const held = new Map<string, Held[]>(order.map((p) => [p.id, []]));
  const arrivals = [...requests].sort((a, b) => a.atMs - b.atMs);
  const others = [...draws].sort((a, b) => a.atMs - b.atMs);
  const fits = (p: CapacityPool, now: number, tokens: number) => now < (p.downAtMs ?? Infinity) && used(held.get(p.id)!, now) + tokens <= p.tpm;
  const waiting: CapacityRequest[] = [];
  let served = 0;
  let tokens = 0;
  let nextArrival = 0;
  let nextDraw = 0;
  // Each step: the draws and arrivals due by now, then the waiting requests that fit, then those that waited too long.
  const admit = (now: number) => {
    while (nextDraw < others.length && others[nextDraw]!.atMs <= now) {
      const d = others[nextDraw++]!;
      held.get(d.poolId)?.push({ at: d.atMs, reserve: d.tokens, settle: d.tokens, endsAt: d.atMs });
    }
    while (nextArrival < arrivals.length && arrivals[nextArrival]!.atMs <= now) waiting.push(arrivals[nextArrival++]!);
    for (let i = 0; i < waiting.length; ) {
      const r = waiting[i]!;
      const pool = order.find((p) => fits(p, now, r.reserve));
      if (pool) {
        held.get(pool.id)!.push({ at: now, reserve: r.reserve, settle: r.settle, endsAt: now + r.durationMs });
        served++;
        tokens += r.settle;
        waiting.splice(i, 1);
      } else if (now - r.atMs >= maxWaitMs) {
        waiting.splice(i, 1);
      } else i++;
    }
  };
  // From each arrival, step while requests wait; jump to the next arrival when none does.
  for (let now = arrivals[0]?.atMs ?? 0; ; ) {
    admit(now);
    const next = arrivals[nextArrival]?.atMs ?? Infinity;
    if (waiting.length === 0 && next === Infinity) break;
    now = waiting.length > 0 ? Math.min(now + CAPACITY_STEP_MS, next) : next;
  }
  return { requests: served, tokens };
}

/** Jain's fairness index: 1 when every value is equal, 1/n when one has everything. */
export function jain(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}
