import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ManualClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { createLimitStore, RedisLimitStore, Router, resolveSettings, type LimitStore } from '../../../src/router';
import { RedisServer } from '../../../src/bench/redisServer';
import { FakeProvider } from '../../support/fakeProvider';
import { hello } from '../../support/routerFixtures';

const US = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const THROTTLE = { kind: 'error' as const, error: 'throttled' as const, message: 'Too many tokens, please wait before trying again.' };

describe('shared limits on Redis: learnt pool limits', function () {
  this.timeout(60_000);
  let server: RedisServer;
  const clients: Redis[] = [];

  before(async () => {
    server = await RedisServer.start();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await server?.dispose();
  });

  async function connect(): Promise<Redis> {
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    await redis.connect();
    clients.push(redis);
    return redis;
  }

  /** One window: a router with target a on shard-a's Sonnet pool (10,000 TPM typed), spilling to b in shard-b. */
  function window(clock: ManualClock, store: LimitStore, behaviour: (n: number) => { kind: 'ok'; inputTokens: number; outputTokens: number } | typeof THROTTLE) {
    const settings = {
      targets: [
        { id: 'a', model: US, profile: 'shard-a', region: 'us-east-1' },
        { id: 'b', model: US, profile: 'shard-b', region: 'us-east-1' },
      ],
      routes: [
        { name: 'main', targets: ['a'], fallbacks: ['spill'] },
        { name: 'spill', targets: ['b'] },
      ],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: US, tpm: 10_000 }],
      maxQueueWaitMs: 0,
    };
    const provider = new FakeProvider(clock);
    provider.on({ model: US, profile: 'shard-a', region: 'us-east-1' }, behaviour);
    provider.on({ model: US, profile: 'shard-b', region: 'us-east-1' }, () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    return new Router({ config: resolveSettings(settings), provider, clock, store, random: seededRandom(1) });
  }

  /** Polls (bounded) until the router's snapshot shows a learnt limit: a shared store answers from a cache refreshed in the background. */
  async function learntOf(router: Router, want: (v: number | undefined) => boolean): Promise<number | undefined> {
    let v: number | undefined;
    for (let i = 0; i < 100; i++) {
      v = router.snapshot().pools.find((p) => p.targets.includes('a'))!.limits.learntTpm;
      if (want(v)) return v;
      await delay(20);
    }
    return v;
  }

  it('a back-off learnt in one window holds in another through Redis (one key per pool), and the newest value wins', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const redisA = await connect();
    const storeA = new RedisLimitStore({ redis: redisA, keyPrefix: 'learnt1:', usageMaxAgeMs: 0 });
    const storeB = new RedisLimitStore({ redis: await connect(), keyPrefix: 'learnt1:', usageMaxAgeMs: 0 });
    const a = window(clock, storeA, (n) => (n === 5 ? THROTTLE : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    const b = window(clock, storeB, () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    for (let i = 0; i < 6; i++) await a.send({ tenant: 'ws', request: hello }).catch(() => undefined);
    assert.equal(a.snapshot().pools.find((p) => p.targets.includes('a'))!.limits.learntTpm, 5_000, 'window A backed off (at most halving)');
    assert.equal(await learntOf(b, (v) => v !== undefined), 5_000, 'window B admits at what A learnt');
    const raw = await redisA.get('learnt1:pool:shard-a:us-east-1:anthropic.claude-sonnet-4-5-20250929-v1:0:cross-region:learnt');
    assert.match(raw ?? '', /^1700000000000\|\{"tpm":5000,"at":1700000000000,"decreasedAt":1700000000000\}$/);
    // An older value written late (a slow window) does not overwrite the newer one.
    await storeB.setLearnt('pool:shard-a:us-east-1:anthropic.claude-sonnet-4-5-20250929-v1:0:cross-region', { tpm: 9_000, at: clock.now() - 1_000, decreasedAt: clock.now() - 1_000 });
    assert.equal(storeB.learnt('pool:shard-a:us-east-1:anthropic.claude-sonnet-4-5-20250929-v1:0:cross-region')?.tpm, 5_000);
    // B's admissions to the pool now stop at the learnt 5,000 (A's 5 answers of 110 are in the minute); the rest spill to shard-b.
    let onA = 0;
    for (let i = 0; i < 80; i++) if ((await b.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId === 'a') onA++;
    assert.equal(onA, Math.floor((5_000 - 5 * 110 - 107) / 110) + 1);
  });

  it('Redis down: the failover store keeps learning in this process', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    // Nothing listens on port 1: the store decides on the local fallback at once.
    const handle = createLimitStore({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: 'learnt2:', connectTimeoutMs: 200 });
    try {
      assert.equal(await handle.ready(), 'local-fallback');
      const a = window(clock, handle.store, (n) => (n === 2 ? THROTTLE : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
      for (let i = 0; i < 3; i++) await a.send({ tenant: 'ws', request: hello });
      assert.equal(a.snapshot().pools.find((p) => p.targets.includes('a'))!.limits.learntTpm, 5_000);
      assert.equal(handle.store.learnt?.('pool:shard-a:us-east-1:anthropic.claude-sonnet-4-5-20250929-v1:0:cross-region', clock.now())?.tpm, 5_000, 'kept in the local store');
    } finally {
      await handle.close();
    }
  });
});
