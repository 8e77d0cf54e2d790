/**
 * The Service Quotas API on the simulator's endpoint, through the unmodified
 * @aws-sdk/client-service-quotas: each simulated account's applied Bedrock quotas and
 * AWS's defaults, with quota names and codes shaped as AWS's are, and pagination.
 */
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  paginateListAWSDefaultServiceQuotas,
  paginateListServiceQuotas,
  ServiceQuotasClient,
  type ServiceQuota,
} from '@aws-sdk/client-service-quotas';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import assert from 'node:assert/strict';
import { rejection, startTestSim, type TestSim } from './helpers';

const SONNET_45_CRIS = 'Cross-Region InvokeModel tokens per minute for Anthropic Claude Sonnet 4.5';
const NOVA_PRO_ON_DEMAND = 'On-demand InvokeModel tokens per minute for Amazon Nova Pro';
const SONNET_45_DAY = 'Model invocation max tokens per day for Anthropic Claude Sonnet 4.5';

describe('simulator: Service Quotas (ListServiceQuotas, GetServiceQuota, ListAWSDefaultServiceQuotas)', function () {
  let t: TestSim;
  const clients: ServiceQuotasClient[] = [];
  const quotas = (profile = 'shard-a', region = 'us-east-1') => {
    const c = new ServiceQuotasClient({ region, endpoint: t.sim.endpoint, maxAttempts: 1, credentials: fromIni({ profile, filepath: t.credentialsFile, configFilepath: t.configFile, ignoreCache: true }) });
    clients.push(c);
    return c;
  };
  const all = async (pages: AsyncIterable<{ Quotas?: ServiceQuota[] }>) => {
    const out: ServiceQuota[] = [];
    let count = 0;
    for await (const page of pages) {
      count++;
      out.push(...(page.Quotas ?? []));
    }
    return { quotas: out, pages: count };
  };
  const byName = (list: ServiceQuota[], name: string) => list.find((q) => q.QuotaName === name);

  before(async () => {
    t = await startTestSim({ seed: 2 });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });
  afterEach(() => t.sim.reset());

  it('lists every Bedrock runtime quota with AWS-shaped names, codes, ARNs and periods, over several pages', async () => {
    const { quotas: listed, pages } = await all(paginateListServiceQuotas({ client: quotas(), pageSize: 7 }, { ServiceCode: 'bedrock' }));
    assert.ok(pages >= 3, `${pages} pages of 7`);
    const codes = listed.map((q) => q.QuotaCode ?? '');
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
    assert.ok(codes.every((c) => /^L-[0-9A-F]{8}$/.test(c)), 'codes look like L-xxxxxxxx');
    for (const name of [SONNET_45_CRIS, NOVA_PRO_ON_DEMAND, SONNET_45_DAY, 'Cross-Region InvokeModel tokens per minute for Anthropic Claude Opus 4.6', 'Model invocation max tokens per day for Meta Llama 4 Maverick 17B Instruct']) {
      assert.ok(byName(listed, name), `lists "${name}"`);
    }
    assert.ok(listed.every((q) => /^(Cross-Region InvokeModel tokens per minute|On-demand InvokeModel tokens per minute|Model invocation max tokens per day) for /.test(q.QuotaName ?? '')));
    assert.ok(!listed.some((q) => /requests per minute/i.test(q.QuotaName ?? '')), 'no RPM quotas');
    // Claude models are served through inference profiles only: no on-demand quota for them.
    assert.ok(!byName(listed, 'On-demand InvokeModel tokens per minute for Anthropic Claude Sonnet 4.5'));
    const cris = byName(listed, SONNET_45_CRIS)!;
    assert.equal(cris.ServiceCode, 'bedrock');
    assert.equal(cris.ServiceName, 'Amazon Bedrock');
    assert.equal(cris.QuotaArn, `arn:aws:servicequotas:us-east-1:${t.account('shard-a').accountId}:bedrock/${cris.QuotaCode}`);
    assert.deepEqual(cris.Period, { PeriodValue: 1, PeriodUnit: 'MINUTE' });
    assert.equal(cris.Adjustable, true);
    assert.equal(cris.GlobalQuota, false);
    assert.equal(cris.Value, 50_000_000, "the simulator's raised baseline");
    const day = byName(listed, SONNET_45_DAY)!;
    assert.deepEqual(day.Period, { PeriodValue: 1, PeriodUnit: 'DAY' });
    assert.equal(day.Value, 50_000_000 * 1440);
  });

  it('shows each account its applied values in the Region it asks, and AWS defaults apart', async () => {
    t.sim.setQuota({ profile: 'shard-a', region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', tpm: 250_000 });
    t.sim.setQuota({ profile: 'shard-a', region: 'us-east-1', model: 'amazon.nova-pro-v1:0', pool: 'on-demand', tpm: 40_000, tokensPerDay: 1_000_000 });
    const applied = (await all(paginateListServiceQuotas({ client: quotas() }, { ServiceCode: 'bedrock' }))).quotas;
    assert.equal(byName(applied, SONNET_45_CRIS)?.Value, 250_000);
    assert.equal(byName(applied, SONNET_45_DAY)?.Value, 250_000 * 1440, 'per day defaults to per minute x 1,440');
    assert.equal(byName(applied, NOVA_PRO_ON_DEMAND)?.Value, 40_000);
    assert.equal(byName(applied, 'Model invocation max tokens per day for Amazon Nova Pro')?.Value, 1_000_000);
    // Another account, or another Region of the same account, has its own values.
    const other = (await all(paginateListServiceQuotas({ client: quotas('shard-b', 'us-east-1') }, { ServiceCode: 'bedrock' }))).quotas;
    assert.equal(byName(other, SONNET_45_CRIS)?.Value, 50_000_000);
    const west = (await all(paginateListServiceQuotas({ client: quotas('shard-a', 'us-west-2') }, { ServiceCode: 'bedrock' }))).quotas;
    assert.equal(byName(west, SONNET_45_CRIS)?.Value, 50_000_000);
    // AWS defaults do not move with the account's values.
    const defaults = (await all(paginateListAWSDefaultServiceQuotas({ client: quotas(), pageSize: 100 }, { ServiceCode: 'bedrock' }))).quotas;
    assert.equal(defaults.length, applied.length);
    assert.equal(byName(defaults, SONNET_45_CRIS)?.Value, 4_000_000);
    assert.equal(byName(defaults, SONNET_45_DAY)?.Value, 4_000_000 * 1440);
    assert.equal(byName(defaults, NOVA_PRO_ON_DEMAND)?.Value, 1_000_000);
    assert.equal(byName(defaults, SONNET_45_CRIS)?.QuotaArn, `arn:aws:servicequotas:us-east-1::bedrock/${byName(defaults, SONNET_45_CRIS)?.QuotaCode}`);
    // GetServiceQuota / GetAWSDefaultServiceQuota by code.
    const code = byName(applied, SONNET_45_CRIS)!.QuotaCode!;
    assert.equal((await quotas().send(new GetServiceQuotaCommand({ ServiceCode: 'bedrock', QuotaCode: code }))).Quota?.Value, 250_000);
    assert.equal((await quotas().send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode: 'bedrock', QuotaCode: code }))).Quota?.Value, 4_000_000);
    const filtered = await quotas().send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock', QuotaCode: code }));
    assert.deepEqual(filtered.Quotas?.map((q) => q.QuotaName), [SONNET_45_CRIS]);
  });

  it("with baseline 'aws-default' the applied quotas, and the pools' limits, are AWS's defaults", async () => {
    const t2 = await startTestSim({ scenario: { quotas: { baseline: 'aws-default' } } });
    const c = new ServiceQuotasClient({ region: 'us-east-1', endpoint: t2.sim.endpoint, maxAttempts: 1, credentials: fromIni({ profile: 'shard-a', filepath: t2.credentialsFile, configFilepath: t2.configFile, ignoreCache: true }) });
    try {
      const applied = (await all(paginateListServiceQuotas({ client: c }, { ServiceCode: 'bedrock' }))).quotas;
      const defaults = (await c.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode: 'bedrock', MaxResults: 100 }))).Quotas ?? [];
      assert.deepEqual(
        applied.map((q) => [q.QuotaCode, q.Value]),
        defaults.map((q) => [q.QuotaCode, q.Value]),
      );
      assert.deepEqual(t2.sim.quotaFor({ profile: 'shard-a', region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }), { tpm: 4_000_000, tokensPerDay: 4_000_000 * 1440 });
    } finally {
      c.destroy();
      await t2.close();
    }
  });

  it('answers bad requests as Service Quotas does', async () => {
    const c = quotas();
    const noService = await rejection(c.send(new ListServiceQuotasCommand({ ServiceCode: 'ec2' })));
    assert.equal(noService.name, 'NoSuchResourceException');
    const noQuota = await rejection(c.send(new GetServiceQuotaCommand({ ServiceCode: 'bedrock', QuotaCode: 'L-00000000' })));
    assert.equal(noQuota.name, 'NoSuchResourceException');
    assert.match(noQuota.message, /L-00000000/);
    const badToken = await rejection(c.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock', NextToken: 'bm9wZQ==' })));
    assert.equal(badToken.name, 'InvalidPaginationTokenException');
    const badPage = await rejection(c.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock', MaxResults: 500 })));
    assert.equal(badPage.name, 'IllegalArgumentException');
    assert.match(badPage.message, /maxResults/);
  });
});
