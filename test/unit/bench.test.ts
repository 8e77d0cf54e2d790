import assert from 'node:assert/strict';
import { jain } from '../../src/bench/quality/run';
import { AGGREGATE_RPM, BENCH_TARGETS, capacityLimit } from '../../src/bench/quality/world';

describe('benchmark arithmetic', () => {
  it("Jain's index is 1 for an even split and 1/n when one tenant gets everything", () => {
    assert.equal(jain([5, 5, 5]), 1);
    assert.ok(Math.abs(jain([9, 0, 0]) - 1 / 3) < 1e-12);
    assert.ok(jain([6, 5, 4]) > 0.95 && jain([6, 5, 4]) < 1);
  });

  it('the capacity limit counts each quota for every started minute its Region is up', () => {
    assert.equal(AGGREGATE_RPM, BENCH_TARGETS.reduce((s, t) => s + t.rpm, 0));
    const west = BENCH_TARGETS.filter((t) => t.region === 'us-west-2').reduce((s, t) => s + t.rpm, 0);
    const east = AGGREGATE_RPM - west;
    assert.equal(capacityLimit(2, 0.8), east * 2 + west * 1);
    assert.equal(capacityLimit(4, 1.6), east * 4 + west * 2);
  });
});
