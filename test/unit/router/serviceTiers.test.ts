import assert from 'node:assert/strict';
import { toConverseInput } from '../../../src/providers/bedrock/toConverse';
import { type RouterError, type SettingsInput, validateSettings } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const NOVA = 'us.amazon.nova-pro-v1:0';
const CLAUDE = 'us.anthropic.claude-sonnet-4-6';

function settings(route: Record<string, unknown>, targets = [
  { id: 'claude', model: CLAUDE, profile: 'shard-a', region: 'us-east-1' },
  { id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2' },
]): SettingsInput {
  return { targets, routes: [{ name: 'main', targets: targets.map((t) => t.id), strategy: 'round-robin', ...route }], cooldown: { failures: 100 } } as SettingsInput;
}

describe('router: Bedrock service tiers', () => {
  it('a route at flex skips the target whose model lacks flex, says why, and sends flex to the other', async () => {
    const { router, provider } = makeRouter(settings({ serviceTier: 'flex' }));
    const r = await router.send({ tenant: 'ws', request: hello });
    assert.equal(r.record.servedBy!.targetId, 'nova');
    assert.deepEqual(provider.calls.map((c) => [c.endpoint.model, c.request.serviceTier]), [[NOVA, 'flex']]);
    assert.deepEqual(r.record.attempts.map((a) => [a.targetId, a.serviceTier]), [['nova', 'flex']]);
    const skip = r.record.skipped.find((s) => s.targetId === 'claude');
    assert.match(skip!.reason, /its model us\.anthropic\.claude-sonnet-4-6 is not offered at the "flex" service tier \(route\.serviceTier\); it offers "default"/);
  });

  it('when no target offers the tier the request fails with every reason, and no call is made', async () => {
    const { router, provider } = makeRouter(settings({ serviceTier: 'priority' }, [{ id: 'claude', model: CLAUDE, profile: 'shard-a', region: 'us-east-1' }]));
    await assert.rejects(router.send({ tenant: 'ws', request: hello }), (e: RouterError) => /claude: its model .* is not offered at the "priority" service tier/.test(e.message));
    assert.equal(provider.calls.length, 0);
  });

  it("a target's own tier is sent when its route sets none; the route's tier wins over it", async () => {
    const targets = [{ id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2', serviceTier: 'priority' }];
    const a = makeRouter(settings({}, targets));
    await a.router.send({ tenant: 'ws', request: hello });
    assert.equal(a.provider.calls[0]!.request.serviceTier, 'priority');
    const b = makeRouter(settings({ serviceTier: 'flex' }, targets));
    await b.router.send({ tenant: 'ws', request: hello });
    assert.equal(b.provider.calls[0]!.request.serviceTier, 'flex');
  });

  it('escalateToPriority: a throttled default attempt is retried at priority on a model that offers it', async () => {
    const s = settings({ escalateToPriority: true }, [{ id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2' }]);
    const { router, provider, endpoint, clock } = makeRouter(s);
    provider.on(endpoint('nova'), [{ kind: 'error', error: 'throttled' }, { kind: 'ok' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(1_000);
    const r = await p;
    assert.deepEqual(provider.calls.map((c) => c.request.serviceTier), [undefined, 'priority']);
    assert.deepEqual(r.record.attempts.map((a) => [a.outcome, a.serviceTier, a.escalated]), [['throttled', undefined, undefined], ['ok', 'priority', true]]);
  });

  it('escalateToPriority: a first-token timeout escalates too; a model without priority is retried at its own tier', async () => {
    const s = settings({ escalateToPriority: true }, [
      { id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2' },
      { id: 'claude', model: CLAUDE, profile: 'shard-a', region: 'us-east-1' },
    ]);
    const { router, provider, endpoint, clock } = makeRouter({ ...s, timeouts: { firstTokenMs: 1_000 } });
    provider.on(endpoint('nova'), [{ kind: 'hang' }, { kind: 'ok' }]);
    provider.on(endpoint('claude'), [{ kind: 'error', error: 'throttled' }, { kind: 'ok' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(5_000);
    const r = await p;
    const calls = provider.calls.map((c) => [c.endpoint.model, c.request.serviceTier]);
    assert.deepEqual(calls.slice(0, 2), [[NOVA, undefined], [CLAUDE, undefined]]);
    // The retry goes to whichever target the strategy puts first; each keeps its own rule.
    for (const [model, tier] of calls.slice(2)) assert.equal(tier, model === NOVA ? 'priority' : undefined);
    assert.equal(r.record.outcome, 'succeeded');
  });

  it('without escalateToPriority the retry keeps the default tier', async () => {
    const { router, provider, endpoint, clock } = makeRouter(settings({}, [{ id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2' }]));
    provider.on(endpoint('nova'), [{ kind: 'error', error: 'throttled' }, { kind: 'ok' }]);
    const p = router.send({ tenant: 'ws', request: hello });
    await clock.advance(1_000);
    await p;
    assert.deepEqual(provider.calls.map((c) => c.request.serviceTier), [undefined, undefined]);
  });

  it('cost counts the tier: priority at a premium, flex at a discount', async () => {
    const run = async (serviceTier?: string) => {
      const { router } = makeRouter(settings(serviceTier ? { serviceTier } : {}, [{ id: 'nova', model: NOVA, profile: 'shard-b', region: 'us-west-2' }]));
      return (await router.send({ tenant: 'ws', request: hello })).record.costUsd!;
    };
    const base = await run();
    assert.ok(base > 0);
    assert.ok(Math.abs((await run('priority')) / base - 1.75) < 1e-9);
    assert.ok(Math.abs((await run('flex')) / base - 0.5) < 1e-9);
  });

  it('a bad tier is rejected with the setting named and the valid values listed', () => {
    const r = validateSettings({ ...settings({ serviceTier: 'fast' }), targets: [{ id: 'nova', model: NOVA, profile: 'p', region: 'us-west-2', serviceTier: 'cheap' }], routes: [{ name: 'main', targets: ['nova'], serviceTier: 'fast' }] });
    assert.equal(r.ok, false);
    const msgs = r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
    assert.ok(msgs.includes('resilientLlm.targets[0].serviceTier: must be one of "priority", "default", "flex", "reserved" (Bedrock\'s service tiers)'), msgs.join('\n'));
    assert.ok(msgs.includes('resilientLlm.routes[0].serviceTier: must be one of "priority", "default", "flex", "reserved" (Bedrock\'s service tiers)'), msgs.join('\n'));
  });

  it('the Bedrock provider sends serviceTier as Converse `serviceTier: { type }`', () => {
    assert.deepEqual(toConverseInput(NOVA, { ...hello, serviceTier: 'priority' }).serviceTier, { type: 'priority' });
    assert.equal(toConverseInput(NOVA, hello).serviceTier, undefined);
  });
});
