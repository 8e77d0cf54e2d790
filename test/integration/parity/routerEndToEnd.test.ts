/** Parity features end to end: router → BedrockProvider (the real SDK) → simulator. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelDirectory } from '../../../src/core/modelDirectory';
import { ModelDiscovery, learnFromDiscovery } from '../../../src/providers/bedrock/discovery';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { envSecrets } from '../../../src/providers/bedrock/secrets';
import { type ModelRequest } from '../../../src/providers/types';
import { Router, RouterError, type RouterEvent, type SettingsInput, resolveSettings } from '../../../src/router';
import { MIN_CACHE_TOKENS, type Simulator, startSimulator } from '../../../src/simulator';

const SONNET_US = 'us.anthropic.claude-sonnet-4-6';
const NOVA = 'amazon.nova-lite-v1:0';
const LLAMA_US = 'us.meta.llama3-3-70b-instruct-v1:0';
/** A 1x1 PNG. */
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
const SYSTEM = `House rules. ${'Answer in the house style, with care and precision. '.repeat(Math.ceil((MIN_CACHE_TOKENS * 4 * 1.3) / 52))}`;
const say = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text }] }], maxTokens: 200, ...extra });

async function collect(router: Router, route: string, request: ModelRequest): Promise<RouterEvent[]> {
  const out: RouterEvent[] = [];
  for await (const e of router.stream({ route, tenant: 'ws', request })) out.push(e);
  return out;
}

