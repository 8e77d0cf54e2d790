import assert from 'node:assert/strict';
import { crisCounts, crisPicks, loadScenario } from '../../../src/simulator';
import { converse, countBy, startTestSim, type TestSim } from './helpers';

const PROFILE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SCENARIO = loadScenario({
  accounts: [
    { profile: 'shard-a', accountId: '111111111111', defaultRegion: 'us-east-1' },
    { profile: 'shard-b', accountId: '222222222222', defaultRegion: 'us-east-1' },
  ],
  regions: { 'us-east-1': { capacity: 1 }, 'us-east-2': { capacity: 2 }, 'us-west-2': { capacity: 1 } },
});

describe('simulator: cross-Region inference routing', function () {
  let t: TestSim;
  before(async () => {
    t = await startTestSim({ seed: 2024, scenario: SCENARIO });
  });
  after(() => t.close());
  afterEach(() => t.sim.reset({ seed: 2024 }));

  async function burst(n: number, profile = 'shard-a'): Promise<Record<string, number>> {
    const client = t.bedrock(profile);
    await Promise.all(Array.from({ length: n }, (_, i) => converse(client, PROFILE, `request ${i}`, 50)));
    return countBy(
      t.sim.invocationLog().filter((r) => r.profile === profile),
      (r) => r.inferenceRegion,
    );
  }

  it('spreads 200 concurrent requests over the profile Regions in proportion to capacity', async () => {
    const counts = await burst(200);
    assert.deepEqual(Object.keys(counts).sort(), ['us-east-1', 'us-east-2', 'us-west-2']);
    const expected: Record<string, number> = { 'us-east-1': 50, 'us-east-2': 100, 'us-west-2': 50 };
    for (const [region, n] of Object.entries(expected)) {
      assert.ok(Math.abs((counts[region] ?? 0) - n) <= 25, `${region}: ${counts[region]} vs about ${n}`);
    }
    assert.ok((counts['us-east-2'] ?? 0) > (counts['us-east-1'] ?? 0) && (counts['us-east-2'] ?? 0) > (counts['us-west-2'] ?? 0));
  });

  it('gives exactly the same counts for the same seed, as crisCounts predicts, and different ones for another seed', async () => {
    const first = await burst(200);
    t.sim.reset({ seed: 2024 });
    const second = await burst(200);
    assert.deepEqual(second, first);
    const predicted = crisCounts({ seed: 2024, accountId: '111111111111', profileId: PROFILE, count: 200, weights: t.sim.crisWeights(PROFILE) });
    assert.deepEqual(first, predicted);
    t.sim.reset({ seed: 2025 });
    assert.notDeepEqual(await burst(200), first);
  });

  it('keeps one stream per account: shard-b follows its own predicted picks', async () => {
    const counts = await burst(10, 'shard-b');
    const picks = crisPicks({ seed: 2024, accountId: '222222222222', profileId: PROFILE, count: 10, weights: t.sim.crisWeights(PROFILE) });
    assert.deepEqual(counts, countBy(picks, (r) => r));
  });

  it('never routes to a Region that is down, and down-weights a degraded one', async () => {
    t.sim.faults.setRegionStatus('us-east-2', 'down');
    assert.equal(t.sim.crisWeights(PROFILE).find((w) => w.region === 'us-east-2')?.weight, 0);
    const counts = await burst(60);
    assert.equal(counts['us-east-2'], undefined);
    assert.equal((counts['us-east-1'] ?? 0) + (counts['us-west-2'] ?? 0), 60);

    t.sim.reset({ seed: 2024 });
    t.sim.faults.configureRegion('us-east-2', { degraded: { errorRate: 0 } });
    t.sim.faults.setRegionStatus('us-east-2', 'degraded');
    assert.equal(t.sim.crisWeights(PROFILE).find((w) => w.region === 'us-east-2')?.weight, 0.5);
    const degraded = await burst(200);
    assert.ok((degraded['us-east-2'] ?? 0) < 70, `degraded us-east-2 still got ${degraded['us-east-2']}`);
  });
});
