import assert from 'node:assert/strict';
import { statusBarView } from '../../../src/extension/statusBarView';
import { statusMarkdown } from '../../../src/extension/views/status';
import { tenantQuota } from '../../../src/extension/views/quota';
import { hello, makeRouter } from '../../support/routerFixtures';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('/status: Bedrock units', () => {
  it('shows each pool in tokens per minute after burndown and tokens today, with where its limit came from; RPM only where a gateway RPM is set', async () => {
    const { router, provider, endpoint } = makeRouter({
      targets: [
        { id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1' },
        { id: 'b', model: SONNET, profile: 'shard-b', region: 'us-east-1' },
      ],
      routes: [{ name: 'main', targets: ['a'] }, { name: 'b', targets: ['b'] }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: SONNET, tpm: 200_000 }],
    });
    provider.on(endpoint('a'), [{ kind: 'ok', inputTokens: 10, outputTokens: 20 }]);
    await router.send({ tenant: 'ws', request: hello });
    router.pools.setDiscovered('shard-b', 'us-east-1', new Map([['Model invocation max tokens per day for Anthropic Claude Sonnet 4.5', 5_760_000_000]]));
    const md = statusMarkdown({ snapshot: router.snapshot(), tenant: tenantQuota(router, 'ws'), mode: 'simulated' });
    assert.match(md, /\| Bedrock quota pool \| Targets \| Tokens per minute \(after burndown\) \| Tokens today \|/);
    assert.match(md, /\| shard-a us-east-1 Claude Sonnet 4\.5 \(cross-Region\) \| a \| 110 of 200,000 \(typed\) \| 110 \(no quota known\) \|/);
    assert.match(md, /\| shard-b us-east-1 Claude Sonnet 4\.5 \(cross-Region\) \| b \| 0 \(no quota known\) \| 0 of 5,760,000,000 \(Service Quotas\) \|/);
    assert.doesNotMatch(md, /RPM/, 'no target sets a gateway RPM');

    const gated = makeRouter({ targets: [{ id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1', rpm: 3 }], routes: [{ name: 'main', targets: ['a'] }] });
    const withRpm = statusMarkdown({ snapshot: gated.router.snapshot(), tenant: tenantQuota(gated.router, 'ws'), mode: 'simulated' });
    assert.match(withRpm, /\| Target \| Model \| Profile · Region \| Health \| Gateway RPM \| In flight \|/);
    assert.match(withRpm, /\| 0\/3 \|/);
  });

  it('says what the router learnt when Bedrock gave a pool less than its quota: /status (table and chat), and the status bar tooltip', async () => {
    const { router, provider, endpoint } = makeRouter({
      targets: [
        { id: 'a', model: SONNET, profile: 'shard-a', region: 'us-east-1' },
        { id: 'b', model: SONNET, profile: 'shard-b', region: 'us-east-1', learnLimits: false },
      ],
      routes: [{ name: 'main', targets: ['a'], fallbacks: ['spill'] }, { name: 'spill', targets: ['b'] }],
      pools: [{ profile: 'shard-a', region: 'us-east-1', model: SONNET, tpm: 100_000 }],
    });
    // Another client uses the account: Bedrock throttles a's 4th request with 330 tokens admitted in the minute.
    provider.on(endpoint('a'), (n) => (n === 3 ? { kind: 'error', error: 'throttled', message: 'Too many tokens, please wait before trying again.' } : { kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    provider.on(endpoint('b'), () => ({ kind: 'ok', inputTokens: 10, outputTokens: 20 }));
    for (let i = 0; i < 4; i++) await router.send({ tenant: 'ws', request: hello });
    const snapshot = router.snapshot();
    const learnt = 'learnt ≈ 50k of 100k tokens/min; another client may be using this account';
    assert.equal(snapshot.pools[0]!.learnt, learnt);
    assert.equal(snapshot.pools[1]!.learnt, undefined, 'shard-b was never throttled (and does not learn)');
    const table = statusMarkdown({ snapshot, tenant: tenantQuota(router, 'ws'), mode: 'simulated' });
    assert.match(table, /\| shard-a us-east-1 Claude Sonnet 4\.5 \(cross-Region\) \| a \| 330 of 100,000 \(typed\); learnt ≈ 50k of 100k tokens\/min; another client may be using this account \|/);
    const chat = statusMarkdown({ snapshot, tenant: tenantQuota(router, 'ws'), mode: 'simulated', icons: true });
    assert.ok(chat.includes(`\n$(pulse) ${learnt}\n`), chat);
    const tooltip = statusBarView({ tenant: tenantQuota(router, 'ws'), targets: snapshot.targets, pools: snapshot.pools }).tooltip;
    assert.ok(tooltip.includes(learnt), tooltip);
  });
});
