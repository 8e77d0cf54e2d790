import assert from 'node:assert/strict';
import { jain } from '../../src/bench/quality/run';
import { AGGREGATE_RPM, BENCH_TARGETS, capacityLimit } from '../../src/bench/quality/world';

describe('benchmark arithmetic', () => {
  it("Jain's index is 1 for an even split and 1/n when one tenant gets everything", () => {
    assert.equal(jain([5, 5, 5]), 1);
    assert.ok(Math.abs(jain([9, 0, 0]) - 1 / 3) < 1e-12);
    assert.ok(jain([6, 5, 4]) > 0.95 && jain([6, 5, 4]) < 1);
  });

  it('the capacity limit admits each arrival while some live target has quota left', () => {
    const west = BENCH_TARGETS.filter((t) => t.region === 'us-west-2').reduce((s, t) => s + t.rpm, 0);
    const east = AGGREGATE_RPM - west;
    const burst = (at: number, n: number) => Array.from({ length: n }, () => at);
    assert.equal(capacityLimit(burst(0, 1000), Infinity), AGGREGATE_RPM, 'a burst fills every quota once');
    assert.equal(capacityLimit([...burst(0, 1000), ...burst(60_000, 1000)], Infinity), 2 * AGGREGATE_RPM, 'and again a minute later');
    assert.equal(capacityLimit([...burst(0, 1000), ...burst(60_000, 1000)], 30_000), AGGREGATE_RPM + east, 'without the failed Region');
    const spread = Array.from({ length: 100 }, (_, n) => n * 1_000);
    assert.equal(capacityLimit(spread, Infinity), 100, 'light load: everything');
  });
});

describe('issue 21 benchmark goals', () => {
  it('cost: met only when `cost` meets its objective and no strategy that meets it is cheaper', async () => {
    const { costGoal } = await import('../../src/bench/costBench');
    const row = (strategy: string, costPer1k: number, meetsObjective: boolean) => ({ strategy, offered: 10, succeeded: 10, costPer1k, ttftP95Ms: 1, meetsObjective, byTarget: {} });
    assert.equal(costGoal([row('shuffle', 0.1, false), row('latency', 0.5, true), row('cost', 0.3, true)]).met, true);
    assert.equal(costGoal([row('latency', 0.2, true), row('cost', 0.3, true)]).met, false);
    assert.equal(costGoal([row('cost', 0.3, false)]).met, false);
  });

  it('slow Region: met only by a variant that answered everything within 1.1x of healthy at <= 5% extra calls', async () => {
    const { slowRegionGoal } = await import('../../src/bench/slowRegion');
    const row = (variant: string, vsHealthy: number, extraCallsPct: number, answered = 10) => ({ variant, answered, offered: 10, ttftP99Ms: 1, vsHealthy, extraCallsPct });
    assert.equal(slowRegionGoal([row('slow Region, no hedging', 1, 0), row('slow Region, hedging', 1.05, 4)]).met, true);
    assert.equal(slowRegionGoal([row('slow Region, hedging', 1.05, 6)]).met, false);
    assert.equal(slowRegionGoal([row('slow Region, escalate to priority', 0.2, 0, 6)]).met, false);
    assert.equal(slowRegionGoal([row('slow Region, no hedging', 1, 0)]).met, false);
  });
});
