import assert from 'node:assert/strict';
import { MemoryLimitStore } from '../../../src/router';
import { SlidingWindow } from '../../../src/router/limits/slidingWindow';
import { hello, makeRouter } from '../../support/routerFixtures';

describe('limits', () => {
  it('a sliding window counts entries for exactly one window and settles amounts', () => {
    const w = new SlidingWindow(60_000);
    const e = w.add(0, 100);
    w.add(30_000, 50);
    assert.equal(w.used(59_999), 150);
    assert.equal(w.retryAfter(59_999, 60, 200), 2, 'the first entry expires 2 ms later');
    w.settle(e, 10, 59_999);
    assert.equal(w.used(59_999), 60);
    assert.equal(w.used(60_000), 50);
    assert.equal(w.used(90_000), 0);
    assert.equal(w.retryAfter(0, 300, 200), undefined, 'more than the limit can never fit');
  });

  it('the store admits all of a request\'s limits or none of them', () => {
    const store = new MemoryLimitStore();
    const target = { key: 't', rpm: 5 };
    const tenant = { key: 'w', rpm: 1 };
    assert.ok(store.admit([target, tenant], 1, 0).ok);
    const denied = store.admit([target, tenant], 1, 0);
    assert.ok(!denied.ok && denied.key === 'w' && denied.limit === 'rpm');
    assert.equal(store.usage('t', 0).rpm, 1, 'the target was not charged for the denied request');
  });

  it('TPM reservations are settled with real usage, freeing what was not used', () => {
    const store = new MemoryLimitStore();
    const spec = { key: 't', tpm: 1000 };
    const a = store.admit([spec], 800, 0);
    assert.ok(a.ok);
    assert.ok(!store.admit([spec], 300, 1).ok);
    store.finish(a.lease, 100, 2);
    assert.equal(store.usage('t', 2).tpm, 100);
    assert.ok(store.admit([spec], 300, 3).ok);
  });

  it('a daily token budget resets at midnight UTC', () => {
    const store = new MemoryLimitStore();
    const day = 86_400_000;
    const spec = { key: 'w', tokensPerDay: 1000 };
    const a = store.admit([spec], 900, day + 10);
    assert.ok(a.ok);
    const denied = store.admit([spec], 200, day + 20);
    assert.ok(!denied.ok && denied.limit === 'tokensPerDay' && denied.retryAfterMs === day - 20);
    assert.ok(store.admit([spec], 200, 2 * day).ok);
  });

  it('a window entry counts from when the service accepted the request, not from admission', async () => {
    const { router, provider, endpoint, clock } = makeRouter({
      targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 1 }],
      routes: [{ name: 'main', targets: ['a'] }],
      maxQueueWaitMs: 0,
    });
    provider.on(endpoint('a'), [{ kind: 'ok', acceptedAfterMs: 300 }]);
    const first = router.send({ tenant: 'ws', request: hello });
    await clock.advance(300);
    await first;
    await clock.advance(60_000 - 300 + 1); // a minute after admission, but not after acceptance
    await assert.rejects(router.send({ tenant: 'ws', request: hello }), /at its limit of 1 requests per minute \(free in 300 ms\)/);
    await clock.advance(300);
    const next = router.send({ tenant: 'ws', request: hello });
    await clock.advance(300);
    assert.equal((await next).record.servedBy!.targetId, 'a');
  });

  describe('1000 concurrent requests: zero over-admission', () => {
    for (const strategy of ['shuffle', 'round-robin', 'least-busy', 'latency'] as const) {
      it(`holds target RPM, TPM and concurrency and tenant RPM exactly (${strategy})`, async () => {
        const { router, provider, store, clock, endpoint } = makeRouter({
          targets: [
            { id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 37 },
            { id: 'b', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-b', region: 'us-west-2', tpm: 5_000 },
            { id: 'c', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-c', region: 'us-east-2', maxConcurrent: 3, rpm: 100 },
          ],
          routes: [{ name: 'main', targets: ['a', 'b', 'c'], strategy }],
          quotas: { default: { rpm: 1000 }, workspaces: { small: { rpm: 11 } } },
          maxQueueWaitMs: 0,
        });
        provider.on(endpoint('c'), [{ kind: 'ok', firstTokenMs: 1_000 }]);
        const settled = Promise.allSettled(Array.from({ length: 1000 }, (_, i) => router.send({ tenant: i % 2 === 0 ? 'small' : 'big', request: { ...hello, maxTokens: 190 } })));
        await clock.advance(1_000); // lets the three slow calls on c finish
        const results = await settled;
        const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof router.send>>>).value);
        const by = (id: string) => ok.filter((r) => r.record.servedBy!.targetId === id).length;
        assert.equal(provider.callsTo(endpoint('a')), 37, 'target a: exactly its 37 RPM');
        // Each request reserves about 197 tokens (input estimate + maxTokens 190) against b's 5000 TPM.
        assert.equal(provider.callsTo(endpoint('b')), Math.floor(5_000 / 197), 'target b: exactly what fits in 5000 TPM');
        assert.equal(ok.length, 37 + 25 + 3);
        assert.equal(by('c'), 3, 'target c: 3 in flight at once, nothing frees within the request');
        const small = results.filter((_, i) => i % 2 === 0);
        assert.equal(small.filter((r) => r.status === 'fulfilled' || (r.status === 'rejected' && (r.reason as { skipped: unknown[] }).skipped.length > 0)).length, 11, 'tenant "small": exactly 11 admitted (a request refused by the tenant quota names no target)');
        assert.equal(store.outstanding, 0, 'every reservation settled');
        assert.equal(store.inFlightTotal, 0, 'every concurrency slot released');
        assert.equal(router.stats.totals.requests, 1000, 'nothing lost or counted twice');
        assert.equal(router.stats.totals.succeeded + router.stats.totals.failed + router.stats.totals.rateLimited, 1000);
      });
    }
  });
});
