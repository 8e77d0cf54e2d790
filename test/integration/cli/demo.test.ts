import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runDemoCommand } from '../../../src/cli/demo';
import { runDemo } from '../../../src/demos';
import { captureIo } from '../../support/cliIo';

const exec = promisify(execFile);

describe('pattern demos reproduce the published results (real SDK, simulator)', function () {
  this.timeout(120_000);

  it('cris: 10 requests, us-east-1 1, us-east-2 7, us-west-2 2 from the invocation log', async () => {
    const r = await runDemo('cris');
    assert.deepEqual(r.byRegion, { 'us-east-1': 1, 'us-east-2': 7, 'us-west-2': 2 });
    assert.equal(r.succeeded, 10);
    assert.equal(r.lines.length, 10);
  });

  it('cris, global profile: spread over Regions beyond the US', async () => {
    const r = await runDemo('cris', { global: true, requests: 40 });
    assert.equal(r.succeeded, 40);
    assert.ok(Object.keys(r.byRegion!).some((region) => !region.startsWith('us-')), JSON.stringify(r.byRegion));
    assert.equal(Object.values(r.byRegion!).reduce((a, b) => a + b, 0), 40);
  });

  it('sharding: per-account totals and each account\'s Regions', async () => {
    const r = await runDemo('sharding');
    assert.deepEqual(r.byAccount!['shard-a']!.byRegion, { 'us-east-2': 7, 'us-west-2': 3 });
    assert.deepEqual(r.byAccount!['shard-b']!.byRegion, { 'us-east-1': 2, 'us-east-2': 3, 'us-west-2': 5 });
    for (const a of ['shard-a', 'shard-b']) {
      const x = r.byAccount![a]!;
      assert.deepEqual([x.total, x.succeeded, x.failed, x.successRate], [10, 10, 0, 1]);
      assert.ok(x.averageSeconds > 0);
    }
  });

  it('fallback: 3 primary, 7 fallback, 10 of 10, no provider throttle', async () => {
    const r = await runDemo('fallback');
    assert.deepEqual(r.byTarget, { primary: 3, fallback: 7 });
    assert.deepEqual([r.succeeded, r.requests, r.providerThrottles], [10, 10, 0]);
  });

  it('load balancing: 3, 3 and 4, 10 of 10', async () => {
    const r = await runDemo('load-balancing');
    assert.deepEqual(r.byTarget, { 'primary-1': 3, 'primary-2': 3, fallback: 4 });
    assert.equal(r.succeeded, 10);
  });

  it('quota isolation: A 3 succeed and 2 rate limited; B 5/5; C 5/5', async () => {
    const r = await runDemo('quota-isolation');
    assert.deepEqual(r.byTenant, {
      'tenant-a': { total: 5, succeeded: 3, rateLimited: 2, failed: 0 },
      'tenant-b': { total: 5, succeeded: 5, rateLimited: 0, failed: 0 },
      'tenant-c': { total: 5, succeeded: 5, rateLimited: 0, failed: 0 },
    });
  });

  it('results repeat exactly for the same seed', async () => {
    const a = await runDemo('load-balancing', { seed: 99 });
    const b = await runDemo('load-balancing', { seed: 99 });
    assert.deepEqual(a.byTarget, b.byTarget);
    assert.deepEqual(a.lines.map((l) => [l.request, l.target]).sort(), b.lines.map((l) => [l.request, l.target]).sort());
  });

  it('--requests 1000 scales the limits and finishes with consistent totals and percentiles', async () => {
    for (const pattern of ['fallback', 'quota-isolation'] as const) {
      const r = await runDemo(pattern, { requests: 1000 });
      assert.equal(r.succeeded + r.rateLimited + r.failed, r.requests, pattern);
      assert.equal(r.lines.length, r.requests);
      assert.ok(r.latencyMs.p50 > 0 && r.latencyMs.p50 <= r.latencyMs.p95 && r.latencyMs.p95 <= r.latencyMs.p99);
      if (pattern === 'fallback') assert.deepEqual(r.byTarget, { primary: 300, fallback: 700 });
      else assert.deepEqual(r.byTenant!['tenant-a'], { total: 1000, succeeded: 600, rateLimited: 400, failed: 0 });
    }
  });

  it('the CLI prints per-request lines and the summary tables', async () => {
    const io = captureIo();
    assert.equal(await runDemoCommand(['fallback'], io), 0);
    assert.equal(io.out.match(/#\d+\s+succeeded/g)?.length, 10);
    assert.match(io.out, /Requests by target\n\s+Target\s+Requests\s+Share\n.*\n\s+fallback\s+7\s+70%\n\s+primary\s+3\s+30%/);
    assert.match(io.out, /Succeeded 10\/10, rate limited 0, failed 0, provider throttles 0\./);
  });

  it('the CLI rejects unknown demos and bad flags with a clear message and exit 1', async () => {
    for (const [args, message] of [
      [['fallbak'], /unknown demo "fallbak"; choose one of cris, sharding, fallback, load-balancing, quota-isolation or all/],
      [['all', '--requests', '0'], /--requests must be a whole number from 1 to 100000, got "0"/],
      [['all', '--nope'], /unknown option '?--nope/],
      [['cris', '--aws'], /--aws needs --config FILE/],
    ] as const) {
      const io = captureIo();
      assert.equal(await runDemoCommand([...args], io), 1);
      assert.match(io.err, message);
    }
  });

  it('npx resilient-llm demo all --json from the built CLI gives the five results with their keys', async () => {
    await exec(process.execPath, ['esbuild.js'], { cwd: process.cwd() });
    const { stdout } = await exec(process.execPath, ['dist/cli.js', 'demo', 'all', '--json'], { cwd: process.cwd(), env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const results = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(results.map((r) => r.pattern), ['cris', 'sharding', 'fallback', 'load-balancing', 'quota-isolation']);
    assert.deepEqual(results[0]!.byRegion, { 'us-east-1': 1, 'us-east-2': 7, 'us-west-2': 2 });
    assert.ok('byAccount' in results[1]! && 'byTarget' in results[2]! && 'byTarget' in results[3]! && 'byTenant' in results[4]!);
    for (const r of results) for (const key of ['requests', 'succeeded', 'rateLimited', 'failed', 'providerThrottles', 'latencyMs']) assert.ok(key in r, `${String(r.pattern)} lacks ${key}`);
  });
});
