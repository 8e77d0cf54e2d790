/**
 * Bedrock's quota model as it is today, through the real AWS SDK: Claude 4-class output
 * burns 5 tokens of quota, input + maxTokens is reserved at the start and settled at the
 * end, the per-day quota throttles with its own message, and background callers in the
 * account draw on the same pool.
 */
import { ConverseStreamCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock';
import { converse, rejection, signedFetch, startTestSim, waitFor, type TestSim } from './helpers';

const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA_LITE = 'us.amazon.nova-lite-v1:0';
const FAST = { ttftMs: 10, tokensPerSecond: 1000, jitter: 0 };
const DAY = 86_400_000;

/** Runs a call to completion on a manual clock: advances it in small steps (a bounded number). */
async function complete<T>(clock: ManualClock, call: Promise<T>): Promise<PromiseSettledResult<T>> {
  let done = false;
  const settled = Promise.allSettled([call]).then(([r]) => {
    done = true;
    return r!;
  });
  // A real millisecond between steps: the request must reach the simulator (real I/O) before simulated
  // time moves past it. Without it, on a busy machine, the 400 steps could all run before it arrived.
  for (let i = 0; i < 400 && !done; i++) {
    await new Promise((r) => setTimeout(r, 1));
    await clock.advance(50);
  }
  return settled;
}

describe('simulator: Bedrock quotas today (tokens per minute and per day, burndown, background callers)', function () {
  let t: TestSim;
  let clock: ManualClock;
  before(async () => {
    // Mid-day, so the per-minute windows below never cross a UTC day boundary by accident.
    clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    t = await startTestSim({ seed: 11, clock, scenario: { regions: { 'us-east-1': FAST, 'us-east-2': FAST, 'us-west-2': FAST } } });
  });
  after(() => t.close());
  afterEach(async () => {
    t.sim.reset();
    // Leave every pool's minute behind.
    await clock.advance(61_000);
  });

  const pool = { profile: 'shard-a', region: 'us-east-1', model: SONNET_45 };

  it('reserves input + maxTokens when a request starts and settles it to input + 5 x output when it ends (Claude 4-class)', async () => {
    const call = converse(t.bedrock(), SONNET_45, 'Describe a lighthouse at dusk.', 400);
    await waitFor(() => t.sim.quotaUsage(pool).reservedTokens > 0);
    const during = t.sim.quotaUsage(pool);
    const result = await complete(clock, call);
    assert.equal(result.status, 'fulfilled');
    const out = (result as PromiseFulfilledResult<Awaited<typeof call>>).value;
    const input = out.usage!.inputTokens!;
    const output = out.usage!.outputTokens!;
    assert.ok(output > 0 && output <= 400);
    assert.equal(during.reservedTokens, input + 400, 'reserved at the start: input + maxTokens');
    assert.equal(during.tokensLastMinute, input + 400);
    const after = t.sim.quotaUsage(pool);
    assert.equal(after.reservedTokens, 0);
    assert.equal(after.tokensLastMinute, input + 5 * output, 'settled: each output token counts 5 times');
    assert.equal(after.tokensToday, input + 5 * output);
    const record = t.sim.invocationLog().at(-1)!;
    assert.equal(record.quotaTokens, input + 5 * output);
  });

  it('a Claude 4-class pool of N TPM admits what Bedrock would and throttles beyond it, output counted 5x', async () => {
    // One call on another account measures the request's input and output tokens.
    const prompt = 'Summarize the history of the printing press.';
    const probe = await complete(clock, converse(t.bedrock('shard-b', 'us-east-1'), SONNET_45, prompt, 300));
    const usage = (probe as PromiseFulfilledResult<Awaited<ReturnType<typeof converse>>>).value.usage!;
    const input = usage.inputTokens!;
    const output = usage.outputTokens!;
    const burned = input + 5 * output;
    const reserve = input + 300;
    assert.ok(input <= 7 * output, `the reply is long enough for burndown to decide the outcome (${input} in, ${output} out)`);
    // Room for exactly two settled calls and the third's reservation.
    const n = 2 * burned + reserve;
    t.sim.setQuota({ profile: 'shard-a', region: 'us-east-1', model: SONNET_45, tpm: n });
    assert.equal(t.sim.quotaFor(pool).tpm, n);
    const client = t.bedrock();
    for (let i = 0; i < 3; i++) assert.equal((await complete(clock, converse(client, SONNET_45, prompt, 300))).status, 'fulfilled', `call ${i + 1} fits`);
    assert.equal(t.sim.quotaUsage(pool).tokensLastMinute, 3 * burned);
    // Counted 1:1 the pool would hold 3 x (input + output) + another reservation; counted as Bedrock does, it is full.
    assert.ok(3 * (input + output) + reserve <= n);
    const err = await rejection(converse(client, SONNET_45, prompt, 300));
    assert.equal(err.name, 'ThrottlingException');
    assert.equal(err.message, 'Too many tokens, please wait before trying again.');
    assert.equal(err.$metadata?.httpStatusCode, 429);
    // ConverseStream and InvokeModel draw on the same pool.
    const stream = await rejection(client.send(new ConverseStreamCommand({ modelId: SONNET_45, messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 300 } })));
    assert.equal(stream.name, 'ThrottlingException');
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: prompt }] });
    const invoke = await rejection(client.send(new InvokeModelCommand({ modelId: SONNET_45, contentType: 'application/json', body })));
    assert.equal(invoke.name, 'ThrottlingException');
    // A minute later the pool has room again.
    await clock.advance(60_001);
    assert.equal((await complete(clock, converse(client, SONNET_45, prompt, 300))).status, 'fulfilled');
  });

  it('the per-day quota (tpm x 1,440 by default) throttles with its own message until the next UTC day', async () => {
    assert.equal(t.sim.quotaFor(pool).tokensPerDay, t.sim.quotaFor(pool).tpm * 1440);
    t.sim.setQuota({ profile: 'shard-a', model: SONNET_45, tpm: 1_000_000, tokensPerDay: 3000 });
    assert.deepEqual(t.sim.quotaFor(pool), { tpm: 1_000_000, tokensPerDay: 3000 });
    const client = t.bedrock();
    let served = 0;
    let err: Awaited<ReturnType<typeof rejection>> | undefined;
    for (let i = 0; i < 20 && !err; i++) {
      const r = await complete(clock, converse(client, SONNET_45, `day ${i}`, 200));
      if (r.status === 'fulfilled') served++;
      else err = r.reason as Awaited<ReturnType<typeof rejection>>;
      await clock.advance(61_000);
    }
    assert.ok(served >= 1 && err, `served ${served} before the daily cap`);
    assert.equal(err.name, 'ThrottlingException');
    assert.equal(err.message, 'Too many tokens per day, please wait before trying again.');
    assert.equal(err.$metadata?.httpStatusCode, 429);
    assert.ok(t.sim.quotaUsage(pool).tokensToday + 201 > 3000);
    // The cross-Region and on-demand kinds share the model's day; the next UTC day starts afresh.
    await clock.advance(DAY - (clock.now() % DAY) + 1000);
    assert.equal(t.sim.quotaUsage(pool).tokensToday, 0);
    assert.equal((await complete(clock, converse(client, SONNET_45, 'a new day', 200))).status, 'fulfilled');
  });

  it('a background caller in the account reduces what a client gets from the same pool, and shows in the log as another caller', async () => {
    const quota = { profile: 'shard-a', region: 'us-east-1', model: NOVA_LITE, tpm: 10_000 };
    // 12 concurrent calls: all are admitted or throttled on arrival, before any finishes.
    const burst = async () => {
      const client = t.bedrock();
      const logged = t.sim.invocationLog().length;
      const calls = Promise.allSettled(Array.from({ length: 12 }, (_, i) => converse(client, NOVA_LITE, `load ${i}`, 1000)));
      const throttled = () => t.sim.invocationLog().slice(logged).filter((r) => !r.caller && r.errorCode === 'ThrottlingException').length;
      await waitFor(() => t.sim.activeRequests() + throttled() === 12);
      const results = await complete(clock, calls);
      assert.equal(results.status, 'fulfilled');
      return (results as PromiseFulfilledResult<PromiseSettledResult<unknown>[]>).value.filter((r) => r.status === 'fulfilled').length;
    };
    t.sim.setQuota(quota);
    const alone = await burst();
    assert.ok(alone >= 8 && alone <= 9, `about 10,000 / (input + 1000) calls fit alone, got ${alone}`);
    t.sim.reset();
    await clock.advance(61_000);
    t.sim.setQuota(quota);
    // Another application: 6,000 tokens in a burst every minute, added through the admin API.
    const res = await fetch(`${t.sim.endpoint}/__sim/background-callers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nightly-batch', profile: 'shard-a', region: 'us-east-1', model: NOVA_LITE, tokensPerMinute: 6000, tokensPerRequest: 2000, pattern: 'bursty' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { name: 'nightly-batch', profile: 'shard-a', region: 'us-east-1', model: NOVA_LITE, tokensPerMinute: 6000, tokensPerRequest: 2000, pattern: 'bursty', sent: 3, throttled: 0 });
    const shared = await burst();
    assert.ok(shared >= 3 && shared <= 4, `about (10,000 - 6,000) / (input + 1000) calls fit next to it, got ${shared}`);
    assert.ok(shared < alone);
    const background = t.sim.invocationLog().filter((r) => r.caller === 'background:nightly-batch');
    assert.equal(background.length, 3);
    assert.ok(background.every((r) => r.outcome === 'success' && r.profile === 'shard-a' && r.quotaTokens === 2000 && r.inputTokens + r.outputTokens === 2000));
    // Its next burst goes out a minute later, on the simulator's clock.
    await clock.advance(60_000);
    const [status] = (await (await fetch(`${t.sim.endpoint}/__sim/background-callers`)).json()) as Array<{ sent: number; throttled: number }>;
    assert.equal(status?.sent, 6);
    const del = await fetch(`${t.sim.endpoint}/__sim/background-callers/nightly-batch`, { method: 'DELETE' });
    assert.deepEqual(await del.json(), { removed: true });
    assert.deepEqual(t.sim.backgroundCallers(), []);
  });

  it('a scenario starts background callers (steady), on the same clock', async () => {
    const c = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const t2 = await startTestSim({
      clock: c,
      scenario: { backgroundCallers: [{ name: 'etl', profile: 'shard-b', region: 'us-west-2', model: 'amazon.nova-pro-v1:0', tokensPerMinute: 12_000, tokensPerRequest: 1000 }] },
    });
    try {
      const key = { profile: 'shard-b', region: 'us-west-2', model: 'amazon.nova-pro-v1:0' };
      assert.equal(t2.sim.quotaUsage(key).tokensLastMinute, 1000, 'the first request goes out at once');
      await c.advance(60_000);
      // One request every 5 s: the window holds the last 12.
      assert.equal(t2.sim.quotaUsage(key).tokensLastMinute, 12_000);
      assert.equal(t2.sim.invocationLog().filter((r) => r.caller === 'background:etl').length, 13);
      // The account's invocation logs show it as another caller: its own role, not the profile's user.
      const now = c.now() / 1000;
      const logs = t2.logs('shard-b', 'us-west-2');
      const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: '/aws/bedrock/modelinvocations', startTime: Math.floor(now - 3600), endTime: Math.ceil(now), queryString: 'stats count(*) as n by identity.arn' }));
      const res = await logs.send(new GetQueryResultsCommand({ queryId }));
      assert.deepEqual(
        (res.results ?? []).map((row) => Object.fromEntries(row.map((f) => [f.field, f.value]))),
        [{ 'identity.arn': `arn:aws:iam::${t2.account('shard-b').accountId}:role/etl`, n: '13' }],
      );
    } finally {
      await t2.close();
    }
  });

  it('rejects a background caller for an unknown account, a bad rate or a Region its model is not served from, naming the field', async () => {
    const res = await fetch(`${t.sim.endpoint}/__sim/background-callers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', profile: 'nobody', region: 'us-east-1', model: NOVA_LITE, tokensPerMinute: 100 }),
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /no account "nobody"/);
    const bad = await fetch(`${t.sim.endpoint}/__sim/background-callers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', profile: 'shard-a', region: 'us-east-1', model: NOVA_LITE, tokensPerMinute: 0 }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /tokensPerMinute/);
    const where = await fetch(`${t.sim.endpoint}/__sim/background-callers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', profile: 'shard-a', region: 'eu-west-1', model: NOVA_LITE, tokensPerMinute: 100 }),
    });
    assert.equal(where.status, 400);
    assert.match(((await where.json()) as { message: string }).message, /us\.amazon\.nova-lite-v1:0 cannot be called from eu-west-1 \(it can from us-east-1, us-east-2, us-west-2\)/);
  });
});

