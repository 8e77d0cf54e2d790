/**
 * Load: thousands of requests at 200 in flight through the router, the real AWS SDK
 * and the simulator, with injected errors and a capped tenant so retries, failovers
 * and rate limiting all happen. Totals reconcile exactly, memory does not grow across
 * repeated runs, and the event loop keeps ticking.
 *
 * CI form (the default): 3 runs of 2,000 requests. Full form: RLLM_LOAD_FULL=1 gives
 * 3 runs of 5,000 requests.
 */
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SystemClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { MemoryLimitStore, type RequestRecord, Router, RouterError, type SettingsInput, resolveSettings } from '../../../src/router';
import { CountingProvider, SONNET, type World, ask, guardProcess, startWorld, waitUntil } from './harness';

const FULL = process.env.RLLM_LOAD_FULL === '1';
const REQUESTS = FULL ? 5_000 : 2_000;
const IN_FLIGHT = 200;
const RUNS = 3;
/**
 * Heap (after a forced GC) after the last run may exceed the first run's by 3% or 2 MB,
 * whichever is more: room for GC noise and lazily built caches (under 1 MB measured),
 * while keeping a record per request (about 0.85 KB each, 3.4 MB over the CI form's
 * later runs) fails.
 */
const HEAP_GROWTH = (first: number) => Math.max(0.03 * first, 2 * 1024 * 1024);
/** The event loop must never stall longer than this: a responsiveness check, loose enough for a busy two-core machine, not a benchmark. */
const MAX_STALL_MS = 2_000;

/**
 * Real time, plus an offset the test moves forward between runs (idle time between
 * bursts), so the limit windows' time-bounded entries expire and do not count as growth.
 */
class SkipAheadClock extends SystemClock {
  offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
}

function forceGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const settings = (): SettingsInput => {
  const limits = { rpm: 1_000_000, tpm: 1_000_000_000, maxConcurrent: 100 };
  return {
    targets: [
      { id: 'a-east', model: SONNET, profile: 'shard-a', region: 'us-east-1', ...limits },
      { id: 'a-west', model: SONNET, profile: 'shard-a', region: 'us-west-2', ...limits },
      { id: 'b-east', model: SONNET, profile: 'shard-b', region: 'us-east-1', ...limits },
      { id: 'b-west', model: SONNET, profile: 'shard-b', region: 'us-west-2', ...limits },
    ],
    routes: [{ name: 'main', targets: ['a-east', 'a-west', 'b-east', 'b-west'], strategy: 'least-busy' }],
    quotas: { workspaces: { capped: { rpm: 50 } } },
    // Generous: a busy two-core machine must not turn load into timeouts.
    timeouts: { firstTokenMs: 120_000, totalMs: 600_000 },
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, budgetPercent: 50, minRetriesPerSecond: 50 },
    cooldown: { failures: 100, windowMs: 1_000, durationMs: 100 },
    maxQueueWaitMs: 60_000,
  };
};

interface RunResult {
  sent: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  heapAfterGc: number;
  maxStallMs: number;
  seconds: number;
}

