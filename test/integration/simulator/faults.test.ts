import { ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { findModel, replyText } from '../../../src/simulator';
import { latencyPlan, totalLatencyMs } from '../../../src/simulator/latency';
import { converse, rejection, startTestSim, textOf, userMessage, waitFor, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';

describe('simulator: faults', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 11 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  async function outcomes(n: number, call: (i: number) => Promise<unknown>): Promise<string[]> {
    const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));
    return results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name));
  }

  it('a Region that is down answers 503 ServiceUnavailableException, and CRIS from elsewhere avoids it', async () => {
    t.sim.faults.setRegionStatus('us-east-2', 'down');
    const err = await rejection(converse(t.bedrock('shard-a', 'us-east-2'), SONNET, 'sent to a Region that is down'));
    assert.equal(err.name, 'ServiceUnavailableException');
    assert.equal(err.$metadata?.httpStatusCode, 503);
    const client = t.bedrock('shard-a', 'us-east-1');
    assert.deepEqual(new Set(await outcomes(30, (i) => converse(client, SONNET, `cris ${i}`, 20))), new Set(['ok']));
    assert.ok(t.sim.invocationLog().every((r) => r.inferenceRegion !== 'us-east-2'));
  });

  it('when every destination is down, profile calls fail with 503', async () => {
    for (const r of ['us-east-2', 'us-west-2']) t.sim.faults.setRegionStatus(r, 'down');
    t.sim.faults.setRegionStatus('us-east-1', 'down');
    const err = await rejection(converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'nowhere to go'));
    assert.equal(err.name, 'ServiceUnavailableException');
  });

  it('an error rate fails about that share of calls, the same calls count for the same seed', async () => {
    const run = async () => {
      t.sim.reset();
      t.sim.faults.errorRate('unavailable', 0.3, { model: SONNET });
      const client = t.bedrock();
      return outcomes(100, (i) => converse(client, SONNET, `rate ${i}`, 10));
    };
    const first = await run();
    const failures = first.filter((o) => o === 'ServiceUnavailableException').length;
    assert.ok(failures >= 15 && failures <= 45, `${failures} of 100 failed at rate 0.3`);
    assert.equal(first.filter((o) => o !== 'ok' && o !== 'ServiceUnavailableException').length, 0);
    const second = await run();
    assert.equal(second.filter((o) => o === 'ServiceUnavailableException').length, failures);
    await converse(t.bedrock(), 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'other models are not affected', 10);
  });

  it('a burst fails exactly the next N matching calls with the error of its kind', async () => {
    t.sim.faults.burst('timeout', 2, { profile: 'shard-a' });
    const client = t.bedrock();
    const first = await rejection(converse(client, SONNET, 'one', 10));
    assert.equal(first.name, 'ModelTimeoutException');
    assert.equal(first.$metadata?.httpStatusCode, 408);
    await converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'other account', 10);
    assert.equal((await rejection(converse(client, SONNET, 'two', 10))).name, 'ModelTimeoutException');
    await converse(client, SONNET, 'three', 10);
    assert.deepEqual(t.sim.faults.list(), []);
  });

  it('each error kind has its Bedrock status code', async () => {
    const kinds = [
      ['throttle', 'ThrottlingException', 429],
      ['internal', 'InternalServerException', 500],
      ['model-error', 'ModelErrorException', 424],
      ['quota-exceeded', 'ServiceQuotaExceededException', 400],
      ['access-denied', 'AccessDeniedException', 403],
    ] as const;
    for (const [kind, name, status] of kinds) {
      t.sim.faults.burst(kind, 1);
      const err = await rejection(converse(t.bedrock(), SONNET, kind, 10));
      assert.deepEqual([err.name, err.$metadata?.httpStatusCode], [name, status]);
    }
  });

  it('a model that is not ready answers 429 ModelNotReadyException, only where marked', async () => {
    t.sim.faults.modelNotReady('anthropic.claude-sonnet-4-6', { region: 'us-east-1' });
    const err = await rejection(converse(t.bedrock(), SONNET, 'not ready', 10));
    assert.equal(err.name, 'ModelNotReadyException');
    assert.equal(err.$metadata?.httpStatusCode, 429);
    await converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'ready in us-west-2', 10);
    t.sim.faults.modelNotReady('anthropic.claude-sonnet-4-6', { region: 'us-east-1', ready: true });
    await converse(t.bedrock(), SONNET, 'ready again', 10);
  });

  it('a mid-stream exception is thrown by the SDK while iterating, after exactly N tokens', async () => {
    t.sim.faults.midStreamException({ afterTokens: 7, kind: 'throttle', count: 1 });
    const res = await t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('stream then fail') }));
    let text = '';
    const err = await rejection(
      (async () => {
        for await (const e of res.stream ?? []) text += e.contentBlockDelta?.delta?.text ?? '';
      })(),
    );
    assert.equal(err.name, 'ThrottlingException');
    assert.equal(err.message, 'Too many requests, please wait before trying again.');
    const expected = replyText(11, 'stream then fail');
    assert.ok(text.length > 0 && expected.startsWith(text), `partial text ${JSON.stringify(text)}`);
    await waitFor(() => t.sim.invocationLog().length === 1);
    assert.deepEqual([t.sim.invocationLog()[0]?.outputTokens, t.sim.invocationLog()[0]?.errorCode], [7, 'ThrottlingException']);
  });

  it('the default mid-stream exception is a ModelStreamErrorException', async () => {
    t.sim.faults.midStreamException({ afterTokens: 0 });
    const res = await t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('fail at once') }));
    const err = await rejection(
      (async () => {
        for await (const _ of res.stream ?? []) void _;
      })(),
    );
    assert.equal(err.name, 'ModelStreamErrorException');
  });

  it('a hung call never answers until the client aborts; the server keeps serving', async () => {
    t.sim.faults.hang({ count: 1 });
    const controller = new AbortController();
    const hung = t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('hang') }), { abortSignal: controller.signal });
    await waitFor(() => t.sim.activeRequests() === 1);
    const other = await converse(t.bedrock(), SONNET, 'still serving', 10);
    assert.ok(textOf(other).length > 0);
    assert.equal(t.sim.activeRequests(), 1);
    controller.abort();
    const err = await rejection(hung);
    assert.equal(err.name, 'AbortError');
    await waitFor(() => t.sim.activeRequests() === 0);
    assert.deepEqual(
      t.sim.invocationLog().map((r) => r.outcome),
      ['success', 'client-aborted'],
    );
  });

  it('a connection reset fails the call; the next one succeeds', async () => {
    t.sim.faults.connectionReset({ count: 1 });
    const err = await rejection(converse(t.bedrock(), SONNET, 'reset', 10));
    assert.notEqual(err.name, 'ValidationException');
    assert.equal(err.$metadata?.httpStatusCode, undefined, 'no HTTP response');
    await converse(t.bedrock(), SONNET, 'after reset', 10);
    assert.deepEqual(
      t.sim.invocationLog().map((r) => r.errorCode ?? r.outcome),
      ['ConnectionReset', 'success'],
    );
  });

  it('a reset after N streamed tokens breaks the stream mid-way', async () => {
    t.sim.faults.connectionReset({ afterTokens: 4 });
    const res = await t.bedrock().send(new ConverseStreamCommand({ modelId: SONNET, messages: userMessage('reset mid-way') }));
    let deltas = 0;
    await rejection(
      (async () => {
        for await (const e of res.stream ?? []) if (e.contentBlockDelta) deltas++;
      })(),
    );
    assert.ok(deltas >= 1 && deltas <= 2, `${deltas} deltas before the reset`);
  });

  it('a slow first token adds simulated time before the first token', async () => {
    t.sim.faults.slowFirstToken(30_000, { count: 1 });
    const slow = await converse(t.bedrock(), SONNET, 'slow', 10);
    const fast = await converse(t.bedrock(), SONNET, 'fast', 10);
    assert.ok((slow.metrics?.latencyMs ?? 0) >= 30_000, `slow call took ${slow.metrics?.latencyMs} ms`);
    assert.ok((fast.metrics?.latencyMs ?? Infinity) < 30_000, `fast call took ${fast.metrics?.latencyMs} ms`);
  });

  it('a degraded Region fails at its error rate and answers more slowly', async () => {
    // The reported latency is at least the modelled one (a busy machine only adds to it), so
    // compare the degraded call with the fastest a healthy call could be, not with a measurement.
    const region = t.sim.regions()['us-east-1']!;
    const model = findModel('amazon.nova-lite-v1:0')!;
    t.sim.faults.configureRegion('us-east-1', { degraded: { errorRate: 0, latencyFactor: 10 } });
    t.sim.faults.setRegionStatus('us-east-1', 'degraded');
    const slow = await converse(t.bedrock(), 'amazon.nova-lite-v1:0', 'same prompt', 50);
    const fastestHealthy = totalLatencyMs(latencyPlan({ ...region, status: 'healthy' }, model, 0), slow.usage?.outputTokens ?? 0);
    assert.ok((slow.metrics?.latencyMs ?? 0) >= 10 * fastestHealthy, `${slow.metrics?.latencyMs} vs a healthy minimum of ${fastestHealthy}`);
    t.sim.faults.configureRegion('us-east-1', { degraded: { errorRate: 1, errorKind: 'internal' } });
    assert.equal((await rejection(converse(t.bedrock(), 'amazon.nova-lite-v1:0', 'fails', 10))).name, 'InternalServerException');
  });
});
