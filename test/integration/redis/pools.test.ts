import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ManualClock } from '../../../src/core/clock';
import { seededRandom } from '../../../src/core/rng';
import { RedisLimitStore, Router, RouterError, resolveSettings } from '../../../src/router';
import { RedisServer } from '../../../src/bench/redisServer';
import { FakeProvider } from '../../support/fakeProvider';
import { hello } from '../../support/routerFixtures';

const US = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('shared limits on Redis: Bedrock quota pools', function () {
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

  /** One window: its own Redis connection and router, with one target on the shared pool. */
  async function window(clock: ManualClock, id: string, model: string) {
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    await redis.connect();
    clients.push(redis);
    const settings = {
      targets: [{ id, model, profile: 'shard-a', region: 'us-east-1' }],
      routes: [{ name: 'main', targets: [id] }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: US, tpm: 1_000 }],
      maxQueueWaitMs: 0,
    };
    const provider = new FakeProvider(clock);
    provider.on({ model, profile: 'shard-a', region: 'us-east-1' }, Array.from({ length: 20 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    return new Router({ config: resolveSettings(settings), provider, clock, store: new RedisLimitStore({ redis, keyPrefix: 'pools1:' }), random: seededRandom(1) });
  }

  it('two windows with different targets on one pool share its TPM through Redis, counted with burndown', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const routers = [await window(clock, 'us', US), await window(clock, 'global', GLOBAL)];
    let served = 0;
    let refusal: RouterError | undefined;
    for (let i = 0; i < 20 && !refusal; i++) {
      try {
        await routers[i % 2]!.send({ tenant: 'ws', request: hello });
        served++;
      } catch (err) {
        assert.ok(RouterError.isInstance(err));
        refusal = err;
      }
    }
    // Each answer settles to 10 + 20 x 5 = 110 in the pool; a 10th reservation (7 + 100) no longer fits in 1,000.
    assert.equal(served, 9);
    assert.match(refusal!.message, /Bedrock quota pool is at its limit of 1000 tokens per minute/);
  });
});
