import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { converse, rejection, startTestSim, textOf, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';

describe('simulator: SigV4 authentication and model identifiers', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 3 });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset());

  async function clientWithKeys(name: string, accessKeyId: string, secretAccessKey: string): Promise<BedrockRuntimeClient> {
    const file = join(t.dir, `${name}-credentials`);
    await writeFile(file, `[${name}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`);
    return new BedrockRuntimeClient({ region: 'us-east-1', endpoint: t.sim.endpoint, maxAttempts: 1, credentials: fromIni({ profile: name, filepath: file, configFilepath: t.configFile }) });
  }

  it('each profile in the written files signs as its own account', async () => {
    await converse(t.bedrock('shard-a'), SONNET, 'from a');
    await converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'from b');
    const log = t.sim.invocationLog();
    assert.deepEqual(
      log.map((r) => [r.profile, r.accountId, r.sourceRegion]),
      [
        ['shard-a', '111111111111', 'us-east-1'],
        ['shard-b', '222222222222', 'us-west-2'],
      ],
    );
  });

  it('an unknown access key gets 403 UnrecognizedClientException', async () => {
    const client = await clientWithKeys('stranger', 'AKIAUNKNOWNKEY000000', 'x'.repeat(40));
    const err = await rejection(converse(client, SONNET, 'hi'));
    assert.equal(err.name, 'UnrecognizedClientException');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    assert.equal(err.message, 'The security token included in the request is invalid.');
    client.destroy();
  });

  it('a wrong secret gets 403 InvalidSignatureException', async () => {
    const client = await clientWithKeys('forger', t.account('shard-a').accessKeyId, 'wrong-secret-wrong-secret-wrong-secret-00');
    const err = await rejection(converse(client, SONNET, 'hi'));
    assert.equal(err.name, 'InvalidSignatureException');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    assert.match(err.message, /signature we calculated does not match/);
    client.destroy();
  });

  it('an expired account gets 403 ExpiredTokenException until it is renewed', async () => {
    t.sim.faults.accountExpired('shard-b');
    const err = await rejection(converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'hi'));
    assert.equal(err.name, 'ExpiredTokenException');
    assert.equal(err.$metadata?.httpStatusCode, 403);
    await converse(t.bedrock('shard-a'), SONNET, 'other accounts still work');
    t.sim.faults.accountExpired('shard-b', false);
    await converse(t.bedrock('shard-b', 'us-west-2'), SONNET, 'renewed');
  });

  it('ensureAccount adds a profile at run time that works once the files are rewritten', async () => {
    const added = t.sim.ensureAccount('team-x', { defaultRegion: 'eu-west-1' });
    assert.equal(t.sim.ensureAccount('team-x').accessKeyId, added.accessKeyId, 'idempotent');
    await t.sim.writeAwsFiles(t.dir);
    const out = await converse(t.bedrock('team-x', 'eu-west-1'), 'eu.anthropic.claude-sonnet-4-6', 'hello from team x');
    assert.ok(textOf(out).length > 0);
    assert.equal(t.sim.invocationLog()[0]?.profile, 'team-x');
  });

  it('an unknown model id gets ValidationException with Bedrock wording', async () => {
    const err = await rejection(converse(t.bedrock(), 'anthropic.claude-nonexistent-v9', 'hi'));
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata?.httpStatusCode, 400);
    assert.equal(err.message, 'The provided model identifier is invalid.');
  });

  it('a model that needs an inference profile, called by its bare id, gets the on-demand ValidationException', async () => {
    const err = await rejection(converse(t.bedrock(), 'anthropic.claude-haiku-4-5-20251001-v1:0', 'hi'));
    assert.equal(err.name, 'ValidationException');
    assert.equal(
      err.message,
      "Invocation of model ID anthropic.claude-haiku-4-5-20251001-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
    );
  });

  it('a profile outside its geography is invalid; its ARN and the global profile work', async () => {
    const err = await rejection(converse(t.bedrock(), 'eu.anthropic.claude-sonnet-4-6', 'hi'));
    assert.equal(err.message, 'The provided model identifier is invalid.');
    await converse(t.bedrock(), 'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-sonnet-4-6', 'by ARN');
    await converse(t.bedrock(), 'global.anthropic.claude-sonnet-4-6', 'global');
    const [invalid, arn, global] = t.sim.invocationLog();
    assert.deepEqual([invalid?.outcome, invalid?.errorCode], ['error', 'ValidationException']);
    assert.equal(arn?.modelId, 'arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-sonnet-4-6');
    assert.equal(global?.modelId, 'arn:aws:bedrock:us-east-1:111111111111:inference-profile/global.anthropic.claude-sonnet-4-6');
  });
});
