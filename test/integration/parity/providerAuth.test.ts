/** Auth modes per target through BedrockProvider (the real SDK) and the simulator; secrets never in messages. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ProviderError } from '../../../src/providers/errors';
import { BedrockProvider } from '../../../src/providers/bedrock/provider';
import { type SecretRef, type SecretsResolver, envSecrets } from '../../../src/providers/bedrock/secrets';
import { type Endpoint, type ModelRequest } from '../../../src/providers/types';
import { type Simulator, simulatorSecrets, startSimulator } from '../../../src/simulator';

const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const ask: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], maxTokens: 40 };

/** A resolver over a map, as the extension's secret storage would be. */
function mapSecrets(values: Record<string, string>): SecretsResolver & { asked: SecretRef[] } {
  const asked: SecretRef[] = [];
  return {
    asked,
    async resolveSecret(ref) {
      asked.push(ref);
      return values[`${ref.account}/${ref.kind}`];
    },
    howToStore: (ref) => `Run "Resilient LLM: Store Secret" for ${ref.account}.`,
  };
}

async function run(provider: BedrockProvider, e: Endpoint): Promise<string> {
  let text = '';
  for await (const ev of provider.stream(e, ask, new AbortController().signal)) if (ev.type === 'text') text += ev.text;
  return text;
}

