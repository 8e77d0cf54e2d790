import { sideBySide } from '../sideBySide';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentiles } from '../../core/percentiles';
import { STRATEGIES } from '../../router';
import { startSimulator } from '../../simulator';
import { type BenchClient, type ClientContext, type Outcome, roundRobinClient, routerClient, singleTargetClient } from './clients';
import { AGGREGATE_RPM, BENCH_MODEL, FAILING_REGION, TENANTS, benchScenario, capacityLimit } from './world';

export interface QualityOptions {
  /** Simulated minutes of traffic. */
  minutes: number;
  /** Offered load as a multiple of the aggregate capacity. */
  load: number;
  timeScale: number;
  seed: number;
}

export interface QualityRow {
  client: string;
  offered: number;
  succeeded: number;
  capacityLimit: number;
  /** succeeded / capacityLimit */
  goodput: number;
  providerThrottles: number;
  /** Calls the service refused or failed (throttles, 5xx): the calls that were wasted. */
  failedCalls: number;
  throttlesPerSuccess: number;
  ttftMs: { p50: number; p99: number };
  /** Jain's fairness index of successes across tenants (1 = perfectly even). */
  fairness: number;
  byTarget: Record<string, number>;
  /** p99 time to first token of each target, over this client's successes. */
  ttftP99ByTarget: Record<string, number>;
}

export function jain(values: number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Runs one client against a fresh simulator: open-loop arrivals at `load` x capacity, a Region failing at 40%. */
async function runClient(make: (ctx: ClientContext) => BenchClient, o: QualityOptions): Promise<QualityRow> {
  const sim = await startSimulator({ port: 0, seed: o.seed, timeScale: o.timeScale, scenario: benchScenario(o.seed) });
  const dir = await mkdtemp(join(tmpdir(), 'resilient-llm-bench-'));
  const files = await sim.writeAwsFiles(dir);
  const ctx: ClientContext = { endpoint: sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile, clock: sim.clock };
  const client = make(ctx);
  try {
    const durationMs = o.minutes * 60_000;
    const failAtMs = durationMs * 0.4;
    const intervalMs = 60_000 / (AGGREGATE_RPM * o.load);
    const start = sim.clock.now();
    const pending: Array<Promise<Outcome & { tenant: string }>> = [];
    let failedAt = Infinity;
    const sentAt: number[] = [];
    for (let n = 0; ; n++) {
      const due = start + n * intervalMs;
      if (due - start >= durationMs) break;
      const wait = due - sim.clock.now();
      if (wait > 0) await sim.clock.sleep(wait);
      if (failedAt === Infinity && sim.clock.now() - start >= failAtMs) {
        sim.faults.setRegionStatus(FAILING_REGION, 'down');
        failedAt = sim.clock.now() - start;
      }
      const tenant = TENANTS[n % TENANTS.length]!;
      sentAt.push(sim.clock.now() - start);
      pending.push(client.send(tenant, n).then((r) => ({ ...r, tenant })));
    }
    const outcomes = await Promise.all(pending);
    // The optimum for the arrivals as they really happened (the clock drifts from the schedule by milliseconds).
    const capacity = capacityLimit(sentAt, failedAt);
    const log = sim.invocationLog();
    const ok = outcomes.filter((r) => r.ok);
    const ttfts = ok.map((r) => r.ttftMs ?? 0);
    const [p50, p99] = percentiles(ttfts, 50, 99);
    const byTarget: Record<string, number> = {};
    const ttftByTarget: Record<string, number[]> = {};
    for (const r of ok) {
      if (!r.targetId) continue;
      byTarget[r.targetId] = (byTarget[r.targetId] ?? 0) + 1;
      (ttftByTarget[r.targetId] ??= []).push(r.callTtftMs ?? r.ttftMs ?? 0);
    }
    const throttles = log.filter((e) => e.outcome === 'error' && e.errorCode === 'ThrottlingException' && e.foundationModelId === BENCH_MODEL).length;
    const failedCalls = log.filter((e) => e.outcome === 'error').length;
    return {
      client: client.name,
      offered: outcomes.length,
      succeeded: ok.length,
      capacityLimit: capacity,
      goodput: round(ok.length / capacity),
      providerThrottles: throttles,
      failedCalls,
      throttlesPerSuccess: round(ok.length ? throttles / ok.length : 0, 4),
      ttftMs: { p50: Math.round(p50 ?? 0), p99: Math.round(p99 ?? 0) },
      fairness: round(jain(TENANTS.map((t) => ok.filter((r) => r.tenant === t).length))),
      byTarget,
      ttftP99ByTarget: Object.fromEntries(Object.entries(ttftByTarget).map(([k, v]) => [k, Math.round(percentiles(v, 99)[0]!)])),
    };
  } finally {
    client.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The side-by-side comparison: two baselines and our router with every strategy, one after another. */
export async function benchQuality(o: QualityOptions, onRow?: (row: QualityRow) => void): Promise<QualityRow[]> {
  const makers: Array<(ctx: ClientContext) => BenchClient> = [singleTargetClient, roundRobinClient, ...STRATEGIES.map((s) => (ctx: ClientContext) => routerClient(ctx, s, o.seed))];
  return sideBySide(makers, (make) => runClient(make, o), onRow);
}
