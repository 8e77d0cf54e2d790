import assert from 'node:assert/strict';
import { percentiles } from '../../../src/core/percentiles';
import { seededRandom } from '../../../src/core/rng';
import { RouterError, type SettingsInput, type StrategyName } from '../../../src/router';
import { makeRouter } from '../../support/routerFixtures';

/**
 * The routing-quality world, in process on a ManualClock (so no machine noise): two accounts x two
 * Regions with quotas of 40, 20, 30 and 50 RPM, us-west-2 a little slower (480 vs 420 ms to the
 * first token, +-15%), answers streaming for 1.3 s; open-loop arrivals for 4 minutes; us-west-2
 * goes down at 40% of the run (every call there fails as unavailable). The route keeps the default
 * hedging (it spans two accounts and two Regions), as the bench's does.
 */
const M = 'amazon.nova-lite-v1:0';
const TARGETS = [
  { id: 'a-east', profile: 'bench-a', region: 'us-east-1', rpm: 40 },
  { id: 'a-west', profile: 'bench-a', region: 'us-west-2', rpm: 20 },
  { id: 'b-east', profile: 'bench-b', region: 'us-east-1', rpm: 30 },
  { id: 'b-west', profile: 'bench-b', region: 'us-west-2', rpm: 50 },
];
const CAPACITY_RPM = TARGETS.reduce((s, t) => s + t.rpm, 0);
const FAIL_REGION = 'us-west-2';

/** The most any router could serve for these arrivals: admit on arrival where a window has room, the failing Region's quota first. */
function offlineOptimum(arrivals: readonly number[], failAt: number): number {
  const order = [...TARGETS].sort((a, b) => Number(b.region === FAIL_REGION) - Number(a.region === FAIL_REGION));
  const windows = order.map(() => [] as number[]);
  let n = 0;
  for (const t of arrivals) {
    const i = order.findIndex((target, k) => {
      if (target.region === FAIL_REGION && t >= failAt) return false;
      const w = windows[k]!;
      while (w.length > 0 && w[0]! <= t - 60_000) w.shift();
      return w.length < target.rpm;
    });
    if (i >= 0) {
      windows[i]!.push(t);
      n++;
    }
  }
  return n;
}

interface Run {
  goodput: number;
  byTarget: Record<string, number>;
  ttft: { p50: number; p99: number };
}

async function overload(strategy: StrategyName, seed: number, load: number, minutes = 4): Promise<Run> {
  const settings: SettingsInput = {
    targets: TARGETS.map((t) => ({ ...t, model: M })),
    routes: [{ name: 'bench', targets: TARGETS.map((t) => t.id), strategy }],
    maxQueueWaitMs: 0,
    cooldown: { failures: 3 },
  };
  const ctx = makeRouter(settings, seed);
  const jitter = seededRandom(seed + 1000);
  const start = ctx.clock.now();
  const durationMs = minutes * 60_000;
  const failAt = durationMs * 0.4;
  for (const t of TARGETS) {
    const base = t.region === 'us-east-1' ? 420 : 480;
    ctx.provider.on(ctx.endpoint(t.id), () =>
      t.region === FAIL_REGION && ctx.clock.now() - start >= failAt ? { kind: 'error', error: 'unavailable', afterMs: 50 } : { kind: 'ok', firstTokenMs: Math.round(base * (0.85 + 0.3 * jitter())), chunks: 4, chunkMs: 430 },
    );
  }
  const interval = 60_000 / (CAPACITY_RPM * load);
  const arrivals: number[] = [];
  const pending: Array<Promise<{ ok: boolean; ttft?: number; target?: string }>> = [];
  for (let n = 0; n * interval < durationMs; n++) {
    const due = start + n * interval;
    if (due > ctx.clock.now()) await ctx.clock.advance(due - ctx.clock.now());
    arrivals.push(ctx.clock.now() - start);
    pending.push(
      ctx.router.send({ tenant: `team-${n % 3}`, request: { messages: [{ role: 'user', content: [{ type: 'text', text: `request ${n}` }] }], maxTokens: 120 } }).then(
        ({ record }) => ({ ok: true, ttft: record.ttftMs, target: record.servedBy?.targetId }),
        (err: unknown) => {
          if (!RouterError.isInstance(err)) throw err;
          return { ok: false };
        },
      ),
    );
  }
  for (let i = 0; i < 100 && ctx.provider.active > 0; i++) await ctx.clock.advance(100);
  const outcomes = await Promise.all(pending);
  const ok = outcomes.filter((o) => o.ok);
  const byTarget: Record<string, number> = {};
  for (const o of ok) byTarget[o.target!] = (byTarget[o.target!] ?? 0) + 1;
  const [p50, p99] = percentiles(ok.map((o) => o.ttft ?? 0), 50, 99);
  return { goodput: ok.length / offlineOptimum(arrivals, failAt), byTarget, ttft: { p50: p50!, p99: p99! } };
}

describe('latency strategy: goodput under quota pressure (routing-quality world on a ManualClock)', function () {
  this.timeout(60_000);

  it('meets the 97% goodput goal at 1.5x capacity with a Region failing, without getting slower than shuffle', async () => {
    for (const seed of [1, 2, 3]) {
      const latency = await overload('latency', seed, 1.5);
      const shuffle = await overload('shuffle', seed, 1.5);
      // Hedging is on by default here, and must cost nothing at 1.5x: a hedge would take a slot a later request needs.
      // Before headroom counted, latency served 406 of the optimum's 420 here (96.7%), every seed: us-west-2's 50 RPM
      // target was left with free slots, favoured last, when the Region failed.
      assert.ok(latency.goodput >= 0.97, `seed ${seed}: latency goodput ${latency.goodput.toFixed(3)} ${JSON.stringify(latency.byTarget)}`);
      // At full load every slot is used whatever the order, so speed can barely differ; it must not get worse.
      assert.ok(latency.ttft.p50 <= shuffle.ttft.p50 * 1.01, `seed ${seed}: latency p50 ${latency.ttft.p50} ms vs shuffle ${shuffle.ttft.p50} ms`);
    }
  });

  it('keeps what it is for: under a light load it favours the faster Region, more than shuffle does', async () => {
    const east = (r: Run) => (r.byTarget['a-east'] ?? 0) + (r.byTarget['b-east'] ?? 0);
    for (const seed of [1, 2]) {
      const latency = await overload('latency', seed, 0.3);
      const shuffle = await overload('shuffle', seed, 0.3);
      assert.equal(latency.goodput, 1);
      assert.ok(east(latency) >= east(shuffle) + 10, `seed ${seed}: us-east-1 served ${east(latency)} (latency) vs ${east(shuffle)} (shuffle)`);
      assert.ok(latency.ttft.p50 < shuffle.ttft.p50, `seed ${seed}: latency p50 ${latency.ttft.p50} ms vs shuffle ${shuffle.ttft.p50} ms`);
    }
  });
});
