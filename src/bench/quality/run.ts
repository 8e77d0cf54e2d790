import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRATEGIES } from '../../router';
import { startSimulator } from '../../simulator';
import { capacityLimit } from '../capacity';
import { sideBySide } from '../sideBySide';
import { type TrafficRow, openLoop, trafficRow } from '../traffic';
import { type SizedRequest, capacityRequest, sizedRequest } from '../workload';
import { type BenchClient, type ClientContext, roundRobinClient, routerClient, singleTargetClient } from './clients';
import { AGGREGATE_TPM, BENCH_MODEL, BENCH_TARGETS, FAILING_REGION, REGION_SPEED, REQUEST_INPUT_TOKENS, REQUEST_MAX_TOKENS, TENANTS, benchScenario, capacityPools } from './world';

export { jain } from '../capacity';

export interface QualityOptions {
  /** Simulated minutes of traffic. */
  minutes: number;
  /** Offered load as a multiple of the aggregate capacity (all Regions up). */
  load: number;
  timeScale: number;
  seed: number;
}

export type QualityRow = TrafficRow;

/** The requests, and the arrival interval that offers `load` x the pools' tokens per minute (at the requests' mean real usage). */
export function qualityWorkload(o: Pick<QualityOptions, 'load' | 'seed'>): { request: (n: number) => SizedRequest; intervalMs: number; meanSettle: number } {
  const cache = new Map<number, SizedRequest>();
  const request = (n: number) => {
    let r = cache.get(n);
    if (!r) cache.set(n, (r = sizedRequest({ seed: o.seed, n, inputTokens: REQUEST_INPUT_TOKENS, maxTokens: REQUEST_MAX_TOKENS })));
    return r;
  };
  const sample = Array.from({ length: 200 }, (_, n) => capacityRequest(request(n), 0, BENCH_MODEL, REGION_SPEED['us-east-1']!).settle);
  const meanSettle = sample.reduce((a, b) => a + b, 0) / sample.length;
  return { request, intervalMs: 60_000 / ((AGGREGATE_TPM / meanSettle) * o.load), meanSettle };
}

/** Runs one client against a fresh simulator: open-loop arrivals at `load` x capacity, a Region failing at 40%. */
async function runClient(make: (ctx: ClientContext) => BenchClient, o: QualityOptions): Promise<QualityRow> {
  const sim = await startSimulator({ port: 0, seed: o.seed, timeScale: o.timeScale, scenario: benchScenario(o.seed) });
  const dir = await mkdtemp(join(tmpdir(), 'resilient-llm-bench-'));
  const files = await sim.writeAwsFiles(dir);
  const ctx: ClientContext = { endpoint: sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile, clock: sim.clock };
  const client = make(ctx);
  try {
    const durationMs = o.minutes * 60_000;
    const work = qualityWorkload(o);
    let failedAt = Infinity;
    const sent = await openLoop(sim.clock, {
      durationMs,
      intervalMs: work.intervalMs,
      tenants: TENANTS,
      request: work.request,
      beforeArrival: (elapsed) => {
        if (failedAt === Infinity && elapsed >= durationMs * 0.4) {
          sim.faults.setRegionStatus(FAILING_REGION, 'down');
          failedAt = elapsed;
        }
      },
    }, (tenant, r) => client.send(tenant, r));
    // The optimum for the arrivals as they really happened (the clock drifts from the schedule by milliseconds).
    const capacity = capacityLimit(capacityPools(BENCH_TARGETS, failedAt), sent.map((s) => capacityRequest(s.request, s.sentAtMs, BENCH_MODEL, REGION_SPEED['us-east-1']!)));
    return trafficRow(client.name, sent, sim.invocationLog(), capacity, TENANTS);
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