describe('simulator: a union member Bedrock does not define is rejected, not answered', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 3 });
  });
  after(() => t.close());

  it('Converse: a content block of an unknown type is a ValidationException', async () => {
    const before = t.sim.invocationLog().length;
    const err = await rejection(
      t.bedrock().send(
        new (await import('@aws-sdk/client-bedrock-runtime')).ConverseCommand({
          modelId: SONNET_45,
          messages: [{ role: 'user', content: [{ text: 'hi' }, { $unknown: ['hologram', { depth: 3 }] } as never] }],
        }),
      ),
    );
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.match(err.message, /^1 validation error detected: Value .* at 'messages\.1\.member\.content\.2\.member' failed to satisfy constraint: .*'hologram' is not a member of ContentBlock/);
    const records = t.sim.invocationLog().slice(before);
    assert.ok(records.every((r) => r.outcome === 'error' && r.errorCode === 'ValidationException' && r.outputTokens === 0));
  });

  it('Converse: an unknown system block member, and a block with two members, are rejected too', async () => {
    const account = t.account('shard-a');
    const path = `/model/${encodeURIComponent(SONNET_45)}/converse`;
    const system = await signedFetch(t.sim, account, path, JSON.stringify({ system: [{ banner: 'x' }], messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    assert.equal(system.status, 400);
    assert.match(system.errorType ?? '', /^ValidationException/);
    assert.match(JSON.parse(system.body).message, /'banner' is not a member of SystemContentBlock/);
    const two = await signedFetch(t.sim, account, path, JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi', image: { format: 'png', source: { bytes: 'AA==' } } }] }] }));
    assert.equal(two.status, 400);
    assert.match(JSON.parse(two.body).message, /exactly one member of ContentBlock/);
  });

  it('InvokeModel (Anthropic body): a content block of an unknown type is rejected with Anthropic\'s message', async () => {
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: [{ type: 'hologram', depth: 3 }] }] });
    const err = await rejection(t.bedrock().send(new InvokeModelCommand({ modelId: SONNET_45, contentType: 'application/json', body })));
    assert.equal(err.name, 'ValidationException');
    assert.match(err.message, /^messages\.0\.content\.0: Input tag 'hologram' found using 'type' does not match any of the expected tags: 'text', 'image'/);
  });
});