describe(`reliability: load (${RUNS} runs of ${REQUESTS} requests, ${IN_FLIGHT} in flight, real SDK and simulator)`, function () {
  this.timeout(FULL ? 600_000 : 180_000);
  guardProcess();
  let world: World;

  before(async () => {
    // A small invocation log: the simulator's ring buffer is bounded; keep it out of the heap measurement.
    world = await startWorld({ timeScale: 1_000, scenario: { invocationLog: { capacity: 500 } } });
  });
  after(() => world.close());

  it('totals reconcile exactly, memory stays flat across runs, and the process stays responsive', async () => {
    const gc = forceGc();
    const files = await world.writeFiles();
    const provider = new BedrockProvider({ endpoint: world.sim.endpoint, ...files });
    const counting = new CountingProvider(provider);
    const store = new MemoryLimitStore();
    const clock = new SkipAheadClock();
    const router = new Router({ config: resolveSettings(settings()), provider: counting, clock, store, random: seededRandom(3) });
    const fired = new Map<string, number>();
    const sub = router.onRecord((r) => fired.set(r.id, (fired.get(r.id) ?? 0) + 1));
    world.sim.faults.errorRate('unavailable', 0.02);
    world.sim.faults.errorRate('throttle', 0.01);
    const results: RunResult[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        fired.clear();
        const before = { ...router.stats.totals };
        const callsBefore = counting.calls;
        const records: RequestRecord[] = [];
        const stray: unknown[] = [];
        let maxStallMs = 0;
        let last = performance.now();
        const tick = setInterval(() => {
          const now = performance.now();
          maxStallMs = Math.max(maxStallMs, now - last - 20);
          last = now;
        }, 20);
        const started = performance.now();
        let next = 0;
        const worker = async () => {
          while (next < REQUESTS) {
            const n = next++;
            // Every tenth request comes from a workspace with a small quota.
            const tenant = n % 10 === 0 ? 'capped' : 'load';
            try {
              records.push((await router.send({ tenant, request: ask(n, 16) })).record);
            } catch (err) {
              if (RouterError.isInstance(err) && err.record) records.push(err.record);
              else stray.push(err);
            }
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
        clearInterval(tick);
        const seconds = (performance.now() - started) / 1000;

        assert.deepEqual(stray, [], 'every request ended with a record');
        assert.equal(records.length, REQUESTS, 'one record per request');
        assert.equal(new Set(records.map((r) => r.id)).size, REQUESTS, 'no record twice');
        assert.equal(fired.size, REQUESTS, 'onRecord fired for every request');
        assert.ok([...fired.values()].every((n) => n === 1), 'onRecord fired once per request');
        const count = (o: RequestRecord['outcome']) => records.filter((r) => r.outcome === o).length;
        const r: RunResult = { sent: REQUESTS, succeeded: count('succeeded'), rateLimited: count('rate-limited'), failed: count('failed'), heapAfterGc: 0, maxStallMs, seconds };
        assert.equal(count('cancelled'), 0);
        assert.equal(r.succeeded + r.rateLimited + r.failed, r.sent, 'sent = succeeded + rate limited + failed');
        const t = router.stats.totals;
        assert.deepEqual(
          { requests: t.requests - before.requests, succeeded: t.succeeded - before.succeeded, rateLimited: t.rateLimited - before.rateLimited, failed: t.failed - before.failed },
          { requests: r.sent, succeeded: r.succeeded, rateLimited: r.rateLimited, failed: r.failed },
          "the router's totals moved by exactly this run's requests",
        );
        assert.equal(counting.calls - callsBefore, records.reduce((n, x) => n + x.attempts.length, 0), 'one provider call per recorded attempt');
        for (const x of records) {
          if (x.outcome === 'succeeded') assert.equal(x.attempts.filter((a) => a.outcome === 'ok').length, 1, `${x.id}: served exactly once`);
          else assert.ok(x.message && x.errorKind, `${x.id}: says why it was not served`);
          if (x.outcome === 'rate-limited') assert.equal(x.tenant, 'capped', 'only the capped workspace is rate limited');
        }
        assert.ok(r.rateLimited > 0, 'the capped workspace was rate limited');
        assert.ok(records.some((x) => x.attempts.length > 1 && x.outcome === 'succeeded'), 'injected errors were retried and served');
        assert.ok(r.succeeded >= REQUESTS * 0.85, `most requests are served (${r.succeeded})`);

        await waitUntil(() => world.sim.activeRequests() === 0, 'the simulator is idle');
        assert.equal(router.activeRequests, 0);
        assert.equal(store.outstanding, 0, 'every reservation settled');
        assert.equal(store.inFlightTotal, 0, 'every concurrency slot released');
        assert.equal(counting.open, 0);
        for (const target of router.snapshot().targets) assert.equal(target.usage.inFlight, 0, `${target.id} in flight`);
        assert.ok(maxStallMs < MAX_STALL_MS, `the event loop stalled for ${Math.round(maxStallMs)} ms`);

        // A day of idle time: every limit window empties (the snapshot reads, and so prunes, each of them).
        clock.offset += 86_400_000;
        router.snapshot();
        for (let i = 0; i < 3; i++) {
          gc();
          await new Promise((res) => setImmediate(res));
        }
        r.heapAfterGc = process.memoryUsage().heapUsed;
        results.push(r);
      }
    } finally {
      sub.dispose();
      provider.dispose();
    }
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    const summary = results.map((r, i) => `run ${i + 1}: ${r.succeeded}/${r.rateLimited}/${r.failed} in ${r.seconds.toFixed(1)} s, heap ${mb(r.heapAfterGc)}, longest stall ${Math.round(r.maxStallMs)} ms`).join('\n');
    const first = results[0]!.heapAfterGc;
    const lastHeap = results.at(-1)!.heapAfterGc;
    assert.ok(lastHeap - first < HEAP_GROWTH(first), `heap grew by ${mb(lastHeap - first)} across runs:\n${summary}`);
    if (process.env.RLLM_LOAD_VERBOSE) console.log(summary);
  });
});
