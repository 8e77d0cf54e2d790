/**
 * The router's service tiers end to end: Router → BedrockProvider (the real AWS SDK) → simulator.
 * A route at flex skips a model without flex; a route with escalateToPriority retries a throttled
 * default attempt at priority, which the simulator serves ahead of a default-tier capacity crunch.
 */
import assert from 'node:assert/strict';
import { SystemClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { MemoryLimitStore, Router, type SettingsInput, resolveSettings } from '../../../src/router';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const NOVA = 'us.amazon.nova-pro-v1:0';
const CLAUDE = 'us.anthropic.claude-sonnet-4-6';
const ask = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Summarise the tides.' }] }], maxTokens: 40 };

function routerFor(env: SimEnv, settings: SettingsInput): Router {
  return new Router({ config: resolveSettings({ ...settings, endpoint: env.sim.endpoint }), provider: env.provider, clock: new SystemClock(), store: new MemoryLimitStore(), random: seededRandom(3) });
}

describe('router: service tiers through the real SDK and the simulator', function () {
  this.timeout(20_000);
  let env: SimEnv;
  before(async () => {
    env = await startSimEnv({
      timeScale: 50,
      seed: 9,
      profiles: ['shard-a', 'shard-b'],
      // A capacity crunch for default-tier Nova Pro traffic in shard-b: priority is served ahead of it.
      scenario: { faults: [{ type: 'error', kind: 'throttle', scope: { profile: 'shard-b', model: 'amazon.nova-pro-v1:0', serviceTier: 'default' } }] },
    });
  });
  after(() => env.close());
  afterEach(() => env.sim.reset());

  it('a flex route skips the model without flex (reason recorded) and the simulator serves flex', async () => {
    const router = routerFor(env, {
      targets: [
        { id: 'claude', model: CLAUDE, profile: 'shard-a', region: 'us-east-1' },
        { id: 'nova', model: NOVA, profile: 'shard-a', region: 'us-east-1' },
      ],
      routes: [{ name: 'background', targets: ['claude', 'nova'], serviceTier: 'flex' }],
    });
    const r = await router.send({ tenant: 'ws', request: ask });
    assert.equal(r.record.servedBy!.targetId, 'nova');
    assert.match(r.record.skipped.find((s) => s.targetId === 'claude')!.reason, /not offered at the "flex" service tier \(route\.serviceTier\)/);
    assert.deepEqual(env.sim.invocationLog().map((x) => [x.foundationModelId, x.serviceTier, x.outcome]), [['amazon.nova-pro-v1:0', 'flex', 'success']]);
  });

  it('escalateToPriority: throttled at default, served at priority by the same target', async () => {
    const router = routerFor(env, {
      targets: [{ id: 'nova-b', model: NOVA, profile: 'shard-b', region: 'us-east-1' }],
      routes: [{ name: 'chat', targets: ['nova-b'], escalateToPriority: true }],
    });
    const r = await router.send({ tenant: 'ws', request: ask });
    assert.deepEqual(r.record.attempts.map((a) => [a.outcome, a.serviceTier ?? 'default', a.escalated === true]), [['throttled', 'default', false], ['ok', 'priority', true]]);
    assert.deepEqual(env.sim.invocationLog().map((x) => [x.serviceTier ?? 'default', x.outcome]), [['default', 'error'], ['priority', 'success']]);
  });

  it('without escalation the same crunch fails the request after its retries', async () => {
    const router = routerFor(env, {
      targets: [{ id: 'nova-b', model: NOVA, profile: 'shard-b', region: 'us-east-1' }],
      routes: [{ name: 'chat', targets: ['nova-b'] }],
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    await assert.rejects(router.send({ tenant: 'ws', request: ask }), /throttl/i);
    assert.ok(env.sim.invocationLog().every((x) => x.serviceTier === undefined && x.outcome === 'error'));
  });
});
