import assert from 'node:assert/strict';
import { MemoryLimitStore, resolveSettings } from '../../../src/router';
import { PoolTable } from '../../../src/router/limits/pools';
import { RegionHealth } from '../../../src/router/regionHealth';
import { RouterStats } from '../../../src/router/stats';
import { TargetRuntime } from '../../../src/router/targets';

const NOW = 1_700_000_000_000;
const config = resolveSettings({
  targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 10, tpm: 10_000, maxConcurrent: 2 }],
  routes: [{ name: 'main', targets: ['a'] }],
});

function target() {
  const t = new TargetRuntime(config.targets.get('a')!, config.settings.cooldown);
  return { t, store: new MemoryLimitStore(), pools: new PoolTable(), regions: new RegionHealth(config.settings.cooldown.windowMs) };
}

describe('router: a target lease and an attempt on the stats', () => {
  it('a lease holds the slot and its tokens until it ends, then settles the store to the tokens used', async () => {
    const { t, store, pools, regions } = target();
    const admission = await t.admit(store, pools, 1_000, NOW);
    assert.ok(admission.ok);
    const held = t.begin(admission.lease, { store, regions });
    assert.deepEqual([t.inFlight, t.outstandingTokens, store.usage(t.key, NOW).inFlight], [1, 1_000, 1]);
    await held.end(250, 'ok', NOW + 10);
    assert.deepEqual([t.inFlight, t.outstandingTokens], [0, 0]);
    assert.deepEqual(store.usage(t.key, NOW + 10), { rpm: 1, tpm: 250, inFlight: 0, tokensToday: 250 });
    assert.equal(store.outstanding, 0);
  });

  it("with the answer's usage, the target settles to input + output and its Bedrock pool to input + output x 5 (Claude burndown)", async () => {
    const { t, store, pools, regions } = target();
    const admission = await t.admit(store, pools, 1_000, NOW);
    assert.ok(admission.ok);
    assert.equal(store.usage(t.pool.key, NOW).tpm, 1_000, 'the pool holds the reservation while the call runs');
    await t.begin(admission.lease, { store, regions }).end({ inputTokens: 300, outputTokens: 100, totalTokens: 400, cacheReadInputTokens: 50, cacheWriteInputTokens: 20 }, 'ok', NOW + 10);
    assert.equal(store.usage(t.key, NOW + 10).tpm, 420);
    assert.equal(store.usage(t.pool.key, NOW + 10).tpm, 300 + 20 + 100 * 5);
    assert.equal(store.usage(t.pool.dayKey, NOW + 10).tokensToday, 820);
    assert.equal(store.outstanding, 0);
  });

  it('ending a lease twice frees it once', async () => {
    const { t, store, pools, regions } = target();
    const first = await t.admit(store, pools, 100, NOW);
    const second = await t.admit(store, pools, 100, NOW);
    assert.ok(first.ok && second.ok);
    const a = t.begin(first.lease, { store, regions });
    t.begin(second.lease, { store, regions });
    await a.end(100, 'ok', NOW);
    await a.end(100, 'ok', NOW);
    assert.deepEqual([t.inFlight, store.usage(t.key, NOW).inFlight], [1, 1], 'the other attempt still holds its slot');
  });

  it("a lease's end tells Region health: an outage-like failure makes the Region suspect, a success clears it", async () => {
    const { t, store, pools, regions } = target();
    const end = async (outcome: 'ok' | 'unavailable' | 'throttled', now: number) => {
      const admission = await t.admit(store, pools, 100, now);
      assert.ok(admission.ok);
      await t.begin(admission.lease, { store, regions }).end(0, outcome, now);
    };
    await end('throttled', NOW);
    assert.deepEqual([...regions.suspect(NOW)], [], 'a throttle is not an outage');
    await end('unavailable', NOW + 1);
    assert.deepEqual([...regions.suspect(NOW + 1)], ['us-east-1']);
    await end('ok', NOW + 2);
    assert.deepEqual([...regions.suspect(NOW + 2)], []);
  });

  it("stats count an attempt in one call: a served attempt adds its answer's tokens and cost, a failed one its kind", () => {
    const stats = new RouterStats();
    const attempt = { targetId: 'a', route: 'main', model: 'm', profile: 'p', region: 'us-east-1', startedAt: NOW, latencyMs: 800, ttftMs: 200, probe: false };
    const usage = { inputTokens: 100, outputTokens: 50, totalTokens: 150, cacheReadInputTokens: 30, cacheWriteInputTokens: 20 };
    stats.recordAttempt({ ...attempt, outcome: 'throttled' }, { usage, costUsd: 1 });
    stats.recordAttempt({ ...attempt, outcome: 'ok' }, { usage, costUsd: 0.25 });
    const a = stats.target('a');
    assert.deepEqual([a.attempts, a.succeeded, a.providerThrottles, a.failures], [2, 1, 1, { throttled: 1 }]);
    assert.deepEqual([a.inputTokens, a.outputTokens, a.cacheReadTokens, a.cacheWriteTokens, a.costUsd], [100, 50, 30, 20, 0.25], 'only the served attempt counts tokens');
    assert.deepEqual([a.latency.size, a.ttft.size], [1, 1]);
  });
});
