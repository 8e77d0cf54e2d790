// The extension's vscode-free pieces of the parity and Redis work: Add Target's model choices
// from discovery, the chat's thinking block and history, the dashboard's limits view, a
// replaced router's retirement and the URLs people see.
import assert from 'node:assert/strict';
import { discoveredChoices } from '../../../src/extension/addTargetPicks';
import { historyMessages } from '../../../src/extension/chat/history';
import { ThinkingBlock } from '../../../src/extension/chat/thinking';
import { routerView } from '../../../src/extension/dashboard/stateBridge';
import { displayUrl } from '../../../src/extension/displayUrl';
import { retireWhenIdle } from '../../../src/extension/retireRouter';
import { catalogModels, catalogProfiles } from '../../../src/providers/bedrock/discoveryLists';
import { InstantProvider } from '../../../src/bench/instantProvider';
import { Router, validateSettings } from '../../../src/router';
import { limitsText } from '../../../src/webview/dashboard/liveView';

describe('extension: Add Target model choices from discovery', () => {
  it('lists application inference profiles first, then system profiles, then on-demand models, with context and price', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const choices = discoveredChoices({
      region: 'us-east-1',
      models: catalogModels('us-east-1'),
      inferenceProfiles: [...catalogProfiles('us-east-1'), { model: arn, id: 'abc123', arn, name: 'team-sonnet', type: 'APPLICATION', status: 'ACTIVE', modelId: 'anthropic.claude-sonnet-4-6', regions: ['us-east-1', 'us-east-2', 'us-west-2'], copies: 'us.anthropic.claude-sonnet-4-6' }],
    });
    assert.equal(choices[0]!.id, arn);
    assert.equal(choices[0]!.kind, 'application inference profile (copies us.anthropic.claude-sonnet-4-6)');
    assert.equal(choices[0]!.contextWindow, 200_000);
    assert.match(choices[0]!.price, /^\$3 \/ \$15 per million tokens in \/ out$/);
    const sonnet = choices.find((c) => c.id === 'us.anthropic.claude-sonnet-4-6')!;
    assert.equal(sonnet.kind, 'cross-Region inference profile (US)');
    assert.equal(choices.find((c) => c.id === 'global.anthropic.claude-sonnet-4-6')?.kind, 'global cross-Region inference profile');
    const onDemand = choices.filter((c) => c.kind === 'on-demand in us-east-1');
    assert.ok(onDemand.length > 0 && onDemand.every((c) => !c.id.includes('.anthropic.')), 'only models callable on demand there');
    assert.ok(choices.indexOf(sonnet) < choices.indexOf(onDemand[0]!));
  });

  it('leaves out inactive profiles and says when a price is unknown', () => {
    const choices = discoveredChoices({
      region: 'us-east-1',
      models: [{ id: 'acme.new-model-v1:0', arn: '', name: 'New Model', provider: 'Acme', images: false, streaming: true, inferenceTypes: ['ON_DEMAND'] }],
      inferenceProfiles: [{ model: 'us.acme.old', id: 'us.acme.old', arn: '', name: 'old', type: 'SYSTEM_DEFINED', status: 'LEGACY', regions: [] }],
    });
    assert.deepEqual(choices.map((c) => [c.id, c.price]), [['acme.new-model-v1:0', 'price not in the built-in list']]);
  });
});

describe('extension: thinking in the chat', () => {
  it('quotes the thinking under a heading, closes it before the answer, and keeps the signed blocks', () => {
    const markdown: string[] = [];
    const progress: string[] = [];
    const block = new ThinkingBlock({ markdown: (m: unknown) => void markdown.push(String(m)), progress: (p: string) => void progress.push(p) });
    block.add('Let me think.\nTwo lines');
    block.add(' more.', 'c2lnbmF0dXJl');
    block.close();
    block.close();
    markdown.push('The answer.');
    assert.equal(markdown.join(''), '> **Thinking**\n>\n> Let me think.\n> Two lines more.\n\nThe answer.');
    assert.deepEqual(progress, ['Thinking...']);
    assert.deepEqual(block.signedBlocks(), [{ text: 'Let me think.\nTwo lines more.', signature: 'c2lnbmF0dXJl' }]);
  });

  it('sends signed thinking back before the answer in the next turn; unsigned thinking is not sent', () => {
    const turn = (reasoning: unknown) => [
      { prompt: 'Q', command: undefined, references: [], participant: 'p', toolReferences: [] },
      { response: [], result: { metadata: { answer: 'A', reasoning } }, participant: 'p', command: undefined },
    ];
    const signed = historyMessages(turn([{ text: 'hmm', signature: 'sig' }]) as never);
    assert.deepEqual(signed[1], { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm', signature: 'sig' }, { type: 'text', text: 'A' }] });
    const unsigned = historyMessages(turn([{ text: 'hmm' }]) as never);
    assert.deepEqual(unsigned[1], { role: 'assistant', content: [{ type: 'text', text: 'A' }] });
  });
});

describe('extension: where the limits live, in the dashboard', () => {
  it('takes the mode from the snapshot and the windows sharing from the limits status', () => {
    const r = validateSettings({ targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p', region: 'us-east-1' }], routes: [{ name: 'r', targets: ['a'] }] });
    assert.ok(r.ok);
    const router = new Router({ config: r.config, provider: new InstantProvider() });
    const view = routerView(router, { config: r.config, problems: [], sources: {} }, 'ws', { processes: 3, redis: 'redis://cache:6379' });
    assert.deepEqual(view.limits, { processes: 3, redis: 'redis://cache:6379', mode: 'in-process' });
    assert.equal(limitsText(view.limits), 'limits: this window only');
    assert.equal(limitsText({ mode: 'shared', processes: 3, redis: 'redis://cache:6379' }), 'limits: shared through Redis (redis://cache:6379) by 3 windows');
    assert.equal(limitsText({ mode: 'local-fallback', processes: 2 }), 'limits: held in this window, Redis unreachable');
  });
});

describe('extension: a replaced router and the URLs people see', () => {
  it('closes a replaced router\'s store only once its last request has finished', async () => {
    const r = validateSettings({ targets: [{ id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p', region: 'us-east-1' }], routes: [{ name: 'r', targets: ['a'] }] });
    assert.ok(r.ok);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const router = new Router({
      config: r.config,
      provider: {
        async *stream() {
          await held;
          yield { type: 'text', text: 'ok' };
          yield { type: 'stop', stopReason: 'end_turn' };
          yield { type: 'usage', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
        },
      },
    });
    const sent = router.send({ tenant: 't', request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    let closed = 0;
    const retiring = retireWhenIdle(router, () => closed++);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(closed, 0, 'closed while a request was in flight');
    release();
    await sent;
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(closed, 1);
    retiring.dispose();
    assert.equal(closed, 1, 'closed twice');
    let atOnce = 0;
    retireWhenIdle(router, () => atOnce++);
    assert.equal(atOnce, 1, 'an idle router closes at once');
  });

  it('shows URLs without user name or password', () => {
    assert.equal(displayUrl('redis://admin:s3cret@cache.internal:6379/2'), 'redis://cache.internal:6379/2');
    assert.equal(displayUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    assert.equal(displayUrl('https://user:pw@vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/region/{region}'), 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/region/{region}');
    assert.equal(displayUrl('not a url', 'unreadable'), 'unreadable');
  });
});
