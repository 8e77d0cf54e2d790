import { GetQueryResultsCommand, StartQueryCommand, type CloudWatchLogsClient, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import assert from 'node:assert/strict';
import { converse, countBy, rejection, startTestSim, type TestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const seedQuery = (profileId: string) => `filter modelId like /inference-profile\\/${profileId}/ | stats count(*) as invocationCount by inferenceRegion | sort inferenceRegion`;

describe('simulator: invocation log through CloudWatch Logs Insights', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 8 });
    const a = t.bedrock('shard-a', 'us-east-1');
    const b = t.bedrock('shard-b', 'us-west-2');
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => converse(a, SONNET, `a ${i}`, 20)),
      ...Array.from({ length: 4 }, (_, i) => converse(a, HAIKU, `a haiku ${i}`, 20)),
      ...Array.from({ length: 5 }, (_, i) => converse(b, SONNET, `b ${i}`, 20)),
    ]);
  });
  after(() => t.close());

  async function query(client: CloudWatchLogsClient, queryString: string): Promise<ResultField[][]> {
    const now = t.sim.clock.now() / 1000;
    const { queryId } = await client.send(new StartQueryCommand({ logGroupName: '/aws/bedrock/modelinvocations', startTime: Math.floor(now - 3600), endTime: Math.ceil(now), queryString }));
    for (let i = 0; i < 50; i++) {
      const res = await client.send(new GetQueryResultsCommand({ queryId }));
      if (res.status === 'Complete') return res.results ?? [];
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail('query did not complete');
  }

  const table = (rows: ResultField[][]) => rows.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])));

  it("answers the seed's query with the Region distribution of one profile, sorted by Region", async () => {
    const rows = table(await query(t.logs('shard-a', 'us-east-1'), seedQuery(SONNET)));
    const expected = countBy(
      t.sim.invocationLog().filter((r) => r.profile === 'shard-a' && r.requestedModelId === SONNET),
      (r) => r.inferenceRegion,
    );
    assert.deepEqual(
      rows,
      Object.keys(expected)
        .sort()
        .map((region) => ({ inferenceRegion: region, invocationCount: String(expected[region]) })),
    );
    assert.equal(
      rows.reduce((n, r) => n + Number(r.invocationCount), 0),
      10,
    );
  });

  it("shows each account only its own invocations, in the Region it queries", async () => {
    const b = table(await query(t.logs('shard-b', 'us-west-2'), seedQuery(SONNET)));
    assert.equal(
      b.reduce((n, r) => n + Number(r.invocationCount), 0),
      5,
    );
    assert.deepEqual(await query(t.logs('shard-b', 'us-east-1'), seedQuery(SONNET)), []);
  });

  it('supports fields, sort desc and limit over the log events', async () => {
    const rows = table(await query(t.logs(), 'fields @timestamp, modelId, inferenceRegion, output.outputTokenCount | filter modelId like /haiku/ | sort @timestamp desc | limit 3'));
    assert.equal(rows.length, 3);
    for (const r of rows) {
      assert.equal(r.modelId, `arn:aws:bedrock:us-east-1:111111111111:inference-profile/${HAIKU}`);
      assert.ok(Number(r['output.outputTokenCount']) > 0);
    }
    assert.ok(String(rows[0]?.['@timestamp']) >= String(rows[2]?.['@timestamp']));
  });

  it('rejects a query outside the supported subset with MalformedQueryException', async () => {
    const err = await rejection(query(t.logs(), 'parse @message "x*y" as a, b'));
    assert.equal(err.name, 'MalformedQueryException');
    assert.match(err.message, /unsupported command 'parse'/);
  });
});
