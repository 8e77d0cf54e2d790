/** ListFoundationModels and ListInferenceProfiles through @aws-sdk/client-bedrock, over HTTP/1.1 and HTTP/2, with SCP-style denials. */
import { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand, paginateListInferenceProfiles, type InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import assert from 'node:assert/strict';
import { INFERENCE_PROFILES, startSimulator, type Simulator } from '../../../src/simulator';
import { type TestSim, rejection, startTestSim } from '../simulator/helpers';

describe('parity: simulator discovery operations (control plane)', () => {
  let t: TestSim;
  const clients: BedrockClient[] = [];
  before(async () => {
    t = await startTestSim({ seed: 3 });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });
  afterEach(() => t.sim.reset());

  function control(profile = 'shard-a', region = 'us-east-1', http2 = false): BedrockClient {
    const a = t.account(profile);
    const c = new BedrockClient({ region, endpoint: t.sim.endpoint, maxAttempts: 1, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }, ...(http2 ? { requestHandler: new NodeHttp2Handler() } : {}) });
    clients.push(c);
    return c;
  }

  for (const http2 of [false, true]) {
    it(`lists the foundation models callable from a Region over ${http2 ? 'HTTP/2' : 'HTTP/1.1'}`, async () => {
      const out = await control('shard-a', 'us-east-1', http2).send(new ListFoundationModelsCommand({}));
      const byId = new Map((out.modelSummaries ?? []).map((m) => [m.modelId, m]));
      const sonnet = byId.get('anthropic.claude-sonnet-4-6');
      assert.equal(sonnet?.modelArn, 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6');
      assert.deepEqual(sonnet?.inputModalities, ['TEXT', 'IMAGE']);
      assert.deepEqual(sonnet?.inferenceTypesSupported, ['INFERENCE_PROFILE']);
      assert.deepEqual(byId.get('amazon.nova-lite-v1:0')?.inferenceTypesSupported, ['ON_DEMAND']);
      assert.deepEqual(byId.get('meta.llama3-3-70b-instruct-v1:0')?.inputModalities, ['TEXT']);
      // Llama's only profile is the US one: not callable from Europe.
      const eu = await control('shard-a', 'eu-west-1', http2).send(new ListFoundationModelsCommand({}));
      assert.ok(!(eu.modelSummaries ?? []).some((m) => m.modelId?.startsWith('meta.')));
    });
  }

  it('filters by provider and inference type', async () => {
    const c = control();
    const anthropic = await c.send(new ListFoundationModelsCommand({ byProvider: 'anthropic' }));
    assert.ok((anthropic.modelSummaries ?? []).length >= 3);
    assert.ok((anthropic.modelSummaries ?? []).every((m) => m.providerName === 'Anthropic'));
    const onDemand = await c.send(new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND' }));
    assert.deepEqual((onDemand.modelSummaries ?? []).map((m) => m.modelId).sort(), ['amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0', 'amazon.nova-pro-v1:0']);
  });

  it('lists the system inference profiles callable from a Region, with their models in every destination Region', async () => {
    const out = await control('shard-b', 'us-west-2', true).send(new ListInferenceProfilesCommand({}));
    const summaries = out.inferenceProfileSummaries ?? [];
    const expected = INFERENCE_PROFILES.filter((p) => p.destinationRegions.includes('us-west-2')).map((p) => p.id).sort();
    assert.deepEqual(summaries.map((s) => s.inferenceProfileId).sort(), expected);
    const us = summaries.find((s) => s.inferenceProfileId === 'us.anthropic.claude-sonnet-4-6');
    assert.equal(us?.type, 'SYSTEM_DEFINED');
    assert.equal(us?.inferenceProfileArn, `arn:aws:bedrock:us-west-2:${t.account('shard-b').accountId}:inference-profile/us.anthropic.claude-sonnet-4-6`);
    assert.deepEqual((us?.models ?? []).map((m) => m.modelArn?.split(':')[3]).sort(), ['us-east-1', 'us-east-2', 'us-west-2']);
    assert.ok(us?.createdAt instanceof Date, 'timestamps parse as dates');
  });

  it('pages with maxResults and nextToken (the SDK paginator collects every page)', async () => {
    const c = control();
    const first = await c.send(new ListInferenceProfilesCommand({ maxResults: 3 }));
    assert.equal(first.inferenceProfileSummaries?.length, 3);
    assert.ok(first.nextToken);
    const all: InferenceProfileSummary[] = [];
    for await (const page of paginateListInferenceProfiles({ client: c, pageSize: 4 }, {})) all.push(...(page.inferenceProfileSummaries ?? []));
    const whole = await c.send(new ListInferenceProfilesCommand({}));
    assert.deepEqual(all.map((s) => s.inferenceProfileId), (whole.inferenceProfileSummaries ?? []).map((s) => s.inferenceProfileId));
  });

  it("lists an account's application inference profiles, only to that account and in their Region, and filters by type", async () => {
    const app = t.sim.createApplicationInferenceProfile({ profile: 'shard-a', region: 'us-east-1', name: 'team-sonnet', copyFrom: 'us.anthropic.claude-sonnet-4-6' });
    assert.match(app.arn, new RegExp(`^arn:aws:bedrock:us-east-1:${t.account('shard-a').accountId}:application-inference-profile/[a-z0-9]{12}$`));
    const mine = await control('shard-a').send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    assert.deepEqual((mine.inferenceProfileSummaries ?? []).map((s) => [s.inferenceProfileArn, s.inferenceProfileName, s.type]), [[app.arn, 'team-sonnet', 'APPLICATION']]);
    assert.deepEqual((mine.inferenceProfileSummaries?.[0]?.models ?? []).map((m) => m.modelArn?.split(':')[3]).sort(), ['us-east-1', 'us-east-2', 'us-west-2']);
    const other = await control('shard-b').send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    assert.deepEqual(other.inferenceProfileSummaries, []);
    const elsewhere = await control('shard-a', 'us-west-2').send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
    assert.deepEqual(elsewhere.inferenceProfileSummaries, []);
    const system = await control('shard-a').send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    assert.ok((system.inferenceProfileSummaries ?? []).every((s) => s.type === 'SYSTEM_DEFINED'));
  });

  it('denies both operations to an account as an SCP would, per operation, until reset', async () => {
    t.sim.denyDiscovery('shard-a');
    const denied = await rejection(control('shard-a').send(new ListFoundationModelsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.equal(denied.$metadata?.httpStatusCode, 403);
    assert.match(denied.message, /not authorized to perform: bedrock:ListFoundationModels with an explicit deny in a service control policy/);
    assert.equal((await rejection(control('shard-a').send(new ListInferenceProfilesCommand({})))).name, 'AccessDeniedException');
    await control('shard-b').send(new ListFoundationModelsCommand({})); // other accounts are not affected
    t.sim.denyDiscovery('shard-a', { deny: false, operations: ['ListFoundationModels'] });
    await control('shard-a').send(new ListFoundationModelsCommand({}));
    assert.equal((await rejection(control('shard-a').send(new ListInferenceProfilesCommand({})))).name, 'AccessDeniedException');
    t.sim.reset();
    await control('shard-a').send(new ListInferenceProfilesCommand({}));
  });

  it('accepts a bearer token for the control plane too', async () => {
    const key = t.sim.issueApiKey('shard-b');
    const c = new BedrockClient({ region: 'us-west-2', endpoint: t.sim.endpointTemplate.replace('{region}', 'us-west-2'), maxAttempts: 1, token: { token: key }, authSchemePreference: ['httpBearerAuth'] });
    clients.push(c);
    const out = await c.send(new ListInferenceProfilesCommand({}));
    assert.ok((out.inferenceProfileSummaries ?? []).every((s) => s.inferenceProfileArn?.includes(`:us-west-2:${t.account('shard-b').accountId}:`)));
  });

  it('admin API: deny discovery and create application inference profiles', async () => {
    const post = (path: string, body: unknown) => fetch(`${t.sim.endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/__sim/discovery/deny', { profile: 'shard-b', operations: ['ListInferenceProfiles'] })).status, 200);
    assert.equal((await rejection(control('shard-b', 'us-west-2').send(new ListInferenceProfilesCommand({})))).name, 'AccessDeniedException');
    await control('shard-b', 'us-west-2').send(new ListFoundationModelsCommand({}));
    const created = (await (await post('/__sim/application-inference-profiles', { profile: 'shard-b', region: 'us-east-1', name: 'nova', copyFrom: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0' })).json()) as { arn: string; regions: string[]; modelId: string };
    assert.deepEqual([created.modelId, created.regions], ['amazon.nova-lite-v1:0', ['us-east-1']]);
    const bad = await post('/__sim/application-inference-profiles', { profile: 'shard-b', region: 'us-east-1', name: 'x', copyFrom: 'anthropic.claude-sonnet-4-6' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /not available on demand/);
    const listed = (await (await fetch(`${t.sim.endpoint}/__sim/application-inference-profiles`)).json()) as Array<{ arn: string }>;
    assert.ok(listed.some((p) => p.arn === created.arn));
  });

  it('a scenario can deny discovery, give accounts API keys and define application inference profiles', async () => {
    let sim: Simulator | undefined;
    try {
      sim = await startSimulator({
        scenario: {
          accounts: [
            { profile: 'locked', accountId: '333333333333', denyDiscovery: true, apiKeys: ['bedrock-api-key-c2NlbmFyaW8ta2V5LWZvci1sb2NrZWQ='] },
            { profile: 'open', accountId: '444444444444', denyDiscovery: ['ListInferenceProfiles'] },
          ],
          applicationInferenceProfiles: [{ profile: 'open', region: 'eu-west-1', name: 'eu haiku', copyFrom: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', id: 'abcdefabcdef' }],
        },
      });
      const c = new BedrockClient({ region: 'us-east-1', endpoint: sim.endpointTemplate.replace('{region}', 'us-east-1'), maxAttempts: 1, token: { token: 'bedrock-api-key-c2NlbmFyaW8ta2V5LWZvci1sb2NrZWQ=' }, authSchemePreference: ['httpBearerAuth'] });
      clients.push(c);
      assert.equal((await rejection(c.send(new ListFoundationModelsCommand({})))).name, 'AccessDeniedException');
      assert.deepEqual(sim.applicationInferenceProfiles().map((p) => [p.arn, p.copies]), [['arn:aws:bedrock:eu-west-1:444444444444:application-inference-profile/abcdefabcdef', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0']]);
    } finally {
      await sim?.close();
    }
  });
});
