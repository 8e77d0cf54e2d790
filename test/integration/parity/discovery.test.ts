/** Model discovery through @aws-sdk/client-bedrock and the simulator: cached per account and Region, the catalog when denied. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelDirectory } from '../../../src/core/modelDirectory';
import { ClientPool } from '../../../src/providers/bedrock/clientPool';
import { ModelDiscovery, learnFromDiscovery } from '../../../src/providers/bedrock/discovery';
import { catalogModels, catalogProfiles } from '../../../src/providers/bedrock/discoveryLists';
import { envSecrets } from '../../../src/providers/bedrock/secrets';
import { type Simulator, startSimulator } from '../../../src/simulator';

describe('parity: model discovery', () => {
  let sim: Simulator;
  let dir: string;
  let pool: ClientPool;
  let now = 1_000_000;
  const discovery = (ttlMs = 60_000, pageSize?: number) => new ModelDiscovery(pool, { ttlMs, now: () => now, pageSize });

  before(async () => {
    sim = await startSimulator({ timeScale: 1000, seed: 2 });
    dir = await mkdtemp(join(tmpdir(), 'rllm-discovery-'));
    const files = await sim.writeAwsFiles(dir);
    pool = new ClientPool({ endpoint: sim.endpointTemplate, controlEndpoint: sim.endpointTemplate, ...files });
  });
  after(async () => {
    pool.dispose();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => sim.reset());

  it("lists the account's models and inference profiles, system-defined and its own application ones", async () => {
    const app = sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'team sonnet', copyFrom: 'us.anthropic.claude-sonnet-4-6' });
    const r = await discovery().discover({ profile: 'shard-a', region: 'us-east-1' });
    assert.equal(r.fallback, false);
    assert.deepEqual(r.sources, { models: 'account', inferenceProfiles: 'account' });
    assert.equal(r.message, undefined);
    assert.ok(r.models.some((m) => m.id === 'amazon.nova-lite-v1:0' && m.images && m.inferenceTypes.includes('ON_DEMAND')));
    const system = r.inferenceProfiles.find((p) => p.id === 'global.anthropic.claude-haiku-4-5-20251001-v1:0');
    assert.equal(system?.type, 'SYSTEM_DEFINED');
    assert.equal(system?.model, 'global.anthropic.claude-haiku-4-5-20251001-v1:0');
    const mine = r.inferenceProfiles.find((p) => p.type === 'APPLICATION');
    assert.deepEqual(mine && [mine.model, mine.name, mine.modelId, mine.copies, [...mine.regions].sort()], [app.arn, 'team sonnet', 'anthropic.claude-sonnet-4-6', 'us.anthropic.claude-sonnet-4-6', ['us-east-1', 'us-east-2', 'us-west-2']]);
  });

  it('caches per account and Region until the TTL passes, then asks again', async () => {
    const d = discovery(60_000);
    const first = await d.discover({ profile: 'shard-a', region: 'us-east-1' });
    sim.denyDiscovery('shard-a');
    const cached = await d.discover({ profile: 'shard-a', region: 'us-east-1' });
    assert.equal(cached, first, 'the same result, not asked again');
    const otherRegion = await d.discover({ profile: 'shard-a', region: 'us-west-2' });
    assert.equal(otherRegion.fallback, true, 'another Region is asked (and now denied)');
    const otherAccount = await d.discover({ profile: 'shard-b', region: 'us-east-1' });
    assert.equal(otherAccount.fallback, false);
    now += 60_001;
    assert.equal((await d.discover({ profile: 'shard-a', region: 'us-east-1' })).fallback, true, 'asked again after the TTL');
  });

  it('falls back to the built-in catalog when the account denies discovery, and says so', async () => {
    sim.denyDiscovery('shard-b');
    const r = await discovery().discover({ profile: 'shard-b', region: 'us-west-2' });
    assert.equal(r.fallback, true);
    assert.equal(r.reason, 'denied');
    assert.deepEqual(r.sources, { models: 'catalog', inferenceProfiles: 'catalog' });
    assert.deepEqual(r.models, catalogModels('us-west-2'));
    assert.deepEqual(r.inferenceProfiles, catalogProfiles('us-west-2'));
    assert.match(r.message ?? '', /^Could not list the models of account "shard-b" in us-west-2: ListFoundationModels \(denied: User: arn:aws:iam::\d{12}:user\/shard-b is not authorized to perform: bedrock:ListFoundationModels with an explicit deny in a service control policy\); ListInferenceProfiles \(denied: .*\)\. Your account denies model discovery, perhaps by a service control policy; showing the built-in list of models and inference profiles instead/);
  });

  it('mixes sources when only one operation is denied', async () => {
    sim.denyDiscovery('shard-a', { operations: ['ListInferenceProfiles'] });
    const app = sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'hidden', copyFrom: 'amazon.nova-pro-v1:0' });
    const r = await discovery().discover({ profile: 'shard-a', region: 'us-east-1' });
    assert.deepEqual(r.sources, { models: 'account', inferenceProfiles: 'catalog' });
    assert.ok(!r.inferenceProfiles.some((p) => p.arn === app.arn), 'application profiles cannot be known from the catalog');
    assert.match(r.message ?? '', /ListInferenceProfiles \(denied/);
    assert.doesNotMatch(r.message ?? '', /ListFoundationModels/);
  });

  it('collects every page of ListInferenceProfiles', async () => {
    const all = await discovery(60_000).discover({ profile: 'shard-b', region: 'us-east-1' });
    const paged = await discovery(60_000, 2).discover({ profile: 'shard-b', region: 'us-east-1' });
    assert.ok(all.inferenceProfiles.length > 4);
    assert.deepEqual(paged.inferenceProfiles, all.inferenceProfiles);
  });

  it('works with a Bedrock API key; without credentials it falls back with the fix and asks again next time', async () => {
    const keys: Record<string, string> = {};
    const keyPool = new ClientPool({ controlEndpoint: sim.endpointTemplate, secrets: envSecrets(keys), secretsTtlMs: 0, env: {} });
    try {
      const d = new ModelDiscovery(keyPool, { now: () => now });
      const target = { profile: 'shard-b', region: 'us-west-2', auth: { type: 'api-key' as const } };
      const missing = await d.discover(target);
      assert.equal(missing.reason, 'credentials');
      assert.equal(missing.error?.kind, 'credentials');
      assert.match(missing.message ?? '', /No Bedrock API key is stored for account "shard-b".*RESILIENT_LLM_SHARD_B_API_KEY/);
      keys.RESILIENT_LLM_SHARD_B_API_KEY = sim.issueApiKey('shard-b');
      const ok = await d.discover(target);
      assert.equal(ok.fallback, false, 'a credentials failure is not cached');
    } finally {
      keyPool.dispose();
    }
  });

  it('teaches a ModelDirectory what application inference profiles copy and where they run', async () => {
    const app = sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'eu-bound', copyFrom: 'amazon.nova-lite-v1:0' });
    const directory = new ModelDirectory();
    assert.equal(directory.info(app.arn).name, app.id, 'unknown before discovery');
    const version = directory.version;
    learnFromDiscovery(directory, await discovery().discover({ profile: 'shard-a', region: 'us-east-1' }));
    assert.ok(directory.version > version);
    assert.equal(directory.resolve(app.arn), 'amazon.nova-lite-v1:0');
    assert.deepEqual(directory.regionsOf(app.arn), ['us-east-1']);
    const info = directory.info(app.arn);
    assert.deepEqual([info.id, info.contextWindow, info.images, info.promptCaching], ['amazon.nova-lite-v1:0', 300_000, true, true]);
  });
});
