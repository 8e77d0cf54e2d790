import assert from 'node:assert/strict';
import { StreamAssembler } from '../../../src/providers/bedrock/fromStream';
import { clientAuth } from '../../../src/providers/bedrock/credentials';
import { CachedSecrets, type SecretsResolver, envSecrets, secretEnvName } from '../../../src/providers/bedrock/secrets';
import { ModelDirectory, isApplicationProfileArn } from '../../../src/core/modelDirectory';

describe('parity: secrets and credentials', () => {
  it('names one environment variable per account and kind', () => {
    assert.equal(secretEnvName({ account: 'shard-a', kind: 'bearer-token' }), 'RESILIENT_LLM_SHARD_A_API_KEY');
    assert.equal(secretEnvName({ account: 'team.b@x', kind: 'session-token' }), 'RESILIENT_LLM_TEAM_B_X_SESSION_TOKEN');
  });

  it('envSecrets reads those variables and says how to set them; an empty value is no secret', async () => {
    const s = envSecrets({ RESILIENT_LLM_A_ACCESS_KEY_ID: 'AKIAEXAMPLE', RESILIENT_LLM_A_SECRET_ACCESS_KEY: '' });
    assert.equal(await s.resolveSecret({ account: 'a', kind: 'access-key-id' }), 'AKIAEXAMPLE');
    assert.equal(await s.resolveSecret({ account: 'a', kind: 'secret-access-key' }), undefined);
    assert.equal(s.howToStore({ account: 'a', kind: 'secret-access-key' }), "Set the environment variable RESILIENT_LLM_A_SECRET_ACCESS_KEY to the account's secret access key.");
  });

  it('CachedSecrets asks once per TTL and forgets an account on request', async () => {
    let now = 0;
    let asked = 0;
    const inner: SecretsResolver = { resolveSecret: async () => `v${++asked}`, howToStore: () => 'store it' };
    const cached = new CachedSecrets(inner, 1000, () => now);
    const ref = { account: 'a', kind: 'bearer-token' as const };
    assert.equal(await cached.resolveSecret(ref), 'v1');
    assert.equal(await cached.resolveSecret(ref), 'v1');
    now = 1001;
    assert.equal(await cached.resolveSecret(ref), 'v2');
    cached.forget('b');
    assert.equal(await cached.resolveSecret(ref), 'v2');
    cached.forget('a');
    assert.equal(await cached.resolveSecret(ref), 'v3');
  });

  it('chooses the auth scheme explicitly for every auth type', () => {
    const sources = { secrets: envSecrets({}), env: {} };
    assert.deepEqual(clientAuth('a', undefined, sources).authSchemePreference, ['sigv4']);
    assert.deepEqual(clientAuth('a', { type: 'default-chain' }, sources).authSchemePreference, ['sigv4']);
    assert.deepEqual(clientAuth('a', { type: 'access-keys' }, sources).authSchemePreference, ['sigv4']);
    const key = clientAuth('a', { type: 'api-key' }, sources);
    assert.deepEqual(key.authSchemePreference, ['httpBearerAuth']);
    assert.equal(key.credentials, undefined);
    assert.ok(key.token);
  });

  it('a bearer token comes from the stored secret first, then AWS_BEARER_TOKEN_BEDROCK', async () => {
    const stored = clientAuth('a', { type: 'api-key' }, { secrets: envSecrets({ RESILIENT_LLM_A_API_KEY: 'stored' }), env: { AWS_BEARER_TOKEN_BEDROCK: 'env' } });
    assert.equal((await stored.token!({})).token, 'stored');
    const env = clientAuth('a', { type: 'api-key' }, { secrets: envSecrets({}), env: { AWS_BEARER_TOKEN_BEDROCK: 'env' } });
    assert.equal((await env.token!({})).token, 'env');
    await assert.rejects(() => clientAuth('a', { type: 'api-key' }, { secrets: envSecrets({}), env: {} }).token!({}), { name: 'MissingSecretError' });
  });

  it('ConverseStream reasoning deltas become reasoning events, the signature included', () => {
    const a = new StreamAssembler();
    const events = [...a.map({ contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } } }), ...a.map({ contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'c2ln' } } } }), ...a.map({ contentBlockDelta: { contentBlockIndex: 1, delta: { text: 'answer' } } })];
    assert.deepEqual(events, [{ type: 'reasoning', text: 'hmm' }, { type: 'reasoning', text: '', signature: 'c2ln' }, { type: 'text', text: 'answer' }]);
  });
});

describe('parity: ModelDirectory', () => {
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';

  it('knows the catalog, and an application profile only once told what it copies', () => {
    const d = new ModelDirectory();
    assert.ok(isApplicationProfileArn(arn));
    assert.equal(d.info('us.anthropic.claude-sonnet-4-6').contextWindow, 200_000);
    assert.equal(d.info('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6').id, 'anthropic.claude-sonnet-4-6');
    const unknown = d.info(arn);
    assert.deepEqual([unknown.id, unknown.images, unknown.price.inputPerMillion], ['a1b2c3d4e5f6', false, 0]);
    d.addApplicationProfile(arn, { source: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', regions: ['us-east-1', 'us-east-2'] });
    const known = d.info(arn);
    assert.deepEqual([known.id, known.images, known.reasoning, known.price.inputPerMillion], ['anthropic.claude-haiku-4-5-20251001-v1:0', true, true, 1]);
    assert.deepEqual(d.regionsOf(arn), ['us-east-1', 'us-east-2']);
  });

  it("takes discovery's image capability for models the catalog lacks, never over the catalog", () => {
    const d = new ModelDirectory();
    d.addModel('acme.new-model-v1:0', { images: true });
    d.addModel('meta.llama3-3-70b-instruct-v1:0', { images: true });
    assert.equal(d.info('us.acme.new-model-v1:0').images, true);
    assert.equal(d.info('us.meta.llama3-3-70b-instruct-v1:0').images, false);
  });
});
