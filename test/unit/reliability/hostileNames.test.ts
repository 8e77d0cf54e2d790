/**
 * Hostile names (issue 15, defect 2): tenants, targets and routes named after
 * Object.prototype's members or other odd strings get exactly the limits a plain name gets.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RouterError, type SettingsInput, validateSettings } from '../../../src/router';
import { hello, makeRouter } from '../../support/routerFixtures';
import { PROTOTYPE_IDS, PROTOTYPE_NAMES, hostileTenant } from '../../support/hostileNames';

const M = 'us.anthropic.claude-sonnet-4-6';

async function outcomes(router: ReturnType<typeof makeRouter>['router'], tenant: string, n: number, route?: string): Promise<string[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      router.send({ tenant, route, request: hello }).then(
        (r) => r.record.outcome as string,
        (err: unknown) => (RouterError.isInstance(err) ? (err.record?.outcome ?? err.kind) : `thrown: ${String(err)}`),
      ),
    ),
  );
}
const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('hostile names: tenants, targets and routes named like Object.prototype members', () => {
  const settings: SettingsInput = { targets: [{ id: 'a', model: M, profile: 'p', region: 'us-east-1' }], routes: [{ name: 'main', targets: ['a'] }], quotas: { default: { rpm: 3 } } };

  it(`the default tenant quota holds for every Object.prototype member as the tenant (${PROTOTYPE_NAMES.length} names)`, async () => {
    for (const tenant of PROTOTYPE_NAMES) {
      const { router } = makeRouter(settings);
      const got = await outcomes(router, tenant, 10);
      assert.equal(count(got, 'succeeded'), 3, `tenant "${tenant}": ${got.join(', ')}`);
      assert.equal(count(got, 'rate-limited'), 7, `tenant "${tenant}"`);
      assert.equal(router.snapshot().tenants.find((t) => t.name === tenant)?.quota.rpm, 3, `tenant "${tenant}" shows the default quota`);
    }
  });

  it('property: any tenant name gets its own quota if it has one, else the default, and never more', async () => {
    await fc.assert(
      fc.asyncProperty(hostileTenant, fc.boolean(), async (tenant, ownQuota) => {
        const s: SettingsInput = { ...settings, quotas: { default: { rpm: 3 }, workspaces: ownQuota ? { [tenant]: { rpm: 2 } } : {} } };
        const v = validateSettings(s);
        assert.ok(v.ok, JSON.stringify(!v.ok && v.problems));
        const { router } = makeRouter(s);
        const got = await outcomes(router, tenant, 6);
        assert.equal(count(got, 'succeeded'), ownQuota ? 2 : 3, `tenant ${JSON.stringify(tenant)} (own quota: ${ownQuota}): ${got.join(', ')}`);
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('a workspace named "__proto__" gets the quota written for it (settings parsed from JSON keep the key)', async () => {
    const s = JSON.parse(`{"targets": [{"id": "a", "model": "${M}", "profile": "p", "region": "us-east-1"}], "routes": [{"name": "main", "targets": ["a"]}], "quotas": {"default": {"rpm": 5}, "workspaces": {"__proto__": {"rpm": 1}, "constructor": {"rpm": 2}}}}`) as SettingsInput;
    const { router } = makeRouter(s);
    assert.equal(count(await outcomes(router, '__proto__', 4), 'succeeded'), 1);
    assert.equal(count(await outcomes(router, 'constructor', 4), 'succeeded'), 2);
    assert.equal(count(await outcomes(router, 'toString', 6), 'succeeded'), 5);
    const bad = validateSettings(JSON.parse('{"quotas": {"workspaces": {"__proto__": {"rpm": 0}}}}'));
    assert.ok(!bad.ok);
    assert.ok(bad.problems.some((p) => p.path === 'resilientLlm.quotas.workspaces.__proto__.rpm' && /at least 1/.test(p.message)), JSON.stringify(bad.problems));
  });

  it(`targets and routes may be named ${PROTOTYPE_IDS.join(', ')}: limits and statistics are theirs alone`, async () => {
    const s: SettingsInput = {
      targets: PROTOTYPE_IDS.map((id) => ({ id, model: M, profile: `p-${id}`, region: 'us-east-1', rpm: 2 })),
      routes: PROTOTYPE_IDS.map((name) => ({ name, targets: [name] })),
    };
    const v = validateSettings(s);
    assert.ok(v.ok, JSON.stringify(!v.ok && v.problems));
    const { router } = makeRouter(s);
    for (const name of PROTOTYPE_IDS) {
      const got = await outcomes(router, 'ws', 4, name);
      assert.equal(count(got, 'succeeded'), 2, `route/target "${name}": ${got.join(', ')}`);
    }
    const snap = router.snapshot();
    for (const name of PROTOTYPE_IDS) assert.equal(snap.targets.find((t) => t.id === name)?.succeeded, 2, name);
  });

  it('a route that does not exist is refused by name, whatever it is called', async () => {
    const { router } = makeRouter(settings);
    for (const route of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await assert.rejects(router.send({ tenant: 'ws', route, request: hello }), (err: unknown) => RouterError.isInstance(err) && err.kind === 'config' && err.message.includes(`No route named "${route}"`));
    }
  });
});
