import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, ScenarioError } from '../../../src/simulator';
import { converse, rejection, startTestSim } from './helpers';

const SONNET = 'us.anthropic.claude-sonnet-4-6';

describe('simulator: scenarios', function () {
  it('loads from a file, JSON text or an object, and names the JSON path of every error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rllm-scenario-'));
    try {
      const file = join(dir, 's.json');
      await writeFile(file, JSON.stringify({ seed: 4, regions: { 'us-east-2': { capacity: 3 } } }));
      assert.equal(loadScenario(file).regions?.['us-east-2']?.capacity, 3);
      assert.equal(loadScenario('{"seed": 9}').seed, 9);
      assert.throws(() => loadScenario(join(dir, 'missing.json')), /cannot read scenario file/);
      assert.throws(() => loadScenario('{"seed": '), /not valid JSON/);
      assert.throws(
        () => loadScenario({ quotas: { rules: [{ rpm: -1 }] }, regions: { 'us-east-2': { status: 'on fire' } }, extra: true }),
        (err: unknown) => {
          assert.ok(err instanceof ScenarioError);
          assert.match(err.message, /quotas\.rules\[0\]\.rpm: /);
          assert.match(err.message, /regions\.us-east-2\.status: /);
          assert.match(err.message, /\(root\): Unrecognized key: "extra"/);
          return true;
        },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('applies accounts, Region health, quotas, faults and not-ready models; reset restores them', async () => {
    const t = await startTestSim({
      scenario: loadScenario({
        accounts: [{ profile: 'alpha', accountId: '123456789012', defaultRegion: 'us-east-1', expired: false }, { profile: 'beta', expired: true }],
        regions: { 'us-west-2': { status: 'down' } },
        quotas: { rules: [{ profile: 'alpha', model: 'us.amazon.nova-pro-v1:0', rpm: 1 }] },
        faults: [{ type: 'error', kind: 'throttle', count: 1, scope: { model: SONNET } }],
        modelsNotReady: [{ model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' }],
      }),
    });
    try {
      const credentials = await readFile(t.credentialsFile, 'utf8');
      assert.match(credentials, /^\[alpha\]$/m);
      assert.match(await readFile(t.configFile, 'utf8'), /^\[profile alpha\]\nregion = us-east-1$/m);
      const check = async () => {
        assert.equal((await rejection(converse(t.bedrock('alpha'), SONNET, 'first', 10))).name, 'ThrottlingException');
        await converse(t.bedrock('alpha'), SONNET, 'second', 10);
        assert.equal((await rejection(converse(t.bedrock('alpha', 'us-west-2'), SONNET, 'down', 10))).name, 'ServiceUnavailableException');
        assert.equal((await rejection(converse(t.bedrock('beta'), SONNET, 'expired', 10))).name, 'ExpiredTokenException');
        assert.equal((await rejection(converse(t.bedrock('alpha'), 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'not ready', 10))).name, 'ModelNotReadyException');
        await converse(t.bedrock('alpha'), 'us.amazon.nova-pro-v1:0', 'one', 10);
        assert.equal((await rejection(converse(t.bedrock('alpha'), 'us.amazon.nova-pro-v1:0', 'two', 10))).message, 'Too many requests, please wait before trying again.');
        assert.ok(t.sim.invocationLog().every((r) => r.inferenceRegion !== 'us-west-2'));
      };
      await check();
      t.sim.faults.clear();
      await converse(t.bedrock('beta'), SONNET, 'cleared', 10);
      t.sim.reset();
      await check();
    } finally {
      await t.close();
    }
  });

  it('keeps the invocation log bounded', async () => {
    const t = await startTestSim({ scenario: { invocationLog: { capacity: 5 } } });
    try {
      for (let i = 0; i < 8; i++) await converse(t.bedrock(), SONNET, `message ${i}`, i + 1);
      const log = t.sim.invocationLog();
      assert.deepEqual(
        log.map((r) => r.outputTokens),
        [4, 5, 6, 7, 8],
        'the newest five, oldest first',
      );
      const admin = (await (await fetch(`${t.sim.endpoint}/__sim/invocations`)).json()) as { count: number };
      assert.equal(admin.count, 5);
    } finally {
      await t.close();
    }
  });

  it('answerTokens: answers of a realistic length, the same for a question every time, cut by maxTokens, counted 5x for Claude', async () => {
    assert.throws(() => loadScenario({ answerTokens: { min: 500, max: 200 } }), /answerTokens: max must be at least min/);
    const t = await startTestSim({ scenario: loadScenario({ answerTokens: { min: 300, max: 900 }, regions: { 'us-east-1': { ttftMs: 1, tokensPerSecond: 100_000 }, 'us-east-2': { ttftMs: 1, tokensPerSecond: 100_000 }, 'us-west-2': { ttftMs: 1, tokensPerSecond: 100_000 } } }) });
    try {
      const lengths: number[] = [];
      for (const q of ['first question', 'second question', 'third question', 'first question']) lengths.push((await converse(t.bedrock('shard-a'), SONNET, q, 4_096)).usage!.outputTokens!);
      assert.ok(lengths.every((n) => n >= 300 && n <= 900), lengths.join(', '));
      assert.equal(lengths[3], lengths[0], 'seeded by the question');
      assert.ok(new Set(lengths).size > 1, 'lengths vary between questions');
      const cut = await converse(t.bedrock('shard-a'), SONNET, 'first question', 100);
      assert.equal(cut.usage!.outputTokens, 100);
      assert.equal(cut.stopReason, 'max_tokens');
      const last = t.sim.invocationLog().at(-1)!;
      assert.equal(last.quotaTokens, last.inputTokens + 5 * 100);
    } finally {
      await t.close();
    }
  });
});
