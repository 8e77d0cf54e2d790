import assert from 'node:assert/strict';
import { resolveSettings, type RouterError, type RouterEvent, type SettingsInput } from '../../../src/router';
import { fallbackSettings, hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';
const settings = (): SettingsInput => ({
  targets: [
    { id: 'a', model: M, profile: 'shard-a', region: 'us-east-1', rpm: 10, tpm: 10_000, maxConcurrent: 2 },
    { id: 'b', model: M, profile: 'shard-b', region: 'us-west-2' },
  ],
  routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'round-robin' }],
  quotas: { default: { rpm: 100, tpm: 100_000 } },
});

describe('router: streaming, cancellation and live configuration', () => {
  it('streams text deltas in order, then stop, usage and the record', async () => {
    const { router, provider, endpoint } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'ok', text: 'one two three four', chunks: 4 }]);
    const types: string[] = [];
    let text = '';
    for await (const e of router.stream({ tenant: 'ws', request: hello })) {
      types.push(e.type);
      if (e.type === 'text') text += e.text;
    }
    assert.equal(text, 'one two three four');
    assert.deepEqual(types, ['served', 'text', 'text', 'text', 'text', 'stop', 'usage', 'record']);
  });

  it('a failure after the first token ends the stream with an error and no duplicated text', async () => {
    const { router, provider, endpoint } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'midstream', afterChunks: 3 }]);
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const e of router.stream({ tenant: 'ws', request: hello })) if (e.type === 'text') text += e.text;
      })(),
      (e: RouterError) => e.kind === 'interrupted' && /The answer from a stopped after about \d+ tokens/.test(e.message) && e.record!.outcome === 'failed',
    );
    assert.equal(text, 'chunk0 chunk1 chunk2 ');
    assert.equal(provider.calls.length, 1, 'no second attempt once text was shown');
  });

  it('aborting the signal aborts the provider call, frees the slot and settles the reservation', async () => {
    const { router, provider, endpoint, store, clock } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'hang' }]);
    const ac = new AbortController();
    const p = router.send({ tenant: 'ws', request: hello, signal: ac.signal });
    await clock.advance(10);
    assert.equal(provider.active, 1);
    ac.abort();
    await assert.rejects(p, (e: RouterError) => e.kind === 'cancelled' && e.record!.outcome === 'cancelled');
    assert.equal(provider.active, 0);
    assert.equal(store.outstanding, 0);
    assert.equal(store.inFlightTotal, 0);
    const a = router.snapshot().targets.find((t) => t.id === 'a')!;
    assert.equal(a.usage.inFlight, 0);
    assert.equal(a.usage.tpm, 0, 'the token reservation was settled to what was used: nothing');
    assert.equal(a.health, 'healthy', 'a cancellation is not the target\'s failure');
  });

  it('a consumer that stops reading mid-stream cancels the call and settles everything', async () => {
    const { router, provider, endpoint, store, clock } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'ok', text: 'aaaa bbbb cccc dddd', chunks: 4, chunkMs: 100 }]);
    const records: string[] = [];
    router.onRecord((r) => records.push(r.outcome));
    const it = router.stream({ tenant: 'ws', request: hello });
    let e: IteratorResult<RouterEvent>;
    do e = await it.next();
    while (!e.done && e.value.type !== 'text');
    await it.return(undefined);
    await clock.advance(1_000);
    assert.equal(provider.active, 0);
    assert.equal(store.outstanding, 0);
    assert.deepEqual(records, ['cancelled']);
    assert.equal(router.activeRequests, 0);
  });

  it('the snapshot counts requests in flight on a target without a concurrency limit', async () => {
    const { router, provider, endpoint, clock } = makeRouter(settings());
    provider.on(endpoint('b'), [{ kind: 'ok', firstTokenMs: 1_000 }]);
    const p = router.send({ tenant: 'ws', route: 'main', request: hello });
    const q = router.send({ tenant: 'ws', route: 'main', request: hello });
    await clock.advance(10);
    const b = () => router.snapshot().targets.find((t) => t.id === 'b')!;
    assert.equal(b().usage.inFlight, 1);
    await clock.advance(1_000);
    await Promise.all([p, q]);
    assert.equal(b().usage.inFlight, 0);
  });

  it('tool calls stream as toolUse events', async () => {
    const { router, provider, endpoint } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'tool', name: 'getWeather', input: { city: 'Paris' } }]);
    const r = await router.send({ tenant: 'ws', request: hello });
    assert.deepEqual(r.toolUses, [{ toolUseId: 'tool-1', name: 'getWeather', input: { city: 'Paris' } }]);
    assert.equal(r.stopReason, 'tool_use');
  });

  it('records usage and an estimated cost from list prices', async () => {
    const { router, provider, endpoint } = makeRouter(settings());
    provider.on(endpoint('a'), [{ kind: 'ok', inputTokens: 1_000_000, outputTokens: 100_000 }]);
    const r = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r.record.costUsd, 3 + 1.5, 'Sonnet 4.6: $3 in, $15 out per million');
  });

  it('a new configuration applies to new requests; unchanged targets keep their limits and health', async () => {
    const { router, provider, endpoint } = makeRouter(fallbackSettings());
    for (let i = 0; i < 3; i++) await router.send({ tenant: 'ws', request: hello });
    const s = fallbackSettings();
    s.targets![0]!.rpm = 4;
    router.configure(resolveSettings(s));
    const r1 = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r1.record.servedBy!.targetId, 'primary', 'the 4th request fits the raised limit: the window carried over');
    const r2 = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r2.record.servedBy!.targetId, 'fallback');
    s.targets![0]!.region = 'us-west-2';
    router.configure(resolveSettings(s));
    const r3 = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r3.record.servedBy!.targetId, 'primary', 're-pointing a target starts it afresh');
    assert.equal(provider.callsTo({ ...endpoint('primary'), region: 'us-west-2' }), 1);
  });

  it('in-flight requests finish on the configuration they started with', async () => {
    const { router, provider, endpoint, clock } = makeRouter(fallbackSettings());
    provider.on(endpoint('primary'), [{ kind: 'ok', firstTokenMs: 1_000, text: 'old route' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(10);
    const s = fallbackSettings();
    s.routes = [{ name: 'main', targets: ['fallback'] }, { name: 'backup', targets: ['fallback'] }];
    router.configure(resolveSettings(s));
    await clock.advance(1_000);
    assert.equal((await p).text, 'old route');
    const next = await router.send({ tenant: 'ws', request: hello });
    assert.equal(next.record.servedBy!.targetId, 'fallback');
  });

  it('notifies listeners of each finished request and of state changes', async () => {
    const { router } = makeRouter(settings());
    let changes = 0;
    const records: string[] = [];
    const d1 = router.onChange(() => changes++);
    const d2 = router.onRecord((r) => records.push(`${r.tenant}:${r.outcome}`));
    await router.send({ tenant: 'ws', request: hello });
    d1.dispose();
    d2.dispose();
    await router.send({ tenant: 'ws', request: hello });
    assert.deepEqual(records, ['ws:succeeded']);
    assert.ok(changes >= 2);
  });
});
