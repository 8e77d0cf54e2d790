import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { MemoryLimitStore, Router, type SettingsInput, resolveSettings } from '../../../src/router';
import { FakeProvider } from '../../support/fakeProvider';
import { endpointOf, hello } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';
const settings: SettingsInput = {
  targets: [
    { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1' },
    { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2' },
  ],
  routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'round-robin' }],
  cooldown: { failures: 1, durationMs: 15_000 },
};

/** Two routers (two windows) over one store: what the Redis store does across processes. */
function twoWindows() {
  const clock = new ManualClock(1_700_000_000_000);
  const store = new MemoryLimitStore();
  const make = (seed: number) => {
    const provider = new FakeProvider(clock);
    return { provider, router: new Router({ config: resolveSettings(settings), provider, clock, store, random: seededRandom(seed) }) };
  };
  return { clock, store, one: make(1), two: make(2) };
}

describe('router: cooldowns are shared through the limit store', () => {
  it('a breaker that opens in one window rests the target in another window that never saw it fail', async () => {
    const { clock, store, one, two } = twoWindows();
    one.provider.on(endpointOf(settings, 'a'), [{ kind: 'error', error: 'throttled' }]);
    const first = await one.router.send({ tenant: 'ws', request: hello });
    assert.deepEqual(first.record.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'throttled'], ['b', 'ok']]);
    assert.equal(one.router.snapshot().targets.find((t) => t.id === 'a')!.health, 'cooling');

    // Window two's own breaker is healthy; it would pick a first (round-robin), but the store says a rests.
    assert.equal(two.router.snapshot().targets.find((t) => t.id === 'a')!.health, 'healthy');
    for (let i = 0; i < 4; i++) {
      const r = await two.router.send({ tenant: 'ws', request: hello });
      assert.equal(r.record.servedBy!.targetId, 'b', `request ${i} avoided the resting target`);
    }
    assert.equal(two.provider.callsTo(endpointOf(settings, 'a')), 0, 'window two never called a');
    const skipped = (await two.router.send({ tenant: 'ws', request: hello })).record.skipped.find((s) => s.targetId === 'a');
    assert.match(skipped!.reason, /^cooling down for 15 s after 1 failures in 60 s \(last: a throttle\)$/);
    assert.equal(skipped!.retryAfterMs, 15_000);

    await clock.advance(15_000);
    const served = new Set<string>();
    for (let i = 0; i < 2; i++) served.add((await two.router.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId);
    assert.deepEqual([...served].sort(), ['a', 'b'], 'after the rest, window two uses a again');
    assert.equal(store.outstanding, 0);
  });

  it('a later cooldown wins over an earlier one, and a cooldown that has passed is forgotten', () => {
    const store = new MemoryLimitStore();
    const spec = { key: 't' };
    store.setCooldown('t', 5_000, 'first', 0);
    store.setCooldown('t', 3_000, 'shorter', 0);
    const denied = store.admit([spec], 1, 1_000);
    assert.ok(!denied.ok && denied.limit === 'cooldown' && denied.retryAfterMs === 4_000 && denied.reason === 'first');
    assert.ok(store.admit([spec], 1, 5_000).ok, 'admitted at exactly the end of the rest');
    store.setCooldown('t', 4_000, 'already over', 6_000);
    assert.ok(store.admit([spec], 1, 6_000).ok);
  });
});
