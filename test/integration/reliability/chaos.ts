/**
 * The chaos soak (issue 15): two routers, each with its own Redis connection and limit
 * store (as two VS Code windows would have), send streamed requests through the real SDK
 * to one simulator while seeded chaos strikes: Region outages, throttling, hung calls,
 * connection resets, simulator kills and restarts, Redis restarts that lose every key.
 * Afterwards it checks, request by request, that the totals reconcile; from the
 * simulator's own invocation log, that concurrency limits held; that memory stayed bounded;
 * and (with `guardProcess`) that no promise rejection went unhandled.
 */
import assert from 'node:assert/strict';
import { RedisServer } from '../../../src/bench/redisServer';
import { seededRandom } from '../../../src/core/rng';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type FailoverLimitStore, type LimitStoreHandle, Router, createLimitStore, resolveSettings } from '../../../src/router';
import { type InvocationRecord } from '../../../src/simulator';
import { CountingProvider, type Harness, type Outcome, type World, faultSettings, realMs, reconcile, runBatch, sleepReal, startWorld, waitUntil } from './harness';

export const MAX_CONCURRENT = 4;
/** While Redis is away each of the 2 routers holds half of a limit beside what the other already had in flight (documented fallback). */
export const OUTAGE_ALLOWANCE = Math.floor(MAX_CONCURRENT / 2);

export interface SoakResult {
  requests: number;
  succeeded: number;
  events: string[];
  maxInFlight: number;
}

type Chaos = 'region-outage' | 'throttling' | 'hang' | 'reset' | 'simulator-restart' | 'redis-restart';
const CHAOS: readonly Chaos[] = ['region-outage', 'throttling', 'hang', 'reset', 'simulator-restart', 'redis-restart'];

/** Highest number of invocations in progress at once per target (profile, Region, model), from the simulator's log. */
export function maxConcurrency(log: readonly InvocationRecord[]): { max: number; target: string } {
  const byTarget = new Map<string, Array<[number, number]>>();
  for (const r of log) {
    const key = `${r.profile}/${r.sourceRegion}/${r.requestedModelId}`;
    let edges = byTarget.get(key);
    if (!edges) byTarget.set(key, (edges = []));
    edges.push([r.time, 1], [r.time + r.latencyMs, -1]);
  }
  let best = { max: 0, target: '' };
  for (const [target, edges] of byTarget) {
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // an end before a start at the same instant
    let n = 0;
    for (const [, d] of edges) {
      n += d;
      if (n > best.max) best = { max: n, target };
    }
  }
  return best;
}

