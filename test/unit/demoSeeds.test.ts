import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fallbackPattern, loadBalancingPattern } from '../../src/demos/patterns/fallback';
import { TENANTS, quotaIsolationPattern } from '../../src/demos/patterns/quotaIsolation';
import { DEFAULT_SETTINGS } from '../../src/extension/defaults';
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

describe('demo seeds and tenants, as documented', () => {
  const readme = readFileSync('README.md', 'utf8');
  const cli = readFileSync('docs/cli.md', 'utf8');

  it('the README and docs/cli.md give each demo its real seed', () => {
    for (const text of [readme, cli]) {
      assert.match(text, new RegExp(`seed ${DEMO_SEEDS.cris} for \`cris\``));
      assert.match(text, new RegExp(`${DEMO_SEEDS.sharding} for \`sharding\``));
      assert.match(text, new RegExp(`\\b${DEMO_SEEDS.default} for `));
    }
    for (const def of [fallbackPattern, loadBalancingPattern, quotaIsolationPattern]) assert.equal(def.seed, DEMO_SEEDS.default, def.pattern);
  });

  it("the default quotas name the quota-isolation demo's tenants, with its quotas", () => {
    const demo = quotaIsolationPattern.plan(1, undefined).settings.quotas!.workspaces!;
    assert.deepEqual(Object.keys(DEFAULT_SETTINGS.quotas.workspaces ?? {}), [...TENANTS]);
    for (const t of TENANTS) assert.deepEqual(DEFAULT_SETTINGS.quotas.workspaces?.[t], demo[t], t);
  });
});
