/** The simulator accepts Bedrock API keys it issued and temporary credentials, through the real SDK. */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { BEARER_REJECTED } from '../../../src/simulator';
import { type TestSim, rejection, startTestSim, textOf, userMessage } from '../simulator/helpers';

const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

describe('parity: simulator auth (bearer tokens and temporary credentials)', () => {
  let t: TestSim;
  const clients: BedrockRuntimeClient[] = [];
  before(async () => {
    t = await startTestSim({ seed: 3 });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });
  afterEach(() => t.sim.reset());

  function bearerClient(token: string, region = 'us-east-1', endpoint = t.sim.endpointTemplate.replace('{region}', region)): BedrockRuntimeClient {
    const c = new BedrockRuntimeClient({ region, endpoint, maxAttempts: 1, token: { token }, authSchemePreference: ['httpBearerAuth'] });
    clients.push(c);
    return c;
  }
  const converse = (c: BedrockRuntimeClient, model = HAIKU) => c.send(new ConverseCommand({ modelId: model, messages: userMessage('Hello with a key'), inferenceConfig: { maxTokens: 50 } }));

  it('serves a key it issued as that account, in the Region of the Regional endpoint, and logs no key', async () => {
    const key = t.sim.issueApiKey('shard-b');
    assert.match(key, /^bedrock-api-key-/);
    const out = await converse(bearerClient(key, 'us-west-2'));
    assert.ok(textOf(out).length > 0);
    const [record] = t.sim.invocationLog();
    assert.equal(record?.profile, 'shard-b');
    assert.equal(record?.accountId, t.account('shard-b').accountId);
    assert.equal(record?.sourceRegion, 'us-west-2');
    assert.ok(!JSON.stringify(t.sim.invocationLog()).includes(key.slice(16)), 'the key is not in the invocation log');
  });

  it('without a Regional endpoint, a key is served in its account\'s default Region', async () => {
    const key = t.sim.issueApiKey('shard-b');
    await converse(bearerClient(key, 'us-east-1', t.sim.endpoint));
    assert.equal(t.sim.invocationLog()[0]?.sourceRegion, t.account('shard-b').defaultRegion);
  });

  it('rejects an unknown or revoked key with 403 AccessDeniedException in Bedrock\'s words', async () => {
    const unknown = await rejection(converse(bearerClient('bedrock-api-key-bm90LWEta2V5LWl0LWlzc3VlZA==')));
    assert.equal(unknown.name, 'AccessDeniedException');
    assert.equal(unknown.$metadata?.httpStatusCode, 403);
    assert.equal(unknown.message, BEARER_REJECTED);
    const key = t.sim.issueApiKey('shard-a');
    await converse(bearerClient(key));
    assert.equal(t.sim.revokeApiKey(key), true);
    const revoked = await rejection(converse(bearerClient(key)));
    assert.equal(revoked.name, 'AccessDeniedException');
  });

  it("uses the SDK's own AWS_BEARER_TOKEN_BEDROCK support", async () => {
    const key = t.sim.issueApiKey('shard-a');
    const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
    process.env.AWS_BEARER_TOKEN_BEDROCK = key;
    try {
      const c = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: t.sim.endpointTemplate.replace('{region}', 'us-east-1'), maxAttempts: 1 });
      clients.push(c);
      await converse(c);
    } finally {
      if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
    }
    assert.equal(t.sim.invocationLog()[0]?.profile, 'shard-a');
  });

  it('accepts issued temporary credentials only with their session token', async () => {
    const creds = t.sim.issueSessionCredentials('shard-a');
    assert.match(creds.accessKeyId, /^ASIA/);
    const make = (sessionToken?: string) => {
      const c = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: t.sim.endpoint, maxAttempts: 1, credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken } });
      clients.push(c);
      return c;
    };
    await converse(make(creds.sessionToken));
    assert.equal(t.sim.invocationLog()[0]?.profile, 'shard-a');
    const missing = await rejection(converse(make()));
    assert.equal(missing.name, 'UnrecognizedClientException');
    const wrong = await rejection(converse(make(`${creds.sessionToken}x`)));
    assert.equal(wrong.name, 'UnrecognizedClientException');
  });

  it('a SigV4 request must be scoped to the Region of the Regional endpoint it is sent to', async () => {
    const c = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: t.sim.endpointTemplate.replace('{region}', 'us-west-2'), maxAttempts: 1, credentials: { accessKeyId: t.account('shard-a').accessKeyId, secretAccessKey: t.account('shard-a').secretAccessKey } });
    clients.push(c);
    const err = await rejection(converse(c));
    assert.equal(err.name, 'InvalidSignatureException');
    assert.match(err.message, /valid region/);
    // The same keys through the us-east-1 endpoint work.
    await converse(t.bedrock('shard-a', 'us-east-1'));
  });

  it('issues keys and temporary credentials through the admin API too', async () => {
    const post = async (path: string, body: unknown) => (await fetch(`${t.sim.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const { key } = await post('/__sim/api-keys', { profile: 'shard-a' });
    assert.ok(key);
    await converse(bearerClient(key));
    const creds = await post('/__sim/session-credentials', { profile: 'shard-b' });
    assert.match(creds.accessKeyId ?? '', /^ASIA/);
    assert.deepEqual(await post('/__sim/api-keys/revoke', { key }), { revoked: true });
  });
});
