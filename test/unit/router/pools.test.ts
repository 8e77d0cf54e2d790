import assert from 'node:assert/strict';
import { type SettingsInput, RouterError, validateSettings } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const US_SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const GLOBAL_SONNET = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const SONNET_TPM = 'Cross-Region InvokeModel tokens per minute for Anthropic Claude Sonnet 4.5';

/** Two targets of one account, Region and model through two profiles: one cross-Region pool. */
function twoOnOnePool(pools: SettingsInput['pools'] = [{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 1_000 }]): SettingsInput {
  return {
    targets: [
      { id: 'us', model: US_SONNET, profile: 'shard-a', region: 'us-east-1' },
      { id: 'global', model: GLOBAL_SONNET, profile: 'shard-a', region: 'us-east-1' },
    ],
    routes: [{ name: 'main', targets: ['us', 'global'], strategy: 'round-robin' }],
    pools,
    maxQueueWaitMs: 0,
  };
}

/** Sends until the router refuses; returns how many were served and the refusal. */
async function sendUntilRefused(router: ReturnType<typeof makeRouter>['router'], limit = 100): Promise<{ served: number; error: RouterError }> {
  for (let served = 0; served < limit; served++) {
    try {
      await router.send({ tenant: 'ws', request: hello });
    } catch (err) {
      assert.ok(RouterError.isInstance(err));
      return { served, error: err };
    }
  }
  assert.fail(`the router never refused in ${limit} requests`);
}

