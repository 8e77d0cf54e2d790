/**
 * Bedrock service tiers through the real AWS SDK (user guide: "Service tiers for optimizing performance and
 * cost", service-tiers-inference.html): `serviceTier: { type }` on Converse / ConverseStream, echoed in the
 * response; priority faster, flex slower; one on-demand quota for priority, default and flex; a model
 * without the tier answers with a ValidationException.
 */
import { ConverseCommand, ConverseStreamCommand, type ServiceTierType } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { rejection, startTestSim, userMessage, type TestSim } from './helpers';

const NOVA_PRO = 'us.amazon.nova-pro-v1:0';
const SONNET = 'us.anthropic.claude-sonnet-4-6';
const STEADY = { ttftMs: 400, tokensPerSecond: 50, jitter: 0 };

/** Runs a call to completion on a manual clock, advancing it in small steps (a bounded number). */
async function complete<T>(clock: ManualClock, call: Promise<T>): Promise<T> {
  let done = false;
  const settled = Promise.allSettled([call]).then(([r]) => {
    done = true;
    return r!;
  });
  // Bounded: simulated time moves 10 ms a step, and each step lets real I/O (the SDK's HTTP/2 frames) through.
  for (let i = 0; i < 2_000 && !done; i++) {
    await clock.advance(10);
    await new Promise((r) => setTimeout(r, 1));
  }
  const r = await settled;
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

describe('simulator: service tiers through the real SDK', function () {
  let t: TestSim;
  let clock: ManualClock;
  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    t = await startTestSim({ seed: 5, clock, scenario: { regions: { 'us-east-1': STEADY, 'us-east-2': STEADY, 'us-west-2': STEADY }, quotas: { default: { rpm: 2 } } } });
  });
  after(() => t.close());
  afterEach(async () => {
    t.sim.reset();
    await clock.advance(61_000); // leave the quota's minute behind
  });

  const ask = (tier: ServiceTierType | undefined, modelId = NOVA_PRO) =>
    complete(clock, t.bedrock().send(new ConverseCommand({ modelId, messages: userMessage('Summarise the tides.'), inferenceConfig: { maxTokens: 60 }, ...(tier ? { serviceTier: { type: tier } } : {}) })));

  it('serves priority faster and flex slower than default (simulated latency), and echoes the tier', async () => {
    const def = await ask('default');
    const pri = await ask('priority');
    assert.equal(pri.serviceTier?.type, 'priority');
    assert.equal(def.serviceTier?.type, 'default');
    await clock.advance(61_000);
    const flex = await ask('flex');
    assert.equal(flex.serviceTier?.type, 'flex');
    const ms = (o: { metrics?: { latencyMs?: number } }) => o.metrics!.latencyMs!;
    // Same prompt, same output length, no jitter: only the tier differs.
    assert.equal(pri.usage!.outputTokens, def.usage!.outputTokens);
    assert.ok(Math.abs(ms(def) / ms(pri) - 1.25) < 0.02, `priority ${ms(pri)} ms vs default ${ms(def)} ms`);
    assert.ok(Math.abs(ms(flex) / ms(def) - 1 / 0.7) < 0.02, `flex ${ms(flex)} ms vs default ${ms(def)} ms`);
  });

  it('priority, default and flex draw on one on-demand quota', async () => {
    await ask('default');
    await ask('priority');
    const e = await rejection(ask('flex'));
    assert.equal(e.name, 'ThrottlingException');
    assert.deepEqual(t.sim.invocationLog().map((r) => [r.serviceTier, r.outcome]), [['default', 'success'], ['priority', 'success'], ['flex', 'error']]);
  });

  it('a model without the tier answers with a ValidationException; default always works', async () => {
    const e = await rejection(ask('priority', SONNET));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.match(e.message, /service tier \(priority\) is not supported for model anthropic\.claude-sonnet-4-6/);
    const reserved = await rejection(ask('reserved'));
    assert.equal(reserved.name, 'ValidationException');
    const ok = await ask('default', SONNET);
    // Answered (its 60-token budget may end the simulated answer early).
    assert.match(ok.stopReason ?? '', /^(end_turn|max_tokens)$/);
  });

  it('ConverseStream takes the tier and reports it in the metadata event', async () => {
    const read = async () => {
      const out = await t.bedrock().send(new ConverseStreamCommand({ modelId: NOVA_PRO, messages: userMessage('Hi'), inferenceConfig: { maxTokens: 20 }, serviceTier: { type: 'flex' } }));
      let seen: string | undefined;
      for await (const e of out.stream ?? []) if (e.metadata) seen = e.metadata.serviceTier?.type;
      return seen;
    };
    const tier = await complete(clock, read());
    assert.equal(tier, 'flex');
  });
});