describe('parity: router, provider and simulator together', () => {
  let sim: Simulator;
  let dir: string;
  let files: { credentialsFile: string; configFile: string };
  const disposables: Array<{ dispose(): void }> = [];

  before(async () => {
    // Slow enough that the router's first-token timeout (30 simulated s) is not a few real ms.
    sim = await startSimulator({ timeScale: 20, seed: 4 });
    dir = await mkdtemp(join(tmpdir(), 'rllm-parity-e2e-'));
    files = await sim.writeAwsFiles(dir);
  });
  after(async () => {
    for (const d of disposables) d.dispose();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => sim.reset());

  function router(settings: SettingsInput, options: { secrets?: Record<string, string>; models?: ModelDirectory } = {}): Router {
    const provider = new BedrockProvider({ endpoint: sim.endpointTemplate, ...files, secrets: envSecrets(options.secrets ?? {}), env: {} });
    disposables.push(provider);
    return new Router({ config: resolveSettings(settings, { models: options.models }), provider, clock: sim.clock, models: options.models });
  }

  it('prompt caching: the route adds cache points; records and statistics carry cache writes, then reads', async () => {
    const r = router({ targets: [{ id: 'sonnet', model: SONNET_US, profile: 'shard-a', region: 'us-east-1' }], routes: [{ name: 'cached', targets: ['sonnet'], promptCaching: true }] });
    const first = await r.send({ route: 'cached', tenant: 'ws', request: say('First question', { system: [SYSTEM] }) });
    const second = await r.send({ route: 'cached', tenant: 'ws', request: say('Second question', { system: [SYSTEM] }) });
    const written = first.record.usage?.cacheWriteInputTokens ?? 0;
    assert.ok(written >= MIN_CACHE_TOKENS, `the system prompt was written (${written})`);
    assert.equal(first.record.usage?.cacheReadInputTokens, 0);
    // The second request repeats the system prompt (read) but not the first question (its new question is written).
    const read = second.record.usage?.cacheReadInputTokens ?? 0;
    assert.ok(read >= MIN_CACHE_TOKENS && read < written, `the system prompt was read back (${read})`);
    assert.ok((second.record.usage?.cacheWriteInputTokens ?? 0) < 10);
    assert.ok((second.record.costUsd ?? 1) < (first.record.costUsd ?? 0), 'a cached request costs less');
    const stats = r.stats.target('sonnet');
    assert.equal(stats.cacheReadTokens, read);
    assert.equal(stats.cacheWriteTokens, written + (second.record.usage?.cacheWriteInputTokens ?? 0));
    assert.deepEqual(sim.invocationLog().map((x) => x.cacheReadInputTokens), [0, read]);
  });

  it("prompt caching: cache points go nowhere near a model that doesn't support them (no error)", async () => {
    const r = router({ targets: [{ id: 'llama', model: LLAMA_US, profile: 'shard-a', region: 'us-east-1' }], routes: [{ name: 'llama', targets: ['llama'], promptCaching: true }] });
    const request: ModelRequest = { system: [SYSTEM], systemCachePoint: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'cachePoint' }] }], maxTokens: 100 };
    const { record } = await r.send({ route: 'llama', tenant: 'ws', request });
    assert.equal(record.outcome, 'succeeded');
    assert.equal(record.usage?.cacheReadInputTokens, undefined);
  });

  it('reasoning: thinking streams before the answer from Claude; Nova in the same route answers without it', async () => {
    const r = router({
      targets: [
        { id: 'claude', model: SONNET_US, profile: 'shard-a', region: 'us-east-1' },
        { id: 'nova', model: NOVA, profile: 'shard-a', region: 'us-east-1' },
      ],
      routes: [{ name: 'think', targets: ['claude', 'nova'], strategy: 'round-robin', reasoning: { budgetTokens: 2048 }, maxTokens: 300 }],
    });
    const byTarget: Record<string, string[]> = {};
    for (let i = 0; i < 2; i++) {
      const events = await collect(r, 'think', say(`Think about ${i}`));
      const served = events.find((e) => e.type === 'served');
      byTarget[served?.type === 'served' ? served.servedBy.targetId : '?'] = events.flatMap((e) => (e.type === 'reasoning' ? [e.signature ? 'signature' : 'reasoning'] : e.type === 'text' ? ['text'] : []));
    }
    const claude = byTarget.claude ?? [];
    assert.equal(claude[0], 'reasoning');
    assert.ok(claude.indexOf('signature') < claude.indexOf('text') && claude.indexOf('signature') > 0, 'thinking, its signature, then the answer');
    assert.ok((byTarget.nova ?? []).every((k) => k === 'text'));
  });

  it('images: a small PNG reaches an image-capable model as an image block; a text-only route refuses before any call', async () => {
    const r = router({
      targets: [
        { id: 'llama', model: LLAMA_US, profile: 'shard-a', region: 'us-east-1' },
        { id: 'nova', model: NOVA, profile: 'shard-a', region: 'us-east-1' },
      ],
      routes: [
        { name: 'vision', targets: ['llama', 'nova'] },
        { name: 'text', targets: ['llama'] },
      ],
    });
    const request: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'image', format: 'png', bytes: PNG }, { type: 'text', text: 'What is in this picture?' }] }], maxTokens: 100 };
    const { record, text } = await r.send({ route: 'vision', tenant: 'ws', request });
    assert.equal(record.servedBy?.targetId, 'nova');
    assert.ok(text.length > 0);
    const logged = sim.invocationLog();
    assert.equal(logged.length, 1);
    assert.ok((logged[0]?.inputTokens ?? 0) >= 1600, 'the simulator counted an image block');
    sim.reset();
    await assert.rejects(r.send({ route: 'text', tenant: 'ws', request }), (err: unknown) => RouterError.isInstance(err) && err.kind === 'invalid-request');
    assert.equal(sim.invocationLog().length, 0, 'nothing was sent');
  });

  it("application inference profile ARN as a target's model: discovery tells the router what it is; the simulator logs the ARN", async () => {
    const app = sim.createApplicationInferenceProfile({ profile: 'shard-b', region: 'us-west-2', name: 'team haiku', copyFrom: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' });
    const provider = new BedrockProvider({ endpoint: sim.endpointTemplate, controlEndpoint: sim.endpointTemplate, ...files });
    disposables.push(provider);
    const directory = new ModelDirectory();
    learnFromDiscovery(directory, await new ModelDiscovery(provider.pool).discover({ profile: 'shard-b', region: 'us-west-2' }));
    const r = router({ targets: [{ id: 'app', model: app.arn, profile: 'shard-b', region: 'us-west-2' }], routes: [{ name: 'app', targets: ['app'], inferenceScope: 'geographic' }] }, { models: directory });
    const { record } = await r.send({ route: 'app', tenant: 'ws', request: { messages: [{ role: 'user', content: [{ type: 'image', format: 'png', bytes: PNG }, { type: 'text', text: 'describe' }] }], maxTokens: 100 } });
    assert.equal(record.servedBy?.model, app.arn);
    assert.ok((record.costUsd ?? 0) > 0, 'priced as Claude Haiku');
    assert.deepEqual(sim.invocationLog().map((x) => [x.modelId, x.foundationModelId]), [[app.arn, 'anthropic.claude-haiku-4-5-20251001-v1:0']]);
  });

  it('a bearer-token target: served as its account; no key in records, snapshots or errors', async () => {
    const key = sim.issueApiKey('shard-b');
    const settings: SettingsInput = {
      targets: [
        { id: 'keyed', model: SONNET_US, profile: 'shard-b', region: 'us-west-2', auth: { type: 'api-key' } },
        { id: 'keyless', model: SONNET_US, profile: 'nobody', region: 'us-east-1', auth: { type: 'api-key' } },
      ],
      routes: [
        { name: 'keyed', targets: ['keyed'] },
        { name: 'keyless', targets: ['keyless'] },
      ],
    };
    const r = router(settings, { secrets: { RESILIENT_LLM_SHARD_B_API_KEY: key } });
    const ok = await r.send({ route: 'keyed', tenant: 'ws', request: say('hello') });
    assert.deepEqual([ok.record.servedBy?.profile, sim.invocationLog()[0]?.profile, sim.invocationLog()[0]?.sourceRegion], ['shard-b', 'shard-b', 'us-west-2']);
    const err = await r.send({ route: 'keyless', tenant: 'ws', request: say('hello') }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as RouterError,
    );
    assert.equal(err.kind, 'credentials');
    assert.match(err.message, /Target "keyless" \(account "nobody"\): cannot authenticate\. No Bedrock API key is stored for account "nobody"\..*RESILIENT_LLM_NOBODY_API_KEY/);
    const everything = JSON.stringify({ records: r.stats.recent, snapshot: r.snapshot(), error: err.message, record: err.record, log: sim.invocationLog() });
    assert.ok(!everything.includes(key.slice('bedrock-api-key-'.length, 40)), 'the key appears nowhere');
  });

  it('access-keys targets: stored keys sign requests; a wrong secret fails that target only; no key or secret anywhere', async () => {
    const a = sim.accounts().find((x) => x.profile === 'shard-a')!;
    const wrongSecret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYKnownWrongSecret';
    const settings: SettingsInput = {
      targets: [
        { id: 'broken', model: SONNET_US, profile: 'team-x', region: 'us-east-1', auth: { type: 'access-keys' } },
        { id: 'good', model: SONNET_US, profile: 'team-y', region: 'us-east-1', auth: { type: 'access-keys' } },
      ],
      routes: [{ name: 'main', targets: ['broken', 'good'], strategy: 'round-robin' }],
    };
    const r = router(settings, {
      secrets: {
        RESILIENT_LLM_TEAM_X_ACCESS_KEY_ID: a.accessKeyId,
        RESILIENT_LLM_TEAM_X_SECRET_ACCESS_KEY: wrongSecret,
        RESILIENT_LLM_TEAM_Y_ACCESS_KEY_ID: a.accessKeyId,
        RESILIENT_LLM_TEAM_Y_SECRET_ACCESS_KEY: a.secretAccessKey,
      },
    });
    const records = [];
    for (let i = 0; i < 3; i++) records.push((await r.send({ route: 'main', tenant: 'ws', request: say(`q${i}`) })).record);
    assert.ok(records.every((x) => x.servedBy?.targetId === 'good'));
    const failed = records.flatMap((x) => x.attempts).filter((x) => x.targetId === 'broken');
    assert.ok(failed.length >= 1 && failed.every((x) => x.outcome === 'credentials'));
    assert.match(failed[0]?.message ?? '', /^Target "broken" \(account "team-x"\): AWS rejected the stored access keys/);
    const everything = JSON.stringify({ records, snapshot: r.snapshot(), log: sim.invocationLog() });
    for (const secret of [a.accessKeyId, a.secretAccessKey, wrongSecret]) assert.ok(!everything.includes(secret), 'no key id or secret anywhere');
  });
});
