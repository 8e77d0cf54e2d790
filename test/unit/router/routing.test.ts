import assert from 'node:assert/strict';
import { type RequestRecord, type RouterError } from '../../../src/router';
import { fallbackSettings, hello, makeRouter } from '../../support/routerFixtures';

async function sendAll(router: ReturnType<typeof makeRouter>['router'], n: number, tenant = 'ws') {
  return Promise.allSettled(Array.from({ length: n }, () => router.send({ tenant, request: hello })));
}

function servedCounts(results: PromiseSettledResult<{ record: RequestRecord }>[]) {
  const counts: Record<string, number> = {};
  for (const r of results) if (r.status === 'fulfilled') counts[r.value.record.servedBy!.targetId] = (counts[r.value.record.servedBy!.targetId] ?? 0) + 1;
  return counts;
}

describe('router: fallback and load balancing (the seed setups)', () => {
  it('primary 3 RPM, fallback 25 RPM, 10 concurrent: 3 primary, 7 fallback, 10 of 10 succeed', async () => {
    const { router, provider } = makeRouter(fallbackSettings());
    const results = await sendAll(router, 10);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.deepEqual(servedCounts(results), { primary: 3, fallback: 7 });
    assert.equal(provider.calls.length, 10, 'a target at its limit is skipped without a provider call');
    const fallbackRecords = results.flatMap((r) => (r.status === 'fulfilled' && r.value.record.servedBy!.targetId === 'fallback' ? [r.value.record] : []));
    assert.ok(fallbackRecords.every((rec) => rec.fallbackDepth === 1 && rec.skipped.some((s) => s.targetId === 'primary' && /limit of 3 requests per minute/.test(s.reason))));
  });

  it('two primaries of 3 RPM shuffled with a 25 RPM fallback: 3, 3 and 4', async () => {
    for (const strategy of ['shuffle', 'round-robin', 'least-busy', 'latency'] as const) {
      const s = fallbackSettings();
      s.targets!.push({ id: 'primary-2', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 3, tpm: 100_000 });
      s.routes![0] = { name: 'main', targets: ['primary', 'primary-2'], strategy, fallbacks: ['backup'] };
      const { router } = makeRouter(s);
      const results = await sendAll(router, 10);
      assert.deepEqual(servedCounts(results), { primary: 3, 'primary-2': 3, fallback: 4 }, strategy);
    }
  });

  it('shuffle spreads traffic in proportion to each target\'s rpm unless a weight is set', async () => {
    const s = fallbackSettings();
    s.targets = [
      { id: 'big', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 3000 },
      { id: 'small', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', rpm: 1000 },
    ];
    s.routes = [{ name: 'main', targets: ['big', 'small'], strategy: 'shuffle' }];
    const byRpm = servedCounts(await sendAll(makeRouter(s).router, 800));
    assert.ok(Math.abs(byRpm.big! / 800 - 0.75) < 0.05, JSON.stringify(byRpm));
    s.targets[0]!.weight = 1;
    s.targets[1]!.weight = 1;
    const even = servedCounts(await sendAll(makeRouter(s).router, 800));
    assert.ok(Math.abs(even.big! / 800 - 0.5) < 0.05, JSON.stringify(even));
  });

  it('a route name that does not exist is a config error naming the routes', async () => {
    const { router } = makeRouter(fallbackSettings());
    await assert.rejects(router.send({ tenant: 'ws', route: 'nope', request: hello }), (e: RouterError) => e.kind === 'config' && /No route named "nope". Routes: main, backup/.test(e.message));
  });
});
