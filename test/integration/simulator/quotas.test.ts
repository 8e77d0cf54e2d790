import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { converse, rejection, startTestSim, waitFor, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';
/** Counts output 1:1 (Claude 4-class models burn 5x; see bedrockQuotas.test.ts). */
const NOVA_LITE = 'us.amazon.nova-lite-v1:0';

describe('simulator: quotas per account x Region x model x pool', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 5, timeScale: 100 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  async function settle(n: number, call: (i: number) => Promise<unknown>) {
    const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
    return { ok: results.length - rejected.length, rejected };
  }

  // Bedrock enforces no RPM quota today; these replay an older account's RPM quota, set by the scenario.
  it('an older account\'s RPM quota of 3 (scenario-set) admits exactly 3 of 10 concurrent calls; the rest get ThrottlingException', async () => {
    t.sim.setQuota({ profile: 'shard-a', region: 'us-east-1', model: SONNET, rpm: 3 });
    const client = t.bedrock();
    const { ok, rejected } = await settle(10, (i) => converse(client, SONNET, `call ${i}`, 50));
    assert.equal(ok, 3);
    assert.equal(rejected.length, 7);
    for (const err of rejected) {
      assert.equal(err.name, 'ThrottlingException');
      assert.equal(err.message, 'Too many requests, please wait before trying again.');
      assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 429);
    }
    await converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'another account is not limited', 50);
    await converse(t.bedrock('shard-a', 'us-east-2'), SONNET, 'nor another source Region', 50);
  });

  it('admits again once the 60 s window has passed on the simulator clock', async () => {
    t.sim.setQuota({ profile: 'shard-a', model: SONNET, rpm: 3 });
    const client = t.bedrock();
    assert.equal((await settle(5, (i) => converse(client, SONNET, `first ${i}`, 20))).ok, 3);
    await t.sim.clock.sleep(60_000);
    assert.equal((await settle(5, (i) => converse(client, SONNET, `second ${i}`, 20))).ok, 3);
  });

  it('keeps the on-demand and cross-Region pools apart', async () => {
    t.sim.setQuota({ model: 'us.amazon.nova-lite-v1:0', rpm: 1 });
    assert.deepEqual(t.sim.quotaFor({ profile: 'shard-a', region: 'us-east-1', model: 'us.amazon.nova-lite-v1:0' }).rpm, 1);
    const client = t.bedrock();
    assert.equal((await settle(3, (i) => converse(client, 'us.amazon.nova-lite-v1:0', `x ${i}`, 20))).ok, 1);
    assert.equal((await settle(3, (i) => converse(client, 'amazon.nova-lite-v1:0', `y ${i}`, 20))).ok, 3);
  });

  it("without maxTokens the reservation is the model's maximum output (64,000 for Sonnet 4.6)", async () => {
    t.sim.setQuota({ profile: 'shard-a', model: SONNET, tpm: 60_000 });
    const err = await rejection(converse(t.bedrock(), SONNET, 'no max tokens'));
    assert.equal(err.message, 'Too many tokens, please wait before trying again.');
    await converse(t.bedrock(), SONNET, 'small max tokens', 100);
  });
});

describe('simulator: token quotas on a manual clock', function () {
  let t: TestSim;
  let clock: ManualClock;
  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    t = await startTestSim({ seed: 5, clock });
  });
  after(() => t.close());

  it('a TPM quota reserves input + maxTokens at admission and settles with the real usage (a 1:1 model)', async () => {
    t.sim.setQuota({ profile: 'shard-a', region: 'us-east-1', model: NOVA_LITE, tpm: 1000 });
    const client = t.bedrock();
    const calls = Array.from({ length: 4 }, (_, i) => converse(client, NOVA_LITE, `tok ${i}`, 300));
    const settled = Promise.allSettled(calls);
    // Admission happens on arrival; generation waits on the clock, so nothing settles yet.
    await waitFor(() => t.sim.invocationLog().length === 1 && clock.pending === 3);
    assert.equal(t.sim.invocationLog()[0]?.errorCode, 'ThrottlingException');
    await clock.advance(30_000);
    const results = await settled;
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3, 'three reservations of about 302 tokens fit in 1000');
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason as Error;
    assert.equal(rejected.name, 'ThrottlingException');
    assert.equal(rejected.message, 'Too many tokens, please wait before trying again.');
    const used = t.sim
      .invocationLog()
      .filter((r) => r.outcome === 'success')
      .reduce((n, r) => n + r.inputTokens + r.outputTokens, 0);
    assert.ok(used + 302 <= 1000 && 3 * 302 + 302 > 1000, `settled usage ${used} leaves room that the reservations alone would not`);
    const fifth = converse(client, NOVA_LITE, 'tok 5', 300);
    await waitFor(() => clock.pending === 1);
    await clock.advance(10_000);
    await fifth;
  });
});
