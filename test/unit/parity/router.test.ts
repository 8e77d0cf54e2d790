import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { ModelDirectory } from '../../../src/core/modelDirectory';
import { seededRandom } from '../../../src/core/rng';
import { type Endpoint, type ModelProvider, type ModelRequest, type StreamEvent } from '../../../src/providers/types';
import { MemoryLimitStore, type ResolvedConfig, Router, RouterError, type SettingsInput, resolveSettings } from '../../../src/router';
import { routeCapabilities } from '../../../src/router/capabilities';
import { FakeProvider } from '../../support/fakeProvider';

const SONNET_US = 'us.anthropic.claude-sonnet-4-6';
const LLAMA_US = 'us.meta.llama3-3-70b-instruct-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const image: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'image', format: 'png', bytes: new Uint8Array([1, 2, 3]) }, { type: 'text', text: 'what is it?' }] }], maxTokens: 100 };

function routerFor(settings: SettingsInput, provider?: ModelProvider, models?: ModelDirectory) {
  const clock = new ManualClock(1_700_000_000_000);
  const fake = new FakeProvider(clock);
  const router = new Router({ config: resolveSettings(settings), provider: provider ?? fake, clock, store: new MemoryLimitStore(), random: seededRandom(1), models });
  return { router, fake };
}

async function failure(p: Promise<unknown>): Promise<RouterError> {
  try {
    await p;
  } catch (err) {
    assert.ok(RouterError.isInstance(err));
    return err;
  }
  assert.fail('expected a RouterError');
}

