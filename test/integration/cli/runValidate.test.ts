import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunCommand } from '../../../src/cli/run';
import { runValidate } from '../../../src/cli/validate';
import { captureIo } from '../../support/cliIo';

const ROUTES = 'test/fixtures/configs/routes.jsonc';
const INVALID = 'test/fixtures/configs/invalid.json';

describe('resilient-llm run and validate', function () {
  this.timeout(60_000);

  it('validate: a valid settings file gives a summary and exit 0', async () => {
    const io = captureIo();
    assert.equal(await runValidate(['--config', ROUTES], io), 0, io.err);
    assert.match(io.out, /routes\.jsonc: valid \(simulated mode\): 3 targets, 2 routes \(default: sonnet\), quotas for 1 workspace\./);
    assert.match(io.out, /sonnet: sonnet-a, sonnet-b \(round-robin\) → haiku/);
  });

  it('validate: every problem on its own line naming the path, exit 1', async () => {
    const io = captureIo();
    assert.equal(await runValidate(['--config', INVALID], io), 1);
    const lines = io.err.trim().split('\n');
    for (const expected of [
      /^resilientLlm\.targets\[0\]\.rpm: must be at least 1/,
      /^resilientLlm\.targets\[1\]\.model: is not a Bedrock model id/,
      /^resilientLlm\.routes\[1\]\.strategy: must be one of/,
      /invalid\.json: 3 problems; fix them and run validate again\./,
    ]) assert.ok(lines.some((l) => expected.test(l)), `${expected}\n${io.err}`);
  });

  it('validate: reference problems once the types are right (unknown target, cycle, duplicate)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rllm-cfg-'));
    const file = join(dir, 'refs.json');
    await writeFile(file, JSON.stringify({
      'resilientLlm.targets': [
        { id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'x', region: 'us-east-1' },
        { id: 'a', model: 'us.anthropic.claude-sonnet-4-6', profile: 'x', region: 'us-east-1' },
      ],
      'resilientLlm.routes': [
        { name: 'main', targets: ['a', 'b'], fallbacks: ['backup'] },
        { name: 'backup', targets: ['a'], fallbacks: ['main'] },
      ],
    }));
    const io = captureIo();
    assert.equal(await runValidate(['--config', file], io), 1);
    assert.match(io.err, /resilientLlm\.targets\[1\]\.id: duplicate target id "a"/);
    assert.match(io.err, /resilientLlm\.routes\[0\]\.targets\[1\]: no target with id "b"/);
    assert.match(io.err, /fallback cycle (main → backup → main|backup → main → backup)/);
  });

  it('validate: malformed JSON and missing files say where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rllm-cfg-'));
    await writeFile(join(dir, 'bad.json'), '{\n  "resilientLlm.routes": [\n    { "name": }\n  ]\n}');
    await assert.rejects(runValidate(['--config', join(dir, 'bad.json')], captureIo()), /bad\.json: not valid JSON \(ValueExpected at line 3, column 15\)/);
    await assert.rejects(runValidate(['--config', join(dir, 'none.json')], captureIo()), /none\.json: no such file/);
    const io = captureIo();
    assert.equal(await runValidate([], io), 1);
    assert.match(io.err, /--config FILE is required/);
  });

  it('run: limits exact and fallbacks taken, against the simulator', async () => {
    const io = captureIo();
    assert.equal(await runRunCommand(['--config', ROUTES, '--requests', '20', '--concurrency', '20', '--json'], io), 0, io.err);
    const r = JSON.parse(io.out);
    assert.deepEqual(r.byTarget, { 'sonnet-a': 4, 'sonnet-b': 4, haiku: 5 }, 'each target exactly at its RPM, then the fallback route');
    // The 7 that found every target at its limit were rate limited by our own limits, not failed.
    assert.deepEqual([r.requests, r.succeeded, r.failed, r.rateLimited, r.providerThrottles], [20, 13, 0, 7, 0]);
    assert.deepEqual(r.byRegion, { 'us-east-1': 9, 'us-west-2': 4 });
    assert.deepEqual(r.byTenant, { cli: { total: 20, succeeded: 13, rateLimited: 7, failed: 0 } });
    for (const k of ['p50', 'p95', 'p99']) assert.ok(r.latencyMs[k] > 0);
  });

  it('run: a tenant quota rate-limits, and the text output explains why', async () => {
    const io = captureIo();
    assert.equal(await runRunCommand(['--config', ROUTES, '--requests', '5', '--concurrency', '5', '--tenant', 'small'], io), 0, io.err);
    assert.match(io.out, /Requests 5: succeeded 2, rate limited 3, failed 0/);
    assert.match(io.out, /3 x Workspace "small" has used its quota of 2 requests per minute/);
  });

  it('run: every target at its limit is rate limited, with when it frees up, in the text output', async () => {
    const io = captureIo();
    assert.equal(await runRunCommand(['--config', ROUTES, '--requests', '20', '--concurrency', '20'], io), 0, io.err);
    assert.match(io.out, /Requests 20: succeeded 13, rate limited 7, failed 0/);
    assert.match(io.out, /\d x Every target of route "sonnet" is at its limit\. The first one frees up in \d+(\.\d)? s\. sonnet-\w: at its limit of 4 requests per minute/);
  });

  it('run: refuses an invalid file without sending anything, and an unknown route', async () => {
    let io = captureIo();
    assert.equal(await runRunCommand(['--config', INVALID], io), 1);
    assert.match(io.err, /is not valid; nothing was sent/);
    io = captureIo();
    assert.equal(await runRunCommand(['--config', ROUTES, '--route', 'opus'], io), 1);
    assert.match(io.err, /no route named "opus".*routes: sonnet, haiku/);
  });

  it('run: a target with no typed limit runs at the quota Service Quotas lists, with 0 throttles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rllm-cfg-'));
    const file = (serviceQuotas: boolean) => join(dir, `quotas-${serviceQuotas}.json`);
    for (const serviceQuotas of [true, false]) {
      await writeFile(file(serviceQuotas), JSON.stringify({
        'resilientLlm.targets': [{ id: 'east', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p1', region: 'us-east-1' }],
        'resilientLlm.routes': [{ name: 'main', targets: ['east'] }],
        'resilientLlm.maxQueueWaitMs': 0,
        'resilientLlm.serviceQuotas': serviceQuotas,
        // The account's pool: 1,000 tokens a minute; each request reserves its input (about 15 tokens) and its maxTokens (200): four fit at once.
        'resilientLlm.simulator': { seed: 1, timeScale: 20, scenario: { quotas: { rules: [{ profile: 'p1', region: 'us-east-1', model: 'us.anthropic.claude-sonnet-4-6', pool: 'cross-region', tpm: 1000 }] } } },
      }));
    }
    const io = captureIo();
    assert.equal(await runRunCommand(['--config', file(true), '--requests', '10', '--concurrency', '10'], io), 0, io.err);
    assert.match(io.out, /Service Quotas for account "p1" in us-east-1: Claude Sonnet 4\.6 \(cross-Region\): 1000 tokens per minute \(Service Quotas\)/);
    assert.match(io.out, /Requests 10: succeeded 4, rate limited 6, failed 0; provider throttles 0\./);
    assert.match(io.out, /6 x Every target of route "main" is at its limit\..*east: its Bedrock quota pool is at its limit of 1000 tokens per minute/);
    // Without discovery the router does not know the pool, and Bedrock throttles what it sends beyond it.
    const blind = captureIo();
    assert.equal(await runRunCommand(['--config', file(false), '--requests', '10', '--concurrency', '10', '--json'], blind), 0, blind.err);
    const r = JSON.parse(blind.out);
    assert.equal(r.succeeded, 4);
    assert.ok(r.providerThrottles >= 6, `throttled by Bedrock: ${r.providerThrottles}`);
  });

  it('run: a fault scenario in the same file is routed around', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rllm-cfg-'));
    const file = join(dir, 'faults.json');
    await writeFile(file, JSON.stringify({
      'resilientLlm.targets': [
        { id: 'east', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p1', region: 'us-east-1' },
        { id: 'west', model: 'us.anthropic.claude-sonnet-4-6', profile: 'p1', region: 'us-west-2' },
      ],
      'resilientLlm.routes': [{ name: 'main', targets: ['east', 'west'], strategy: 'round-robin' }],
      'resilientLlm.simulator': { seed: 1, timeScale: 20, scenario: { regions: { 'us-east-1': { status: 'down' } } } },
    }));
    const io = captureIo();
    assert.equal(await runRunCommand(['--config', file, '--requests', '10', '--json'], io), 0, io.err);
    const r = JSON.parse(io.out);
    assert.equal(r.succeeded, 10);
    assert.deepEqual(r.byTarget, { west: 10 });
  });
});
