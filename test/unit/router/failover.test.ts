import assert from 'node:assert/strict';
import { type RouterError, type SettingsInput } from '../../../src/router';
import { CREDENTIALS_RECHECK_MS } from '../../../src/router/health';
import { hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';
function twoTargets(extra: Partial<SettingsInput> = {}): SettingsInput {
  return {
    targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1' },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2' },
    ],
    routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'round-robin' }],
    ...extra,
  };
}
const isKind = (kind: string, pattern?: RegExp) => (e: RouterError) => e.kind === kind && (!pattern || pattern.test(e.message));

describe('router: failures, retries and cooldowns', () => {
  it('a throttled target fails over to another target, invisibly, with the path recorded', async () => {
    const { router, provider, endpoint } = makeRouter(twoTargets());
    provider.on(endpoint('a'), [{ kind: 'error', error: 'throttled' }, { kind: 'ok' }]);
    const events: string[] = [];
    let text = '';
    for await (const e of router.stream({ tenant: 'ws', request: hello })) {
      if (e.type === 'progress') events.push(e.message);
      if (e.type === 'text') text += e.text;
      if (e.type === 'record') {
        assert.deepEqual(e.record.attempts.map((a) => [a.targetId, a.outcome]), [['a', 'throttled'], ['b', 'ok']]);
        assert.equal(e.record.servedBy!.targetId, 'b');
      }
    }
    assert.equal(text, 'answer from shard-b/us-west-2', 'only the serving target\'s text');
    assert.deepEqual(events, ['a was throttled; trying b']);
  });

  for (const [kind, pattern] of [
    ['invalid-request', /Bedrock rejected the request \(target a/],
    ['access-denied', /Access denied for target a \(profile shard-a, us-east-1/],
  ] as const) {
    it(`${kind} is never retried and reaches the caller as a clear message`, async () => {
      const { router, provider, endpoint } = makeRouter(twoTargets());
      provider.on(endpoint('a'), [{ kind: 'error', error: kind, message: 'fake message.' }]);
      await assert.rejects(router.send({ tenant: 'ws', request: hello }), isKind(kind, pattern));
      assert.equal(provider.calls.length, 1);
    });
  }

  it('retries the same target after a full-jitter backoff when it is the only one', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), routes: [{ name: 'main', targets: ['a'] }] });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'unavailable' }, { kind: 'ok' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(0);
    assert.equal(provider.calls.length, 1, 'the retry waits for its backoff');
    await clock.advance(200); // baseDelayMs: the first backoff is at most 200 ms
    const r = await p;
    assert.equal(r.record.attempts.length, 2);
    assert.ok(provider.calls[1]!.startedAt - provider.calls[0]!.startedAt <= 200);
  });

  it('gives up after retry.maxAttempts with every attempt in the message', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), retry: { maxAttempts: 3 }, cooldown: { failures: 100 } });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'unavailable', message: 'Service unavailable.' }]);
    provider.on(endpoint('b'), [{ kind: 'error', error: 'unavailable', message: 'Service unavailable.' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    p.catch(() => {}); // rejects while the clock advances; asserted below
    await clock.advance(10_000);
    await assert.rejects(p, isKind('unavailable', /gave up after 3 attempts \(retry\.maxAttempts\).*Last error: Service unavailable\./));
    assert.equal(provider.calls.length, 3);
  });

  it('the retry budget stops retries from snowballing across requests', async () => {
    const ctx = makeRouter({ ...twoTargets(), retry: { budgetPercent: 0, minRetriesPerSecond: 0.5 }, cooldown: { failures: 1000 } });
    const { router, provider, endpoint } = ctx;
    provider.on(endpoint('a'), [{ kind: 'error', error: 'throttled' }]);
    provider.on(endpoint('b'), [{ kind: 'error', error: 'throttled' }]);
    const { clock } = ctx;
    const settled = Promise.allSettled(Array.from({ length: 20 }, () => router.send({ tenant: 'ws', request: hello })));
    await clock.advance(10_000);
    const results = await settled;
    assert.equal(results.filter((r) => r.status === 'rejected').length, 20);
    // 20 first attempts, and only the 5 retries the budget allows (0.5/s over a 10 s window).
    assert.equal(provider.calls.length, 25);
    assert.ok(results.some((r) => r.status === 'rejected' && /retry budget is spent/.test((r.reason as Error).message)));
  });

  it('a target that fails N times in the window cools down, then gets one probe before full traffic', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), cooldown: { failures: 2, windowMs: 60_000, durationMs: 15_000 }, routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'round-robin' }] });
    let aFails = true;
    provider.on(endpoint('a'), () => (aFails ? { kind: 'error', error: 'throttled' } : { kind: 'ok', firstTokenMs: 100 }));
    await router.send({ tenant: 'ws', request: hello });
    await router.send({ tenant: 'ws', request: hello });
    const snap = () => router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(snap().health, 'cooling');
    assert.match(snap().healthLabel, /cooling down \(15 s left\)/);
    const before = provider.callsTo(endpoint('a'));
    await router.send({ tenant: 'ws', request: hello });
    assert.equal(provider.callsTo(endpoint('a')), before, 'no calls while cooling');
    await clock.advance(15_000);
    aFails = false;
    // Two requests at once: the probe goes to a; the other request must not pile onto a.
    const both = [router.send({ tenant: 'ws', request: hello }), router.send({ tenant: 'ws', request: hello })];
    await clock.advance(0);
    assert.equal(snap().health, 'half-open');
    await clock.advance(100);
    const served = (await Promise.all(both)).map((r) => r.record.servedBy!.targetId).sort();
    assert.deepEqual(served, ['a', 'b']);
    assert.equal(snap().health, 'healthy');
    assert.ok((await Promise.all(both)).some((r) => r.record.attempts[0]!.probe));
  });

  it('a failed probe sends the target back to rest', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), cooldown: { failures: 1, durationMs: 1_000 } });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'model-not-ready' }]);
    await router.send({ tenant: 'ws', request: hello });
    await clock.advance(1_000);
    await router.send({ tenant: 'ws', request: hello });
    const a = router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a.health, 'cooling');
    assert.match(a.reason!, /on the probe request/);
  });

  it('each failed probe doubles the rest, up to 16 times the cooldown', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), cooldown: { failures: 1, durationMs: 1_000 } });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'model-not-ready' }]);
    await router.send({ tenant: 'ws', request: hello });
    const rests: number[] = [];
    for (let i = 0; i < 6; i++) {
      await clock.advance(router.snapshot().targets.find((t) => t.id === 'a')!.retryInMs!);
      await router.send({ tenant: 'ws', request: hello });
      rests.push(router.snapshot().targets.find((t) => t.id === 'a')!.retryInMs!);
    }
    assert.deepEqual(rests, [2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
    assert.equal(provider.callsTo(endpoint('a')), 7, 'one probe per rest');
  });

  it('after an outage-like failure in a Region, targets elsewhere are tried first until that Region answers again', async () => {
    const { router, provider, endpoint } = makeRouter({
      targets: [
        { id: 'east-1', model: M, profile: 'shard-a', region: 'us-east-1' },
        { id: 'east-2', model: M, profile: 'shard-b', region: 'us-east-1' },
        { id: 'west', model: M, profile: 'shard-a', region: 'us-west-2' },
      ],
      routes: [{ name: 'main', targets: ['east-1', 'east-2', 'west'], strategy: 'round-robin' }],
      cooldown: { failures: 100 },
    });
    provider.on(endpoint('east-1'), [{ kind: 'error', error: 'unavailable' }, { kind: 'ok' }]);
    const first = await router.send({ tenant: 'ws', request: hello });
    assert.deepEqual(first.record.attempts.map((a) => a.targetId), ['east-1', 'west'], 'fails over out of the Region, not to east-2');
    for (let i = 0; i < 3; i++) assert.equal((await router.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId, 'west');
    assert.equal(provider.callsTo(endpoint('east-2')), 0);
  });

  it('honours a Retry-After from the service', async () => {
    const { router, provider, endpoint } = makeRouter(twoTargets());
    provider.on(endpoint('a'), [{ kind: 'error', error: 'throttled', retryAfterMs: 30_000 }]);
    await router.send({ tenant: 'ws', request: hello });
    const a = router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a.health, 'cooling');
    assert.equal(a.retryInMs, 30_000);
  });

  it('expired credentials mark the shard unhealthy with its fix, and requests go elsewhere', async () => {
    const { router, provider, endpoint, clock } = makeRouter(twoTargets());
    const msg = 'The SSO session for profile shard-a has expired. Run: aws sso login --profile shard-a';
    provider.on(endpoint('a'), [{ kind: 'error', error: 'credentials', message: msg }]);
    const r = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r.record.servedBy!.targetId, 'b');
    const a = router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a.health, 'credentials');
    assert.equal(a.reason, msg);
    for (let i = 0; i < 4; i++) await router.send({ tenant: 'ws', request: hello });
    assert.equal(provider.callsTo(endpoint('a')), 1, 'not called again until the recheck');
    await clock.advance(CREDENTIALS_RECHECK_MS);
    await router.send({ tenant: 'ws', request: hello });
    await router.send({ tenant: 'ws', request: hello });
    assert.equal(provider.callsTo(endpoint('a')), 2, 'one probe after the recheck period');
  });

  it('when every shard has a credentials problem, the error is the credentials message', async () => {
    const { router, provider, endpoint } = makeRouter({ ...twoTargets(), routes: [{ name: 'main', targets: ['a'] }] });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'credentials', message: 'Run: aws sso login --profile shard-a' }]);
    await assert.rejects(router.send({ tenant: 'ws', request: hello }), (e: RouterError) => e.kind === 'credentials' && /aws sso login --profile shard-a/.test(e.message));
  });

  it('a hung attempt hits the first-token timeout, is aborted, and the next target serves', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), timeouts: { firstTokenMs: 5_000, totalMs: 60_000 } });
    provider.on(endpoint('a'), [{ kind: 'hang' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(5_000);
    const r = await p;
    assert.deepEqual(r.record.attempts.map((a) => a.outcome), ['timeout', 'ok']);
    assert.match(r.record.attempts[0]!.message!, /a sent no first token within 5\.0 s \(timeouts\.firstTokenMs\)/);
    assert.equal(provider.active, 0, 'the hung call was aborted');
  });

  it('the total timeout ends a slow stream with an interrupted error after its first token', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), timeouts: { firstTokenMs: 1_000, totalMs: 2_000 } });
    provider.on(endpoint('a'), [{ kind: 'ok', chunks: 5, chunkMs: 1_000, text: 'aaaaabbbbbcccccdddddeeeee' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    p.catch(() => {}); // rejects while the clock advances; asserted below
    await clock.advance(5_000);
    await assert.rejects(p, isKind('interrupted', /The answer from a stopped after about \d+ tokens: a did not finish within 2\.0 s/));
  });

  it('skips targets whose context window is smaller than the input', async () => {
    const { router } = makeRouter({ ...twoTargets(), targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', contextWindow: 100 },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2' },
    ] });
    const big = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x'.repeat(2_000) }] }] };
    for (let i = 0; i < 3; i++) {
      const r = await router.send({ tenant: 'ws', request: big });
      assert.equal(r.record.servedBy!.targetId, 'b');
      if (i === 0) assert.match(r.record.skipped.find((s) => s.targetId === 'a')?.reason ?? '', /exceeds its context window of 100 tokens/);
    }
  });

  it('a request too large for every target is an invalid request, refused before any call', async () => {
    const { router, provider } = makeRouter({ ...twoTargets(), targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', contextWindow: 100 },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2', contextWindow: 100 },
    ] });
    const big = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x'.repeat(2_000) }] }] };
    await assert.rejects(router.send({ tenant: 'ws', request: big }), isKind('invalid-request', /too large for every target of route "main".*Shorten the conversation/));
    assert.equal(provider.calls.length, 0);
  });

  it('while a probe is in flight, other requests wait for its outcome instead of failing', async () => {
    const { router, provider, endpoint, clock } = makeRouter({ ...twoTargets(), routes: [{ name: 'main', targets: ['a'] }], cooldown: { failures: 1, durationMs: 1_000 }, maxQueueWaitMs: 10_000 });
    provider.on(endpoint('a'), [{ kind: 'error', error: 'model-not-ready' }, { kind: 'ok', firstTokenMs: 500 }, { kind: 'ok' }]);
    const first = router.send({ tenant: 'ws', request: hello }); // fails, then waits out the rest and probes
    await clock.advance(1_010);
    const second = router.send({ tenant: 'ws', request: hello });
    await clock.advance(10);
    assert.equal(provider.calls.length, 2, 'the second request does not pile onto the half-open target');
    await clock.advance(600);
    const records = (await Promise.all([first, second])).map((r) => r.record);
    assert.equal(records.filter((r) => r.attempts.at(-1)!.probe).length, 1, 'one of them probed');
    const other = records.find((r) => !r.attempts.at(-1)!.probe)!;
    assert.equal(other.outcome, 'succeeded', 'the other waited for the probe and was served');
    assert.ok(other.waitedMs > 0);
  });

  it('when everything is limited, waits for the earliest recovery within maxQueueWaitMs', async () => {
    const { router, clock, provider } = makeRouter({ ...twoTargets(), targets: [{ id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', rpm: 1 }], routes: [{ name: 'main', targets: ['a'] }], maxQueueWaitMs: 90_000 });
    await router.send({ tenant: 'ws', request: hello });
    await clock.advance(30_000);
    const progress: string[] = [];
    const p = (async () => {
      for await (const e of router.stream({ tenant: 'ws', request: hello })) if (e.type === 'progress') progress.push(e.message);
    })();
    await clock.advance(29_000);
    assert.equal(provider.calls.length, 1);
    await clock.advance(1_100);
    await p;
    assert.equal(provider.calls.length, 2);
    assert.match(progress[0]!, /waiting up to 30 s/);
  });

  it('refuses at once as rate limited (not failed), with every target and when the first frees up, when recovery is too far away', async () => {
    const { router } = makeRouter({ ...twoTargets(), targets: [
      { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', rpm: 1 },
      { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2', rpm: 1 },
    ], maxQueueWaitMs: 1_000 });
    await router.send({ tenant: 'ws', request: hello });
    await router.send({ tenant: 'ws', request: hello });
    await assert.rejects(router.send({ tenant: 'ws', request: hello }), (e: RouterError) =>
      e.kind === 'rate-limited' && /^Every target of route "main" is at its limit\. The first one frees up in 60 s\. a: at its limit of 1 requests per minute \(free in 60 s\); b: at its limit of 1 requests per minute \(free in 60 s\)\.$/.test(e.message) && e.retryAfterMs === 60_001 && e.summary === 'Every target of route "main" is at its limit. The first one frees up in 60 s.');
    const totals = router.stats.totals;
    assert.deepEqual({ succeeded: totals.succeeded, rateLimited: totals.rateLimited, failed: totals.failed }, { succeeded: 2, rateLimited: 1, failed: 0 }, 'counted as rate limited, not failed');
    assert.equal(router.stats.recent.at(-1)?.outcome, 'rate-limited');
  });

  it('a tenant over its quota gets a rate-limited error with the time until it may retry', async () => {
    const { router, clock, provider } = makeRouter({ ...twoTargets(), quotas: { workspaces: { A: { rpm: 3 } } } });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => router.send({ tenant: 'A', request: hello })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(rejected.length, 2);
    for (const r of rejected) {
      assert.equal(r.reason.kind, 'rate-limited');
      assert.match(r.reason.message, /Workspace "A" has used its quota of 3 requests per minute; try again in 60 s/);
    }
    assert.equal(provider.calls.length, 3, 'no provider call for a rate-limited request');
    await clock.advance(60_001);
    await router.send({ tenant: 'A', request: hello });
    assert.equal(router.snapshot().tenants.find((t) => t.name === 'A')!.rateLimited, 2);
  });
});
