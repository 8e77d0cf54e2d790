import assert from 'node:assert/strict';
import { demoUsWeights } from '../../src/demos/crisWeights';
import { CRIS_PROFILE } from '../../src/demos/patterns/cris';
import { DEMO_ACCOUNTS, DEMO_SEEDS } from '../../src/demos/scenario';
import { crisCounts } from '../../src/simulator';

describe('demo seeds', () => {
  const counts = (seed: number, accountId: string) => crisCounts({ seed, accountId, profileId: CRIS_PROFILE, count: 10, weights: demoUsWeights() });

  it('the CRIS seed reproduces the published spread: us-east-1 1, us-east-2 7, us-west-2 2', () => {
    assert.deepEqual(counts(DEMO_SEEDS.cris, DEMO_ACCOUNTS[0].accountId), { 'us-east-1': 1, 'us-east-2': 7, 'us-west-2': 2 });
  });

  it('the sharding seed reproduces both accounts\' published spreads', () => {
    assert.deepEqual(counts(DEMO_SEEDS.sharding, DEMO_ACCOUNTS[0].accountId), { 'us-east-2': 7, 'us-west-2': 3 });
    assert.deepEqual(counts(DEMO_SEEDS.sharding, DEMO_ACCOUNTS[1].accountId), { 'us-east-1': 2, 'us-east-2': 3, 'us-west-2': 5 });
  });
});