export async function chaosSoak(o: { requestsPerRouter: number; seed: number }): Promise<SoakResult> {
  const random = seededRandom(o.seed);
  const world: World = await startWorld({ timeScale: 100, seed: o.seed, profiles: ['shard-a', 'shard-b'] });
  const redis = await RedisServer.start();
  const log: InvocationRecord[] = [];
  const events: string[] = [];
  const routers: Array<Harness & { limits: LimitStoreHandle }> = [];
  try {
    const files = await world.writeFiles();
    const settings = faultSettings('least-busy', { quotas: { default: { rpm: 100_000, tokensPerDay: 10_000_000_000 } } });
    for (const t of settings.targets!) t.maxConcurrent = MAX_CONCURRENT;
    const config = resolveSettings(settings);
    for (let i = 0; i < 2; i++) {
      const limits = createLimitStore({ redisUrl: redis.url, keyPrefix: `soak${o.seed}:`, clock: world.clock, heartbeatMs: 200, probeMs: 100, commandTimeoutMs: 1_000 });
      await limits.ready();
      const provider = new BedrockProvider({ endpoint: world.sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile });
      const counting = new CountingProvider(provider);
      const router = new Router({ config, provider: counting, clock: world.clock, store: limits.store, random: seededRandom(o.seed + i) });
      const fired: Harness['fired'] = [];
      const sub = router.onRecord((r) => fired.push(r));
      routers.push({ router, counting, fired, provider, store: undefined as never, limits, dispose: () => (sub.dispose(), provider.dispose()) });
    }
    await waitUntil(() => routers.every((r) => r.limits.mode === 'shared' && r.limits.processes === 2), 'both routers share limits through Redis', 10_000);
    const heapBefore = process.memoryUsage().heapUsed;

    let done = false;
    const chaos = (async () => {
      while (!done) {
        await sleepReal(150 + random() * 250);
        if (done) break;
        const kind = CHAOS[Math.floor(random() * CHAOS.length)]!;
        events.push(kind);
        switch (kind) {
          case 'region-outage': {
            const region = random() < 0.5 ? 'us-east-1' : 'us-west-2';
            world.sim.faults.configureRegion(region, { status: 'down' });
            await sleepReal(realMs(world, 5_000));
            world.sim.faults.configureRegion(region, { status: 'healthy' });
            break;
          }
          case 'throttling': {
            const id = world.sim.faults.errorRate('throttle', 0.3);
            await sleepReal(realMs(world, 5_000));
            world.sim.faults.remove(id);
            break;
          }
          case 'hang':
            world.sim.faults.hang({ count: 2 });
            break;
          case 'reset':
            world.sim.faults.connectionReset({ count: 2 });
            break;
          case 'simulator-restart':
            await world.kill();
            log.push(...world.sim.invocationLog()); // the killed simulator's log, including calls it ended while closing
            await sleepReal(realMs(world, 2_000));
            await world.restart();
            break;
          case 'redis-restart':
            await redis.stop();
            await sleepReal(100);
            await redis.start();
            break;
        }
      }
    })();
    const outcomes: Outcome[][] = await Promise.all(routers.map((r, i) => runBatch(r.router, { count: o.requestsPerRouter, concurrency: 6, first: 1 + i * o.requestsPerRouter })));
    done = true;
    await chaos;
    world.sim.faults.clear();
    await waitUntil(() => world.sim.activeRequests() === 0, 'the simulator has nothing in progress', 10_000);
    log.push(...world.sim.invocationLog());

    // Totals reconcile request by request, in each router.
    let succeeded = 0;
    for (const [i, r] of routers.entries()) succeeded += reconcile(r, outcomes[i]!, o.requestsPerRouter).succeeded;
    const simSucceeded = log.filter((x) => x.outcome === 'success').length;
    const brokenCalls = outcomes.flat().reduce((n, x) => n + x.record.attempts.filter((a) => a.outcome === 'stream-error' || a.outcome === 'unavailable').length, 0);
    assert.ok(simSucceeded >= succeeded, `every request served is a successful invocation in the simulator log (${simSucceeded} logged, ${succeeded} served)`);
    // A kill can cut a stream the simulator had finished writing: it logs a success the router never received.
    // Each such call is an attempt the router saw break, so the log has no more extra successes than those.
    assert.ok(simSucceeded - succeeded <= brokenCalls, `${simSucceeded - succeeded} successes in the simulator log that no request received, more than the ${brokenCalls} calls the routers saw break`);

    // Limits hold, as the simulator saw them.
    const peak = maxConcurrency(log);
    assert.ok(peak.max <= MAX_CONCURRENT + OUTAGE_ALLOWANCE, `${peak.max} calls in flight at once on ${peak.target}, over maxConcurrent ${MAX_CONCURRENT} (+${OUTAGE_ALLOWANCE} while Redis was away)`);

    // Everything settled; memory bounded.
    await waitUntil(() => routers.every((r) => r.limits.mode === 'shared'), 'both routers share limits again', 10_000);
    for (const r of routers) {
      assert.equal(r.router.activeRequests, 0);
      assert.equal(r.limits.store.outstanding, 0, 'every reservation settled');
      assert.equal(r.counting.open, 0, 'no provider stream left open');
      assert.ok((r.limits.store as FailoverLimitStore).ledgerSize <= 2 * o.requestsPerRouter, 'the replay ledger holds at most the recent admissions');
      assert.ok(r.router.stats.recent.length <= 200, 'recent requests are capped');
    }
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
    assert.ok(grownMb < 200, `heap grew by ${grownMb.toFixed(0)} MB`);
    return { requests: 2 * o.requestsPerRouter, succeeded, events, maxInFlight: peak.max };
  } finally {
    for (const r of routers) {
      r.dispose();
      await r.limits.close();
    }
    await redis.dispose();
    await world.close();
  }
}
