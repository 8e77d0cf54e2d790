/**
 * The `cost` strategy end to end: Router → BedrockProvider (the real AWS SDK) → simulator. The cheapest
 * target's first token is slow (a simulator fault on its account), so after a few answers the route moves
 * to the next cheapest that meets its objective, and never to the most expensive.
 */
import assert from 'node:assert/strict';
import { SystemClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { MemoryLimitStore, Router, resolveSettings } from '../../../src/router';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const ask = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Name a river.' }] }], maxTokens: 30 };

describe('router: the cost strategy through the real SDK and the simulator', function () {
  this.timeout(30_000);
  let env: SimEnv;
  before(async () => {
    env = await startSimEnv({
      timeScale: 10,
      seed: 4,
      profiles: ['shard-a', 'shard-b'],
      // 5 simulated seconds (0.5 s here) more before every first token from shard-b.
      scenario: { regions: { 'us-east-1': { ttftMs: 300, tokensPerSecond: 200, jitter: 0 } }, faults: [{ type: 'slowFirstToken', extraMs: 5_000, scope: { profile: 'shard-b' } }] },
    });
  });
  after(() => env.close());

  it('leaves the cheapest target once its p95 time to first token misses the objective, for the next cheapest', async () => {
    const config = resolveSettings({
      endpoint: env.sim.endpoint,
      targets: [
        { id: 'sonnet', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1' },
        { id: 'pro', model: 'amazon.nova-pro-v1:0', profile: 'shard-a', region: 'us-east-1' },
        { id: 'lite-slow', model: 'amazon.nova-lite-v1:0', profile: 'shard-b', region: 'us-east-1' },
      ],
      routes: [{ name: 'thrifty', targets: ['sonnet', 'pro', 'lite-slow'], strategy: 'cost', ttftObjectiveMs: 250 }],
    });
    const router = new Router({ config, provider: env.provider, clock: new SystemClock(), store: new MemoryLimitStore(), random: seededRandom(2) });
    const served: string[] = [];
    let cost = 0;
    for (let i = 0; i < 10; i++) {
      const r = await router.send({ tenant: 'ws', request: ask });
      served.push(r.record.servedBy!.targetId);
      cost += r.record.costUsd ?? 0;
    }
    assert.deepEqual(served, [...Array(5).fill('lite-slow'), ...Array(5).fill('pro')]);
    assert.ok(cost > 0);
  });
});
