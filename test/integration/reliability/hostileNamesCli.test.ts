/**
 * Hostile names through the CLI (issue 15, defect 2): `run --tenant constructor` and its
 * cousins get the default quota, and the JSON report counts them under their own names.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunCommand } from '../../../src/cli/run';
import { captureIo } from '../../support/cliIo';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('hostile names through the CLI: tenants named like Object.prototype members', function () {
  this.timeout(60_000);
  let dir: string;
  let config: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rllm-hostile-'));
    config = join(dir, 'quota.json');
    await writeFile(
      config,
      JSON.stringify({
        'resilientLlm.targets': [{ id: 'toString', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'team-a', region: 'us-east-1' }],
        'resilientLlm.routes': [{ name: 'constructor', targets: ['toString'] }],
        'resilientLlm.quotas': { default: { rpm: 3 } },
        'resilientLlm.maxQueueWaitMs': 0,
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const tenant of NAMES) {
    it(`run --tenant ${tenant}: 3 of 10 served (the default quota), counted under "${tenant}"`, async () => {
      const io = captureIo();
      assert.equal(await runRunCommand(['--config', config, '--tenant', tenant, '--requests', '10', '--concurrency', '10', '--route', 'constructor', '--json'], io), 0, io.err);
      const r = JSON.parse(io.out) as { succeeded: number; rateLimited: number; byTenant: Record<string, unknown>; byTarget: Record<string, unknown> };
      assert.equal(r.succeeded, 3);
      assert.equal(r.rateLimited, 7);
      assert.ok(Object.hasOwn(r.byTenant, tenant));
      assert.deepEqual(r.byTenant[tenant], { total: 10, succeeded: 3, rateLimited: 7, failed: 0 });
      assert.ok(Object.hasOwn(r.byTarget, 'toString'));
      assert.equal(r.byTarget.toString, 3);
    });
  }
});