describe('router: Bedrock quota pools', () => {
  it('two targets on one pool share its TPM, counted as Bedrock counts it: output x 5 for Claude', async () => {
    const { router, provider, endpoint } = makeRouter(twoOnOnePool());
    // Each answer: 10 input + 20 output tokens. Bedrock settles 10 + 20 x 5 = 110; the reservation is input (7, estimated) + maxTokens 100.
    for (const id of ['us', 'global']) provider.on(endpoint(id), Array.from({ length: 50 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    const { served, error } = await sendUntilRefused(router);
    // 9 x 110 = 990; a 10th reservation of 107 does not fit in 1,000. Counted 1:1 (30 each), 31 would.
    assert.equal(served, 9);
    assert.match(error.message, /Bedrock quota pool is at its limit of 1000 tokens per minute/);
    const snap = router.snapshot();
    assert.equal(snap.pools.length, 1, 'one pool for both targets');
    assert.deepEqual(snap.pools[0]!.targets, ['us', 'global']);
    assert.equal(snap.pools[0]!.usage.tpm, 990);
    assert.deepEqual(snap.pools[0]!.limits, { tpm: 1_000, tpmSource: 'typed' });
    const perTarget = snap.targets.map((t) => t.succeeded);
    assert.ok(perTarget[0]! > 0 && perTarget[1]! > 0, `both targets served (${perTarget.join(', ')})`);
    assert.equal(snap.targets[0]!.usage.tpm + snap.targets[1]!.usage.tpm, 9 * 30, 'the targets\' own windows count input + output');
  });

  it('the pool frees as its minute passes, and another account\'s pool is not touched', async () => {
    const settings = twoOnOnePool();
    settings.targets!.push({ id: 'b', model: US_SONNET, profile: 'shard-b', region: 'us-east-1' });
    settings.routes = [{ name: 'main', targets: ['us'], fallbacks: ['other'] }, { name: 'other', targets: ['b'] }];
    const { router, provider, endpoint, clock } = makeRouter(settings);
    for (const id of ['us', 'b']) provider.on(endpoint(id), Array.from({ length: 40 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    const served: string[] = [];
    for (let i = 0; i < 12; i++) served.push((await router.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId);
    assert.deepEqual(served, [...Array<string>(9).fill('us'), 'b', 'b', 'b'], 'shard-b has a pool of its own');
    await clock.advance(60_001);
    assert.equal((await router.send({ tenant: 'ws', request: hello })).record.servedBy!.targetId, 'us');
  });

  it('tokens per day are counted per model in the Region, across its cross-Region and on-demand pools', async () => {
    const { router, provider, endpoint } = makeRouter({
      targets: [
        { id: 'profile', model: 'us.amazon.nova-pro-v1:0', profile: 'shard-a', region: 'us-east-1' },
        { id: 'on-demand', model: 'amazon.nova-pro-v1:0', profile: 'shard-a', region: 'us-east-1' },
      ],
      routes: [{ name: 'main', targets: ['profile', 'on-demand'], strategy: 'round-robin' }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: 'amazon.nova-pro-v1:0', tokensPerDay: 300 }],
      maxQueueWaitMs: 0,
    });
    for (const id of ['profile', 'on-demand']) provider.on(endpoint(id), Array.from({ length: 20 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    const { served, error } = await sendUntilRefused(router);
    // Nova counts 1:1: 30 per answer. 6 x 30 + 107 fits in 300; 7 x 30 + 107 does not.
    assert.equal(served, 7);
    assert.match(error.message, /Bedrock quota pool is at its limit of 300 tokens per day/);
    const pools = router.snapshot().pools;
    assert.deepEqual(pools.map((p) => p.kind), ['cross-region', 'on-demand']);
    assert.deepEqual(pools.map((p) => p.usage.tokensToday), [210, 210], 'both kinds show the model\'s day');
  });

  it('a pool without a typed limit runs at the quota Service Quotas reported; a typed one wins and shows as typed', async () => {
    const { router, provider, endpoint } = makeRouter(twoOnOnePool([]));
    for (const id of ['us', 'global']) provider.on(endpoint(id), Array.from({ length: 50 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    router.pools.setDiscovered('shard-a', 'us-east-1', new Map([[SONNET_TPM, 500]]));
    assert.deepEqual(router.snapshot().pools[0]!.limits, { tpm: 500, tpmSource: 'discovered' });
    const { served } = await sendUntilRefused(router);
    assert.equal(served, 4, '4 x 110 + 107 > 500');
    const typed = makeRouter(twoOnOnePool([{ profile: 'shard-a', region: 'us-east-1', model: GLOBAL_SONNET, tpm: 2_000 }]));
    typed.router.pools.setDiscovered('shard-a', 'us-east-1', new Map([[SONNET_TPM, 500]]));
    assert.deepEqual(typed.router.snapshot().pools[0]!.limits, { tpm: 2_000, tpmSource: 'typed' });
  });

  it('without a typed or discovered limit a pool is counted but not limited, and gateway RPM still binds', async () => {
    const { router, provider, endpoint } = makeRouter({
      targets: [{ id: 'a', model: US_SONNET, profile: 'shard-a', region: 'us-east-1', rpm: 3 }],
      routes: [{ name: 'main', targets: ['a'] }],
      maxQueueWaitMs: 0,
    });
    provider.on(endpoint('a'), Array.from({ length: 5 }, () => ({ kind: 'ok' as const, inputTokens: 10, outputTokens: 20 })));
    const { served, error } = await sendUntilRefused(router);
    assert.equal(served, 3);
    assert.match(error.message, /at its limit of 3 requests per minute/);
    assert.deepEqual(router.snapshot().pools[0]!.usage, { tpm: 330, tokensToday: 330 });
  });

  it('settings: a pool entry that limits nothing, repeats a pool, or matches no target is refused, naming the entry', () => {
    const base = twoOnOnePool();
    const problems = (pools: SettingsInput['pools']) => {
      const r = validateSettings({ ...base, pools });
      return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
    };
    assert.match(problems([{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET }])[0]!, /^resilientLlm\.pools\[0\]: sets no limit: add "tpm"/);
    assert.match(problems([{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 1 }, { profile: 'shard-a', region: 'us-east-1', model: GLOBAL_SONNET, tpm: 2 }])[0]!, /^resilientLlm\.pools\[1\]: is the same pool as pools\[0\]/);
    assert.match(problems([{ profile: 'shard-a', region: 'us-east-1', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', tpm: 1 }])[0]!, /^resilientLlm\.pools\[0\]\.model: no target sends to this pool .*on-demand/);
    assert.match(problems([{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 0 }])[0]!, /^resilientLlm\.pools\[0\]\.tpm: must be at least 1/);
    assert.match(problems([{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, rpm: 3 } as never])[0]!, /^resilientLlm\.pools\[0\]\.rpm: unknown field/);
    assert.deepEqual(problems([{ profile: 'shard-a', region: 'us-east-1', model: US_SONNET, tpm: 200_000, tokensPerDay: 288_000_000 }]), []);
  });
});
