// Issue 19, item 11: answers through the model picker have no footer, so the status bar item
// says what served this window's last request (text), with its route, target and attempts (tooltip, label).
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../src/extension/defaults';
import { statusBarView } from '../../../src/extension/statusBarView';
import { tenantQuota } from '../../../src/extension/views/quota';
import { hello, makeRouter } from '../../support/routerFixtures';

describe('first hour: the status bar item says what served the last request', () => {
  it('its target in the text; route, target, model, account, Region and attempts in the tooltip and label', async () => {
    const { router, provider, endpoint } = makeRouter({ ...DEFAULT_SETTINGS, routes: [{ name: 'sonnet', targets: ['sonnet-a'], fallbacks: ['haiku'] }, { name: 'haiku', targets: ['haiku'] }] });
    provider.on(endpoint('sonnet-a'), [{ kind: 'error', error: 'unavailable' }]);
    const before = statusBarView({ tenant: tenantQuota(router, 'ws'), targets: router.snapshot().targets });
    assert.equal(before.text, '$(pulse) Bedrock 0/60 rpm');
    await router.send({ tenant: 'ws', route: 'sonnet', request: hello });
    const last = router.stats.recent.at(-1)!;
    const view = statusBarView({ tenant: tenantQuota(router, 'ws'), targets: router.snapshot().targets, last });
    assert.match(view.text, / · haiku$/);
    assert.match(view.tooltip, /Last request: route `sonnet`, served by haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1\), 2 attempts, fallback route haiku\./);
    assert.match(view.label, /; last request served by haiku on route sonnet, 2 attempts$/);
  });

  it('a refused request shows as such', async () => {
    const { router } = makeRouter({ ...DEFAULT_SETTINGS, quotas: { workspaces: { ws: { rpm: 1 } } } });
    await router.send({ tenant: 'ws', request: hello });
    await router.send({ tenant: 'ws', request: hello }).catch(() => undefined);
    const view = statusBarView({ tenant: tenantQuota(router, 'ws'), targets: router.snapshot().targets, last: router.stats.recent.at(-1) });
    assert.match(view.text, /Bedrock 1\/1 rpm · rate-limited$/);
    assert.match(view.tooltip, /Last request: route `sonnet`, rate-limited: Workspace "ws" has used its quota/);
  });
});