describe('parity: the router', () => {
  describe('images', () => {
    const settings: SettingsInput = {
      targets: [
        { id: 'llama', model: LLAMA_US, profile: 'a', region: 'us-east-1' },
        { id: 'nova', model: NOVA, profile: 'a', region: 'us-east-1' },
      ],
      routes: [
        { name: 'mixed', targets: ['llama', 'nova'], strategy: 'round-robin' },
        { name: 'text-only', targets: ['llama'] },
        { name: 'text-then-mixed', targets: ['llama'], fallbacks: ['mixed'] },
      ],
    };

    it('sends images only to targets whose model accepts them, recording why the others were passed over', async () => {
      const { router, fake } = routerFor(settings);
      for (let i = 0; i < 3; i++) {
        const { record } = await router.send({ route: 'mixed', tenant: 't', request: image });
        assert.equal(record.servedBy?.targetId, 'nova');
        assert.deepEqual(record.skipped.map((s) => [s.targetId, s.reason]), [['llama', `its model ${LLAMA_US} does not accept images`]]);
      }
      assert.equal(fake.calls.length, 3);
      const text = await router.send({ route: 'mixed', tenant: 't', request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] } });
      assert.ok(text.record.servedBy, 'text still goes anywhere');
    });

    it('falls back to a route that can take the image', async () => {
      const { router } = routerFor(settings);
      const { record } = await router.send({ route: 'text-then-mixed', tenant: 't', request: image });
      assert.deepEqual([record.servedBy?.targetId, record.fallbackDepth], ['nova', 1]);
    });

    it('is an invalid-request error before any call when no target of the chain accepts images', async () => {
      const { router, fake } = routerFor(settings);
      const err = await failure(router.send({ route: 'text-only', tenant: 't', request: image }));
      assert.equal(err.kind, 'invalid-request');
      assert.equal(err.message, `The request has images, but no model of route "text-only" or its fallbacks accepts image input (llama: ${LLAMA_US}). Send it to a route with an image-capable model (Claude, Amazon Nova), or remove the images.`);
      assert.equal(fake.calls.length, 0);
      assert.equal(err.record?.outcome, 'failed');
    });

    it('advertises image input for a route when some target of its chain accepts images', () => {
      const { router } = routerFor(settings);
      const config: ResolvedConfig = router.configuration;
      assert.deepEqual(routeCapabilities(config, 'text-only'), { images: false, tools: true, reasoning: false, promptCaching: false, imageTargets: [] });
      assert.deepEqual(routeCapabilities(config, 'text-then-mixed').imageTargets, ['nova']);
    });
  });

  describe('reasoning', () => {
    /** A provider that thinks before answering, when asked to. */
    const thinker: ModelProvider & { requests: Array<[Endpoint, ModelRequest]> } = {
      requests: [],
      async *stream(endpoint, request): AsyncGenerator<StreamEvent> {
        thinker.requests.push([endpoint, request]);
        if (request.reasoningBudgetTokens) {
          yield { type: 'reasoning', text: 'Let me think.' };
          yield { type: 'reasoning', text: '', signature: 'c2ln' };
        }
        yield { type: 'text', text: 'The answer.' };
        yield { type: 'stop', stopReason: 'end_turn' };
        yield { type: 'usage', usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 } };
      },
    };

    it('passes thinking through, before the answer, only for models that support it', async () => {
      const settings: SettingsInput = {
        targets: [
          { id: 'claude', model: SONNET_US, profile: 'a', region: 'us-east-1' },
          { id: 'nova', model: NOVA, profile: 'a', region: 'us-east-1' },
        ],
        routes: [{ name: 'think', targets: ['claude', 'nova'], strategy: 'round-robin', reasoning: { budgetTokens: 2048 }, maxTokens: 500 }],
      };
      const { router } = routerFor(settings, thinker);
      const seen: Array<{ target?: string; events: string[] }> = [];
      for (let i = 0; i < 2; i++) {
        const events: string[] = [];
        let target: string | undefined;
        for await (const e of router.stream({ route: 'think', tenant: 't', request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }] } })) {
          if (e.type === 'reasoning') events.push(`reasoning:${e.text}${e.signature ? `[${e.signature}]` : ''}`);
          else if (e.type === 'text') events.push(`text:${e.text}`);
          else if (e.type === 'served') target = e.servedBy.targetId;
        }
        seen.push({ target, events });
      }
      const byTarget = Object.fromEntries(seen.map((s) => [s.target, s.events]));
      assert.deepEqual(byTarget.claude, ['reasoning:Let me think.', 'reasoning:[c2ln]', 'text:The answer.']);
      assert.deepEqual(byTarget.nova, ['text:The answer.']);
      const sent = Object.fromEntries(thinker.requests.map(([e, r]) => [e.targetId, [r.reasoningBudgetTokens, r.maxTokens]]));
      assert.deepEqual(sent, { claude: [2048, 2548], nova: [undefined, 500] });
    });
  });

  describe('where requests may go', () => {
    it('never sends outside a route\'s inferenceScope, even with a configuration that skipped validation', async () => {
      const config = resolveSettings({
        targets: [
          { id: 'global', model: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'a', region: 'us-east-1' },
          { id: 'us', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'a', region: 'us-east-1' },
        ],
        routes: [{ name: 'main', targets: ['global', 'us'], strategy: 'round-robin' }],
      });
      // As if validation had been bypassed: the route now forbids global profiles.
      const routes = new Map(config.routes);
      routes.set('main', { ...routes.get('main')!, inferenceScope: 'geographic' });
      const clock = new ManualClock(0);
      const fake = new FakeProvider(clock);
      const router = new Router({ config: { ...config, routes }, provider: fake, clock, random: seededRandom(2) });
      for (let i = 0; i < 4; i++) {
        const { record } = await router.send({ route: 'main', tenant: 't', request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }] } });
        assert.equal(record.servedBy?.targetId, 'us');
        assert.match(record.skipped[0]?.reason ?? '', /^not allowed by route main: target "global"/);
      }
      assert.ok(fake.calls.every((c) => c.endpoint.model.startsWith('us.')));
    });
  });

  describe('application inference profile ARNs', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    const settings: SettingsInput = { targets: [{ id: 'app', model: arn, profile: 'a', region: 'us-east-1' }], routes: [{ name: 'main', targets: ['app'] }] };

    it('uses defaults for an unknown ARN and the copied model once the directory learns it, without a restart', async () => {
      const directory = new ModelDirectory();
      const { router, fake } = routerFor(settings, undefined, directory);
      const before = await router.send({ route: 'main', tenant: 't', request: { messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }] } });
      assert.equal(before.record.costUsd, 0, 'unknown model: no list price');
      directory.addApplicationProfile(arn, { source: SONNET_US, regions: ['us-east-1', 'us-east-2', 'us-west-2'] });
      const after = await router.send({ route: 'main', tenant: 't', request: image });
      assert.ok((after.record.costUsd ?? 0) > 0, "priced as Sonnet");
      assert.equal(fake.calls.at(-1)?.endpoint.model, arn, 'the ARN is what is sent');
    });
  });

  describe('prompt caching in records', () => {
    it('records cache read and write tokens, sums them per target, prices reads low and writes high', async () => {
      const cacheProvider: ModelProvider = {
        async *stream(_e, request) {
          yield { type: 'text', text: 'ok' };
          yield { type: 'stop', stopReason: 'end_turn' };
          const first = request.messages.length === 1;
          yield { type: 'usage', usage: { inputTokens: 10, outputTokens: 10, totalTokens: 2020, cacheWriteInputTokens: first ? 2000 : 0, cacheReadInputTokens: first ? 0 : 2000 } };
        },
      };
      const { router } = routerFor({ targets: [{ id: 'c', model: SONNET_US, profile: 'a', region: 'us-east-1' }], routes: [{ name: 'main', targets: ['c'], promptCaching: true }] }, cacheProvider);
      const q = (n: number): ModelRequest => ({ system: ['s'], messages: Array.from({ length: n }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: [{ type: 'text' as const, text: `m${i}` }] })) });
      const write = (await router.send({ route: 'main', tenant: 't', request: q(1) })).record;
      const read = (await router.send({ route: 'main', tenant: 't', request: q(3) })).record;
      assert.deepEqual([write.usage?.cacheWriteInputTokens, read.usage?.cacheReadInputTokens], [2000, 2000]);
      // Sonnet: $3 per million input tokens; writes 1.25 times that, reads 0.1 times; output $15.
      assert.equal(write.costUsd?.toFixed(6), ((10 + 1.25 * 2000) * 3 / 1e6 + (10 * 15) / 1e6).toFixed(6));
      assert.equal(read.costUsd?.toFixed(6), ((10 + 0.1 * 2000) * 3 / 1e6 + (10 * 15) / 1e6).toFixed(6));
      const stats = router.stats.target('c');
      assert.deepEqual([stats.cacheWriteTokens, stats.cacheReadTokens], [2000, 2000]);
    });
  });
});
