import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { ProviderError } from '../../../src/providers/errors';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type Endpoint, type ModelRequest, type StreamEvent } from '../../../src/providers/types';
import { type SimEnv, startSimEnv } from '../../support/simEnv';

const SONNET: Endpoint = { model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1' };
const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text }] }], maxTokens: 200, ...extra });

async function collect(provider: BedrockProvider, e: Endpoint, r: ModelRequest, signal = new AbortController().signal): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const ev of provider.stream(e, r, signal)) out.push(ev);
  return out;
}

async function kindOf(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    assert.ok(ProviderError.isInstance(err), `not a ProviderError: ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

describe('Bedrock provider through the real SDK and the simulator', function () {
  let env: SimEnv;
  before(async () => {
    env = await startSimEnv({ timeScale: 50, seed: 7 });
  });
  after(() => env.close());
  afterEach(() => env.sim.reset());

  it('ConverseStream yields text deltas, the stop reason and usage', async () => {
    const events = await collect(env.provider, SONNET, ask('Name three rivers.'));
    const text = events.filter((e) => e.type === 'text');
    assert.ok(text.length > 1, 'several deltas');
    assert.ok(events.some((e) => e.type === 'stop' && e.stopReason === 'end_turn'));
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage && usage.type === 'usage' && usage.usage.inputTokens > 0 && usage.usage.outputTokens > 0);
  });

  it('Converse returns the same text as the stream for the same prompt', async () => {
    const r = await env.provider.converse(SONNET, ask('Same prompt, same answer.'));
    const streamed = (await collect(env.provider, SONNET, ask('Same prompt, same answer.'))).flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    assert.equal(r.text, streamed);
    assert.equal(r.stopReason, 'end_turn');
  });

  it('tool use round trip: a toolUse block, then text once the result is sent', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const first = await collect(env.provider, SONNET, ask('Use get_weather for Paris', { tools }));
    const use = first.find((e) => e.type === 'toolUse');
    assert.ok(use && use.type === 'toolUse' && use.name === 'get_weather');
    assert.ok(first.some((e) => e.type === 'stop' && e.stopReason === 'tool_use'));
    const second = await collect(env.provider, SONNET, {
      tools,
      maxTokens: 200,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Use get_weather for Paris' }] },
        { role: 'assistant', content: [{ type: 'toolUse', toolUseId: use.toolUseId, name: use.name, input: use.input }] },
        { role: 'user', content: [{ type: 'toolResult', toolUseId: use.toolUseId, content: [{ text: 'Sunny, 21 C' }] }] },
      ],
    });
    assert.ok(second.some((e) => e.type === 'text'));
    assert.ok(second.some((e) => e.type === 'stop' && e.stopReason === 'end_turn'));
  });

  const cases: Array<[string, (env: SimEnv) => void, Endpoint, string, RegExp]> = [
    ['throttled', (e) => e.sim.faults.burst('throttle', 1), SONNET, 'throttled', /Bedrock throttled profile shard-a, us-east-1.*Too many requests, please wait before trying again\./],
    ['unavailable', (e) => e.sim.faults.burst('unavailable', 1), SONNET, 'unavailable', /Bedrock is unavailable .*ServiceUnavailableException/],
    ['internal error', (e) => e.sim.faults.burst('internal', 1), SONNET, 'unavailable', /InternalServerException/],
    ['model timeout', (e) => e.sim.faults.burst('timeout', 1), SONNET, 'timeout', /The model timed out/],
    ['model not ready', (e) => e.sim.faults.modelNotReady(SONNET.model), SONNET, 'model-not-ready', /not ready in us-east-1/],
    ['invalid request (unknown model)', () => {}, { ...SONNET, model: 'anthropic.claude-nonexistent-9' }, 'invalid-request', /model identifier is invalid.*Check the target's model id/],
    ['invalid request (bare id needs a profile)', () => {}, { ...SONNET, model: 'anthropic.claude-sonnet-4-6' }, 'invalid-request', /on-demand throughput isn.t supported.*"us\.anthropic\.claude-sonnet-4-6"/],
    ['access denied', (e) => e.sim.faults.burst('access-denied', 1), SONNET, 'access-denied', /./],
    ['expired credentials', (e) => e.sim.faults.accountExpired('shard-a'), SONNET, 'credentials', /credentials of AWS profile "shard-a" have expired\. Run `aws sso login --profile shard-a`/],
  ];
  for (const [name, arrange, endpoint, kind, message] of cases) {
    it(`classifies ${name} as ${kind} with an actionable message`, async () => {
      arrange(env);
      const err = await kindOf(collect(env.provider, endpoint, ask('hello')));
      assert.equal(err.kind, kind, err.message);
      assert.match(err.message, message);
    });
  }

  it('classifies a missing profile and an unknown key as credentials problems', async () => {
    const missing = await kindOf(collect(env.provider, { ...SONNET, profile: 'no-such-profile' }, ask('hi')));
    assert.equal(missing.kind, 'credentials');
    assert.match(missing.message, /AWS profile "no-such-profile".*aws configure/);
    const forged = `${env.dir}/forged-credentials`;
    await writeFile(forged, '[shard-a]\naws_access_key_id = AKIAFORGEDFORGED0000\naws_secret_access_key = nope\n');
    const p = new BedrockProvider({ endpoint: env.sim.endpoint, credentialsFile: forged, configFile: env.configFile });
    try {
      const unknown = await kindOf(collect(p, SONNET, ask('hi')));
      assert.equal(unknown.kind, 'credentials');
      assert.match(unknown.message, /did not recognise the access key of profile "shard-a"/);
      assert.doesNotMatch(unknown.message, /AKIAFORGED|nope/, 'never echo keys');
    } finally {
      p.dispose();
    }
  });

  it('classifies a bad secret (SigV4 rejection) as a credentials problem', async () => {
    const account = env.sim.accounts().find((a) => a.profile === 'shard-a')!;
    const bad = `${env.dir}/bad-secret`;
    await writeFile(bad, `[shard-a]\naws_access_key_id = ${account.accessKeyId}\naws_secret_access_key = wrong-secret\n`);
    const p = new BedrockProvider({ endpoint: env.sim.endpoint, credentialsFile: bad, configFile: env.configFile });
    try {
      const err = await kindOf(collect(p, SONNET, ask('hi')));
      assert.equal(err.kind, 'credentials');
      assert.match(err.message, /rejected the request signature of profile "shard-a"/);
    } finally {
      p.dispose();
    }
  });

  it('a mid-stream exception is thrown while iterating, after the first text', async () => {
    env.sim.faults.midStreamException({ afterTokens: 3, kind: 'throttle' });
    const got: StreamEvent[] = [];
    const err = await kindOf(
      (async () => {
        for await (const e of env.provider.stream(SONNET, ask('Tell me a long story about rivers.'), new AbortController().signal)) got.push(e);
      })(),
    );
    assert.ok(got.some((e) => e.type === 'text'), 'text arrived before the failure');
    assert.equal(err.kind, 'throttled');
  });

  it('a connection reset is classified as unavailable', async () => {
    env.sim.faults.connectionReset({ count: 1 });
    const err = await kindOf(collect(env.provider, SONNET, ask('hi')));
    assert.equal(err.kind, 'unavailable');
  });

  it('aborting the signal cancels a hung call', async () => {
    env.sim.faults.hang({ count: 1 });
    const ac = new AbortController();
    const p = collect(env.provider, SONNET, ask('hi'), ac.signal);
    setTimeout(() => ac.abort(), 50);
    const err = await kindOf(p);
    assert.equal(err.kind, 'cancelled');
  });

  it('one SDK client per profile and Region', async () => {
    const p = new BedrockProvider({ endpoint: env.sim.endpoint, credentialsFile: env.credentialsFile, configFile: env.configFile });
    try {
      await collect(p, SONNET, ask('a'));
      await collect(p, SONNET, ask('b'));
      await collect(p, { ...SONNET, region: 'us-west-2' }, ask('c'));
      await collect(p, { ...SONNET, profile: 'shard-b' }, ask('d'));
      assert.equal(p.pool.size, 3);
    } finally {
      p.dispose();
    }
  });
});