async function failure(provider: BedrockProvider, e: Endpoint): Promise<ProviderError> {
  try {
    await run(provider, e);
  } catch (err) {
    assert.ok(ProviderError.isInstance(err), `not a ProviderError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

function withEnv(vars: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return fn().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe('parity: auth modes per target through the provider', () => {
  let sim: Simulator;
  let dir: string;
  let files: { credentialsFile: string; configFile: string };
  const providers: BedrockProvider[] = [];
  const make = (options: ConstructorParameters<typeof BedrockProvider>[0]) => {
    const p = new BedrockProvider({ endpoint: sim.endpointTemplate, ...options });
    providers.push(p);
    return p;
  };
  const account = (profile: string) => sim.accounts().find((a) => a.profile === profile)!;

  before(async () => {
    sim = await startSimulator({ timeScale: 1000, seed: 2 });
    dir = await mkdtemp(join(tmpdir(), 'rllm-parity-'));
    files = await sim.writeAwsFiles(dir);
  });
  after(async () => {
    for (const p of providers) p.dispose();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => sim.reset());

  describe('api-key', () => {
    const target: Endpoint = { model: HAIKU, profile: 'shard-b', region: 'us-west-2', auth: { type: 'api-key' }, targetId: 'haiku-b' };

    it('sends the key stored for the account as a bearer token; the simulator attributes it to that account and Region', async () => {
      const key = sim.issueApiKey('shard-b');
      const secrets = mapSecrets({ 'shard-b/bearer-token': key });
      assert.ok((await run(make({ secrets }), target)).length > 0);
      assert.deepEqual([...new Set(secrets.asked.map((r) => `${r.account}/${r.kind}`))], ['shard-b/bearer-token']);
      assert.deepEqual(sim.invocationLog().map((r) => [r.profile, r.sourceRegion]), [['shard-b', 'us-west-2']]);
    });

    it('falls back to AWS_BEARER_TOKEN_BEDROCK when no key is stored', async () => {
      const key = sim.issueApiKey('shard-b');
      await run(make({ secrets: mapSecrets({}), env: { AWS_BEARER_TOKEN_BEDROCK: key } }), target);
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-b');
    });

    it('reads the command line\'s per-account variable (envSecrets)', async () => {
      const key = sim.issueApiKey('shard-b');
      await run(make({ secrets: envSecrets({ RESILIENT_LLM_SHARD_B_API_KEY: key }), env: {} }), target);
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-b');
    });

    it('without a key: a credentials error naming the target and how to store one, before any call', async () => {
      const err = await failure(make({ secrets: envSecrets({}), env: {} }), target);
      assert.equal(err.kind, 'credentials');
      assert.match(err.message, /^Target "haiku-b" \(account "shard-b"\): cannot authenticate\. No Bedrock API key is stored for account "shard-b"\. AWS_BEARER_TOKEN_BEDROCK is not set either\. Set the environment variable RESILIENT_LLM_SHARD_B_API_KEY/);
      assert.equal(sim.invocationLog().length, 0, 'nothing was sent');
    });

    it('with a key Bedrock rejects: a credentials error that names the target and never shows the key', async () => {
      const wrong = 'bedrock-api-key-d3JvbmcgYnV0IHdlbGwgZm9ybWVkIGtleSB2YWx1ZQ==';
      const err = await failure(make({ secrets: mapSecrets({ 'shard-b/bearer-token': wrong }) }), target);
      assert.equal(err.kind, 'credentials');
      assert.match(err.message, /^Target "haiku-b" \(account "shard-b"\): Bedrock rejected the API key of account "shard-b" \(AccessDeniedException: Authentication failed: Please make sure your API Key is valid\.\)\. Store a valid key: Run "Resilient LLM: Store Secret" for shard-b\./);
      assert.ok(!inspect(err, { depth: 10 }).includes(wrong.slice(16)), 'the key is nowhere in the error');
    });

    it('a stored key that changes applies to the next request once the host says so (secretsChanged)', async () => {
      const values: Record<string, string> = { 'shard-b/bearer-token': 'bedrock-api-key-b2xkIGtleSB0aGF0IGlzIG5vIGxvbmdlciB2YWxpZA==' };
      const provider = make({ secrets: mapSecrets(values) });
      assert.equal((await failure(provider, target)).kind, 'credentials');
      values['shard-b/bearer-token'] = sim.issueApiKey('shard-b');
      assert.equal((await failure(provider, target)).kind, 'credentials', 'still the cached key');
      provider.secretsChanged('shard-b');
      await run(provider, target);
    });
  });

  describe('access-keys', () => {
    const target: Endpoint = { model: HAIKU, profile: 'shard-a', region: 'us-east-1', auth: { type: 'access-keys' }, targetId: 'haiku-a' };

    it('signs with the stored access key id and secret', async () => {
      const a = account('shard-a');
      await run(make({ secrets: mapSecrets({ 'shard-a/access-key-id': a.accessKeyId, 'shard-a/secret-access-key': a.secretAccessKey }) }), target);
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-a');
    });

    it('sends the stored session token with temporary keys', async () => {
      const c = sim.issueSessionCredentials('shard-a');
      await run(make({ secrets: mapSecrets({ 'shard-a/access-key-id': c.accessKeyId, 'shard-a/secret-access-key': c.secretAccessKey, 'shard-a/session-token': c.sessionToken }) }), target);
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-a');
      const withoutToken = await failure(make({ secrets: mapSecrets({ 'shard-a/access-key-id': c.accessKeyId, 'shard-a/secret-access-key': c.secretAccessKey }) }), target);
      assert.equal(withoutToken.kind, 'credentials');
    });

    it('a wrong secret or a missing one is a credentials error naming the target, without the secret', async () => {
      const a = account('shard-a');
      const wrongSecret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYWRONGSECRETKEY';
      const err = await failure(make({ secrets: mapSecrets({ 'shard-a/access-key-id': a.accessKeyId, 'shard-a/secret-access-key': wrongSecret }) }), target);
      assert.equal(err.kind, 'credentials');
      assert.match(err.message, /^Target "haiku-a" \(account "shard-a"\): AWS rejected the stored access keys of account "shard-a" \(InvalidSignatureException\)\. Store working keys: Run "Resilient LLM: Store Secret"/);
      for (const secret of [wrongSecret, a.accessKeyId]) assert.ok(!inspect(err, { depth: 10 }).includes(secret));
      const missing = await failure(make({ secrets: mapSecrets({ 'shard-a/access-key-id': a.accessKeyId }) }), target);
      assert.match(missing.message, /^Target "haiku-a" \(account "shard-a"\): cannot authenticate\. No secret access key is stored for account "shard-a"\./);
    });
  });

  describe('default-chain', () => {
    it("uses the SDK's default chain: keys from the environment", async () => {
      const a = account('shard-b');
      const empty = join(dir, 'empty-credentials');
      await writeFile(empty, '');
      await withEnv({ AWS_ACCESS_KEY_ID: a.accessKeyId, AWS_SECRET_ACCESS_KEY: a.secretAccessKey }, async () => {
        await run(make({ credentialsFile: empty, configFile: empty }), { model: HAIKU, profile: 'ci', region: 'us-east-1', auth: { type: 'default-chain' } });
      });
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-b');
    });

    it("in the simulator (defaultChainFromFiles), the target's account from the simulator's files", async () => {
      await run(make({ ...files, defaultChainFromFiles: true }), { model: HAIKU, profile: 'shard-a', region: 'us-east-1', auth: { type: 'default-chain' } });
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-a');
    });
  });

  describe('a simulated backend', () => {
    it('serves api-key and access-keys targets with secrets the simulator gives (simulatorSecrets), for accounts it adds on first use', async () => {
      const provider = make({ secrets: simulatorSecrets(sim), env: {} });
      await run(provider, { model: HAIKU, profile: 'shard-b', region: 'us-west-2', auth: { type: 'api-key' } });
      await run(provider, { model: HAIKU, profile: 'new-account', region: 'us-east-1', auth: { type: 'access-keys' } });
      assert.deepEqual(sim.invocationLog().map((r) => [r.profile, r.sourceRegion]), [['shard-b', 'us-west-2'], ['new-account', 'us-east-1']]);
    });
  });

  describe('profile', () => {
    it('keeps signing with SigV4 even when AWS_BEARER_TOKEN_BEDROCK is set in the environment', async () => {
      await withEnv({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-c29tZW9uZSBlbHNlcyBrZXkgaW4gdGhlIGVudg==' }, async () => {
        await run(make({ ...files }), { model: HAIKU, profile: 'shard-a', region: 'us-east-1' });
      });
      assert.equal(sim.invocationLog()[0]?.profile, 'shard-a');
    });
  });
});
