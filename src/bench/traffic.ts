/**
 * The open-loop traffic both routing benchmarks send, and the row each client gets:
 * arrivals on a fixed schedule of the simulated clock (a client that falls behind does not
 * slow them), then goodput against the capacity limit, Bedrock's throttles per success,
 * times to first and last token, and fairness across tenants, from what the client saw
 * and from the simulator's invocation log.
 */
import { type Clock } from '../core/clock';
import { percentiles } from '../core/percentiles';
import { type InvocationRecord } from '../simulator';
import { type CapacityResult, jain } from './capacity';
import { type Outcome } from './quality/clients';
import { type SizedRequest } from './workload';

export interface Sent extends Outcome {
  tenant: string;
  request: SizedRequest;
  /** Simulated ms after the start. */
  sentAtMs: number;
}

export interface OpenLoop {
  durationMs: number;
  intervalMs: number;
  tenants: readonly string[];
  request(n: number): SizedRequest;
  /** Called before each arrival with the simulated ms since the start (faults, background traffic). */
  beforeArrival?(elapsedMs: number): void;
}

/** Sends request n at start + n x intervalMs until durationMs, tenants in turn; waits for every answer. */
export async function openLoop(clock: Clock, o: OpenLoop, send: (tenant: string, r: SizedRequest) => Promise<Outcome>): Promise<Sent[]> {
  const start = clock.now();
  const pending: Array<Promise<Sent>> = [];
  for (let n = 0; n * o.intervalMs < o.durationMs; n++) {
    const wait = start + n * o.intervalMs - clock.now();
    if (wait > 0) await clock.sleep(wait);
    const elapsed = clock.now() - start;
    o.beforeArrival?.(elapsed);
    const tenant = o.tenants[n % o.tenants.length]!;
    const request = o.request(n);
    pending.push(send(tenant, request).then((r) => ({ ...r, tenant, request, sentAtMs: elapsed })));
  }
  return Promise.all(pending);
}

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface TrafficRow {
  client: string;
  offered: number;
  succeeded: number;
  /** The capacity limit for these arrivals (src/bench/capacity.ts). */
  capacity: CapacityResult;
  /** Quota tokens (after burndown) of this client's successful calls, as the simulator counted them. */
  servedTokens: number;
  /** servedTokens / capacity.tokens */
  goodput: number;
  /** Calls Bedrock refused for quota (ThrottlingException), this client's only. */
  providerThrottles: number;
  /** Calls the service refused or failed (throttles, 5xx): the calls that were wasted. */
  failedCalls: number;
  throttlesPerSuccess: number;
  ttftMs: Percentiles;
  ttltMs: Percentiles;
  /** Jain's index of successes across tenants (1 = perfectly even). */
  fairness: number;
  byTarget: Record<string, number>;
  /** p99 time to first token of each target, over this client's successes. */
  ttftP99ByTarget: Record<string, number>;
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;
const pct = (values: number[]): Percentiles => {
  const [p50, p99] = percentiles(values, 50, 99);
  return { p50: Math.round(p50 ?? 0), p99: Math.round(p99 ?? 0) };
};

/** The row for `client`: `log` is the simulator's invocation log of its run (other callers' entries are left out). */
export function trafficRow(client: string, sent: readonly Sent[], log: readonly InvocationRecord[], capacity: CapacityResult, tenants: readonly string[]): TrafficRow {
  const ours = log.filter((e) => e.caller === undefined);
  const ok = sent.filter((r) => r.ok);
  const servedTokens = ours.filter((e) => e.outcome === 'success').reduce((n, e) => n + (e.quotaTokens ?? 0), 0);
  const throttles = ours.filter((e) => e.outcome === 'error' && e.errorCode === 'ThrottlingException').length;
  const byTarget: Record<string, number> = {};
  const ttftByTarget: Record<string, number[]> = {};
  for (const r of ok) {
    if (!r.targetId) continue;
    byTarget[r.targetId] = (byTarget[r.targetId] ?? 0) + 1;
    (ttftByTarget[r.targetId] ??= []).push(r.callTtftMs ?? r.ttftMs ?? 0);
  }
  return {
    client,
    offered: sent.length,
    succeeded: ok.length,
    capacity,
    servedTokens,
    goodput: round(capacity.tokens ? servedTokens / capacity.tokens : 0),
    providerThrottles: throttles,
    failedCalls: ours.filter((e) => e.outcome === 'error').length,
    throttlesPerSuccess: round(ok.length ? throttles / ok.length : 0, 4),
    ttftMs: pct(ok.map((r) => r.ttftMs ?? 0)),
    ttltMs: pct(ok.map((r) => r.ttltMs ?? 0)),
    fairness: round(jain(tenants.map((t) => ok.filter((r) => r.tenant === t).length))),
    byTarget,
    ttftP99ByTarget: Object.fromEntries(Object.entries(ttftByTarget).map(([k, v]) => [k, Math.round(percentiles(v, 99)[0]!)])),
  };
}
