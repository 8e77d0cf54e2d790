/**
 * A hedged first token end to end: Router → BedrockProvider (the real AWS SDK, HTTP/2) → simulator.
 * Once the first target's p95 is learnt, its account turns slow to answer; the hedge on the other
 * account answers first and is streamed, and the slow call is cancelled (the simulator sees the
 * client abort) with the router's slots back to zero.
 */
import assert from 'node:assert/strict';
import { SystemClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { MemoryLimitStore, Router, resolveSettings } from '../../../src/router';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const ask = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Name a lighthouse.' }] }], maxTokens: 30 };

describe('router: a hedged first token through the real SDK and the simulator', function () {
  this.timeout(30_000);
  let env: SimEnv;
  before(async () => {
    env = await startSimEnv({ timeScale: 10, seed: 6, profiles: ['shard-a', 'shard-b'], scenario: { regions: { 'us-east-1': { ttftMs: 300, tokensPerSecond: 200, jitter: 0 } } } });
  });
  after(() => env.close());

  it('streams the hedge when the first call is late, and cancels the late call', async () => {
    const config = resolveSettings({
      endpoint: env.sim.endpoint,
      targets: [
        { id: 'a', model: 'amazon.nova-pro-v1:0', profile: 'shard-a', region: 'us-east-1', maxConcurrent: 2, price: { inputPerMillion: 0.5, outputPerMillion: 1 } },
        { id: 'b', model: 'amazon.nova-pro-v1:0', profile: 'shard-b', region: 'us-east-1', maxConcurrent: 2 },
      ],
      routes: [{ name: 'chat', targets: ['a', 'b'], strategy: 'cost', hedge: { budgetPercent: 50, minDelayMs: 1_000 } }],
    });
    const router = new Router({ config, provider: env.provider, clock: new SystemClock(), store: new MemoryLimitStore(), random: seededRandom(5) });
    for (let i = 0; i < 6; i++) {
      const r = (await router.send({ tenant: 'ws', request: ask })).record;
      assert.equal(r.servedBy!.targetId, 'a', JSON.stringify([r.attempts, r.skipped]));
    }
    // Account shard-a now takes 30 simulated seconds (3 s here) more to its first token; the hedge goes at 1 s (minDelayMs).
    env.sim.faults.add({ type: 'slowFirstToken', extraMs: 30_000, scope: { profile: 'shard-a' } });
    let text = '';
    let record;
    for await (const e of router.stream({ tenant: 'ws', request: ask })) {
      if (e.type === 'text') text += e.text;
      if (e.type === 'record') record = e.record;
    }
    assert.ok(record);
    assert.equal(record.hedged, true);
    assert.equal(record.hedgeWinner, 'hedge');
    assert.equal(record.servedBy!.targetId, 'b');
    assert.deepEqual(record.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'cancelled'], ['b', 'ok']]);
    assert.ok(text.length > 0);
    assert.deepEqual(router.snapshot().targets.map((t) => t.usage.inFlight), [0, 0]);
    // The simulator sees the late call end when the router lets go of it (its log entry is written when it notices).
    const aborted = () => env.sim.invocationLog().filter((r) => r.profile === 'shard-a' && r.outcome === 'client-aborted').length;
    for (let i = 0; i < 300 && aborted() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(aborted(), 1);
    assert.equal(env.sim.invocationLog().filter((r) => r.profile === 'shard-b').length, 1);
  });

  it('hedges by default over two accounts (the route sets no hedge), and not with hedge: false', async () => {
    const env2 = await startSimEnv({ timeScale: 10, seed: 7, profiles: ['shard-a', 'shard-b'], scenario: { regions: { 'us-east-1': { ttftMs: 300, tokensPerSecond: 200, jitter: 0 } } } });
    try {
      const run = async (hedge: false | undefined) => {
        const config = resolveSettings({
          endpoint: env2.sim.endpoint,
          targets: [
            { id: 'a', model: 'amazon.nova-pro-v1:0', profile: 'shard-a', region: 'us-east-1', price: { inputPerMillion: 0.5, outputPerMillion: 1 } },
            { id: 'b', model: 'amazon.nova-pro-v1:0', profile: 'shard-b', region: 'us-east-1' },
          ],
          routes: [{ name: 'chat', targets: ['a', 'b'], strategy: 'cost', ...(hedge === undefined ? {} : { hedge }) }],
        });
        const router = new Router({ config, provider: env2.provider, clock: new SystemClock(), store: new MemoryLimitStore(), random: seededRandom(5) });
        // 20 answers from a: its p95 is learnt, and 5% of 20 requests allows one hedge.
        for (let i = 0; i < 20; i++) assert.equal((await router.send({ tenant: 'ws', request: ask })).record.servedBy!.targetId, 'a');
        const slow = env2.sim.faults.add({ type: 'slowFirstToken', extraMs: 20_000, scope: { profile: 'shard-a' } });
        try {
          return (await router.send({ tenant: 'ws', request: ask })).record;
        } finally {
          env2.sim.faults.remove(slow);
        }
      };
      const auto = await run(undefined);
      assert.equal(auto.hedged, true);
      assert.equal(auto.hedgeWinner, 'hedge');
      assert.deepEqual(auto.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'cancelled'], ['b', 'ok']]);
      const off = await run(false);
      assert.equal(off.hedged, undefined);
      assert.deepEqual(off.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'ok']]);
    } finally {
      await env2.close();
    }
  });
});
