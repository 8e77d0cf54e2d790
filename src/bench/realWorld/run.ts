/**
 * The real-world benchmark (issue 18): each client in turn against a fresh simulator, the
 * same seeded arrivals, the background caller's bursts and the Region's failure at the same
 * simulated times; each row measured against the capacity left to us for its own arrivals.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../simulator';
import { type CapacityDraw, capacityLimit } from '../capacity';
import { type ClientContext } from '../quality/clients';
import { sideBySide } from '../sideBySide';
import { type TrafficRow, openLoop, trafficRow } from '../traffic';
import { capacityRequest } from '../workload';
import { RW_CLIENTS, type RwClientMaker } from './clients';
import { BACKGROUND, RW_FAIL_AT, RW_FAILING_REGION, RW_MODEL, RW_SPEED, RW_TENANTS, RW_TARGETS, backgroundFor, meanSettle, plannedCapacityPerMinute, rwPools, rwRequest, rwScenario } from './world';

export interface RealWorldOptions {
  /** Simulated minutes of traffic. */
  minutes: number;
  /** Offered load as a multiple of the capacity left to us. */
  load: number;
  timeScale: number;
  seed: number;
}

export interface RealWorldRow extends TrafficRow {
  /** The share of its quota tokens the other application asked for that Bedrock gave it. */
  backgroundServed: number;
}

/** How long a request may wait for room in the capacity limit: the router's default `maxQueueWaitMs`. */
export const CAPACITY_WAIT_MS = 10_000;

/** The arrival interval that offers `load` x the planned capacity left to us. */
export function rwIntervalMs(o: Pick<RealWorldOptions, 'load' | 'seed'>): number {
  return 60_000 / ((plannedCapacityPerMinute() / meanSettle(o.seed)) * o.load);
}

async function runClient(make: RwClientMaker, o: RealWorldOptions): Promise<RealWorldRow> {
  const sim = await startSimulator({ port: 0, seed: o.seed, timeScale: o.timeScale, scenario: rwScenario(o.seed) });
  const dir = await mkdtemp(join(tmpdir(), 'resilient-llm-realworld-'));
  const files = await sim.writeAwsFiles(dir);
  const ctx: ClientContext = { endpoint: sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile, clock: sim.clock };
  const client = make(ctx, o.seed);
  try {
    await client.start?.();
    const durationMs = o.minutes * 60_000;
    let failedAt = Infinity;
    let minute = -1;
    const t0 = sim.clock.now();
    const sent = await openLoop(
      sim.clock,
      {
        durationMs,
        intervalMs: rwIntervalMs(o),
        tenants: RW_TENANTS,
        request: (n) => rwRequest(o.seed, n),
        beforeArrival: (elapsed) => {
          // The other application's rate changes each simulated minute (a new share of its pool, starting with a burst).
          const m = Math.floor(elapsed / 60_000);
          if (m !== minute) {
            minute = m;
            sim.addBackgroundCaller(backgroundFor(o.seed, m));
          }
          if (failedAt === Infinity && elapsed >= durationMs * RW_FAIL_AT) {
            sim.faults.setRegionStatus(RW_FAILING_REGION, 'down');
            failedAt = elapsed;
          }
        },
      },
      (tenant, r) => client.send(tenant, r),
    );
    sim.removeBackgroundCaller('other-app');
    const log = sim.invocationLog();
    const background = log.filter((e) => e.caller?.startsWith('background:'));
    const bgTarget = RW_TARGETS.find((t) => t.id === BACKGROUND.target)!.id;
    const draws: CapacityDraw[] = background.map((e) => ({ atMs: e.time - t0, poolId: bgTarget, tokens: BACKGROUND.tokensPerRequest }));
    const speed = RW_SPEED['us-east-1']!;
    const capacity = capacityLimit(rwPools(failedAt), sent.map((s) => capacityRequest(s.request, s.sentAtMs, RW_MODEL, speed)), draws, CAPACITY_WAIT_MS);
    const asked = background.length * BACKGROUND.tokensPerRequest;
    const got = background.filter((e) => e.outcome === 'success').reduce((n, e) => n + (e.quotaTokens ?? 0), 0);
    return { ...trafficRow(client.name, sent, log, capacity, RW_TENANTS), backgroundServed: asked ? Math.round((got / asked) * 1000) / 1000 : 1 };
  } finally {
    client.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The five clients, one after another. */
export async function benchRealWorld(o: RealWorldOptions, onRow?: (row: RealWorldRow) => void, clients: readonly RwClientMaker[] = RW_CLIENTS): Promise<RealWorldRow[]> {
  return sideBySide(clients, (make) => runClient(make, o), onRow);
}
