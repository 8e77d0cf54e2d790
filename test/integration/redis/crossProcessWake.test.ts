/**
 * A request waiting for a concurrency slot held by another process is woken when that
 * process frees it (issue 15, defect 3). Two routers in separate processes share
 * `maxConcurrent: 2` through Redis; every request fits well inside `maxQueueWaitMs`.
 */
import assert from 'node:assert/strict';
import { RedisServer } from '../../../src/bench/redisServer';
import { Worker, tally } from './workers';

const M = 'us.anthropic.claude-sonnet-4-6';

describe('shared limits on Redis: waiters learn of slots freed by another process', function () {
  this.timeout(90_000);
  let server: RedisServer;
  let workers: Worker[] = [];
  before(async () => (server = await RedisServer.start()));
  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await server?.dispose();
  });

  it('maxConcurrent 2: A sends 6 requests (~1.5 s of work), B sends 4 shortly after; all 10 are served, none waits out its deadline', async () => {
    const init = {
      settings: { targets: [{ id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', maxConcurrent: 2 }], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 10_000, retry: { maxAttempts: 1 } },
      redisUrl: server.url,
      keyPrefix: 'wake:',
      heartbeatMs: 300,
      probeMs: 150,
      commandTimeoutMs: 1_000,
      behaviours: { a: [{ kind: 'ok' as const, firstTokenMs: 500 }] },
    };
    const [a, b] = await Promise.all([Worker.start(init), Worker.start(init)]);
    workers = [a, b];
    const fromA = a.burst(6, 'ws');
    await new Promise((r) => setTimeout(r, 400));
    const fromB = b.burst(4, 'ws');
    const [ra, rb] = await Promise.all([fromA, fromB]);
    assert.deepEqual(tally(ra), { succeeded: 6 });
    assert.deepEqual(tally(rb), { succeeded: 4 }, `B: ${JSON.stringify(rb.filter((r) => r.outcome !== 'succeeded').map((r) => r.message))}`);
    const calls = (await a.state()).calls.a! + (await b.state()).calls.a!;
    assert.equal(calls, 10);
  });
});
