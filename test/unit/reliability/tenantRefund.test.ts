/**
 * Tenant quota refunds (issue 15, defect 9): a request that no target could take (every
 * target at its own limit, so no provider call was made) does not use the workspace's
 * quota. A request that reached a model, even one that failed, does.
 */
import assert from 'node:assert/strict';
import { RouterError } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';

const M = 'us.anthropic.claude-sonnet-4-6';

async function burst(router: ReturnType<typeof makeRouter>['router'], n: number, tenant = 'ws') {
  const out = { succeeded: 0, 'rate-limited': 0, failed: 0, byTenantQuota: 0 };
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, () =>
        router.send({ tenant, request: hello }).then(
          () => ({ outcome: 'succeeded', message: '' }),
          (err: unknown) => ({ outcome: RouterError.isInstance(err) ? err.record!.outcome : 'thrown', message: String((err as Error).message) }),
        ),
      ),
    );
    for (const r of batch) {
      out[r.outcome as 'succeeded' | 'rate-limited' | 'failed']++;
      if (/Workspace "ws"/.test(r.message)) out.byTenantQuota++;
    }
  }
  return out;
}

describe('tenant quota: requests no target could serve are refunded', () => {
  it('tenant rpm 100, every target full after 12: 12 served, 988 refused by the targets, none for the tenant quota', async () => {
    const { router, store, clock } = makeRouter({
      targets: [{ id: 'a', model: M, profile: 'p', region: 'us-east-1', rpm: 12 }],
      routes: [{ name: 'main', targets: ['a'] }],
      quotas: { default: { rpm: 100 } },
      maxQueueWaitMs: 0,
    });
    const got = await burst(router, 1_000);
    assert.deepEqual(got, { succeeded: 12, 'rate-limited': 988, failed: 0, byTenantQuota: 0 });
    const usage = store.usage('tenant:ws', clock.now());
    assert.equal(usage.rpm, 12, 'only the served requests count against the workspace');
    assert.equal(store.outstanding, 0);
    assert.equal(store.inFlightTotal, 0);
  });

  it('requests that reached a model count, even when they failed; the day budget is charged only for those', async () => {
    const { router, provider, endpoint, store, clock } = makeRouter({
      targets: [{ id: 'a', model: M, profile: 'p', region: 'us-east-1', rpm: 5 }],
      routes: [{ name: 'main', targets: ['a'] }],
      quotas: { default: { rpm: 100, tokensPerDay: 1_000_000 } },
      retry: { maxAttempts: 1 },
      cooldown: { failures: 100 },
      maxQueueWaitMs: 0,
    });
    provider.on(endpoint('a'), [{ kind: 'ok' }, { kind: 'ok' }, { kind: 'error', error: 'unavailable' }]);
    const got = await burst(router, 20);
    assert.deepEqual(got, { succeeded: 2, 'rate-limited': 15, failed: 3, byTenantQuota: 0 });
    assert.equal(store.usage('tenant:ws', clock.now()).rpm, 5, '2 served and 3 failed at the model count; 15 refused by the target do not');
  });
});
