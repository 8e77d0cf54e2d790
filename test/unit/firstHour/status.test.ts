// Issue 19, item 8: /status health as codicons and words, never emoji (empty boxes without an emoji font).
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../src/extension/defaults';
import { tenantQuota } from '../../../src/extension/views/quota';
import { statusMarkdown } from '../../../src/extension/views/status';
import { hello, makeRouter } from '../../support/routerFixtures';

describe('first hour: /status health', () => {
  it('is a codicon and a word in the chat, the word alone in the preview, never an emoji', async () => {
    const settings = { ...DEFAULT_SETTINGS, targets: DEFAULT_SETTINGS.targets.map((t) => (t.id === 'haiku' ? { ...t, rpm: 1 } : t)) };
    const { router, provider, endpoint } = makeRouter({ ...settings, cooldown: { failures: 1 }, retry: { maxAttempts: 2 } });
    provider.on(endpoint('sonnet-a'), [{ kind: 'error', error: 'unavailable' }]);
    provider.on(endpoint('sonnet-b'), [{ kind: 'error', error: 'unavailable' }]);
    await router.send({ tenant: 'ws', request: hello, route: 'sonnet' }).catch(() => undefined);
    const tenant = tenantQuota(router, 'ws');
    const input = { snapshot: router.snapshot(), tenant, mode: 'simulated' as const };
    const chat = statusMarkdown({ ...input, icons: true });
    const preview = statusMarkdown(input);
    for (const md of [chat, preview]) assert.doesNotMatch(md, /\p{Extended_Pictographic}/u);
    // The chat: a block per target, no table (it wrapped "healthy" to "health y" at the Chat view's width).
    assert.doesNotMatch(chat, /^\|/m);
    assert.match(chat, /^\*\*`haiku`\*\* \$\(pass\) healthy {2}\nglobal\.anthropic\.claude-haiku-4-5-20251001-v1:0 · shard-a · us-east-1 {2}\nGateway RPM \d\/1 · Gateway TPM \d+\/400,000 · in flight 0 · OK\/attempts 0\/0$/m);
    assert.match(chat, /^\*\*`sonnet-a`\*\* \$\(error\) cooling down/m);
    // The preview, as wide as the editor: a table, words only.
    const healthOf = (md: string, id: string) => md.split('\n').find((l) => l.startsWith(`| ${id} |`))!.split(' | ')[3];
    assert.equal(healthOf(preview, 'haiku'), 'healthy');
    assert.doesNotMatch(preview, /\$\(/, 'the preview renders no codicons');
  });
});
