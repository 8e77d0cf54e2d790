/**
 * Bad input: the corpus of invalid settings through `resilient-llm validate`, and bad
 * requests (oversized, empty) through the router, the real SDK and the simulator.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runValidate } from '../../../src/cli/validate';
import { type ModelRequest } from '../../../src/providers/types';
import { type SettingsInput } from '../../../src/router';
import { captureIo } from '../../support/cliIo';
import { assertProblems, loadCorpus } from '../../unit/reliability/invalidSettingsCorpus';
import { type AwsFiles, type World, ask, assertSettled, faultSettings, guardProcess, makeRouter, reconcile, startWorld, streamOne } from './harness';

describe('reliability: resilient-llm validate refuses every file of the invalid-settings corpus', function () {
  this.timeout(30_000);
  const corpus = loadCorpus();
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rllm-invalid-'));
  });
  after(async () => {
    for (const [key, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dir, { recursive: true, force: true });
  });

  for (const e of corpus) {
    it(`${e.name}: exit 1, one line per problem naming its path`, async () => {
      if (e.awsProfiles) {
        // aws mode reads the user's AWS files: point the SDK's variables at temporary ones.
        const config = join(dir, `${e.name}-config`);
        const credentials = join(dir, `${e.name}-credentials`);
        await writeFile(config, e.awsProfiles.map((p) => `[profile ${p}]\nregion = us-east-1\n`).join('\n'));
        await writeFile(credentials, e.awsProfiles.map((p) => `[${p}]\naws_access_key_id = AKIAEXAMPLE${p.replace(/\W/g, '').toUpperCase()}\naws_secret_access_key = not-a-real-secret\n`).join('\n'));
        process.env.AWS_CONFIG_FILE = config;
        process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
      }
      const file = relative(process.cwd(), e.file);
      const io = captureIo();
      assert.equal(await runValidate(['--config', file], io), 1, `${e.name} must be refused`);
      assert.equal(io.out, '', 'nothing on stdout');
      const lines = io.err.trimEnd().split('\n');
      const summary = lines.pop()!;
      const n = e.expects.length;
      assert.equal(summary, `${file}: ${n} problem${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} and run validate again.`);
      assertProblems(e, lines);
      assert.doesNotMatch(io.err, /not-a-real-secret|AKIAEXAMPLE/, 'never prints anything from the credentials file');
    });
  }
});

describe('reliability: bad requests through the router, the real SDK and the simulator', function () {
  this.timeout(30_000);
  guardProcess();
  const MAX_BODY = 64 * 1024;
  let world: World;
  let files: AwsFiles;

  before(async () => {
    world = await startWorld({ timeScale: 100, scenario: { limits: { maxBodyBytes: MAX_BODY } } });
    files = await world.writeFiles();
  });
  after(() => world.close());
  afterEach(() => world.sim.reset());

  const text = (t: string): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text: t }] }], maxTokens: 50 });

  /** Sends one request, expects an invalid-request error after exactly one provider call, and checks the bookkeeping. */
  async function expectInvalid(request: ModelRequest, message: RegExp, settings: SettingsInput = faultSettings('round-robin')) {
    const h = makeRouter(world, files, settings);
    try {
      const o = await streamOne(h.router, 1, 'main', 'reliability', request);
      assert.ok(o.error, 'the request fails');
      assert.equal(o.error.kind, 'invalid-request', o.error.message);
      assert.match(o.error.message, message);
      assert.equal(h.counting.calls, 1, 'Bedrock was asked exactly once: a ValidationException is never retried');
      assert.equal(o.record.attempts.length, 1);
      assert.equal(o.record.attempts[0]!.outcome, 'invalid-request');
      assert.equal(world.sim.invocationLog().length <= 1, true);
      reconcile(h, [o], 1);
      await assertSettled(h, world.sim);
      // A bad request is the caller's fault, not the target's: the next one is served by the same router.
      const next = await streamOne(h.router, 2, 'main');
      assert.equal(next.record.outcome, 'succeeded', next.error?.message);
      assert.equal(h.router.snapshot().targets.every((t) => t.health === 'healthy'), true, 'no target was blamed');
      return o;
    } finally {
      h.dispose();
    }
  }

  it(`an oversized prompt (a body over the service's ${MAX_BODY} bytes) gets ValidationException, is not retried, and reads clearly`, async () => {
    await expectInvalid(text('x'.repeat(MAX_BODY * 2)), /^Bedrock rejected the request \(target \S+, us\.anthropic\.claude-sonnet-4-6\): The request body is larger than the 65536 bytes the service accepts\.$/);
  });

  it('a prompt over the model\'s context window (a target configured with a larger one) gets "Input is too long", not retried', async () => {
    // The simulator's own body limit (20 MB by default) lets this one through to the context-window check.
    // A slow time scale: signing and checking a 900 KB body takes real milliseconds.
    const big = await startWorld({ timeScale: 2 });
    const saved = { world, files };
    try {
      world = big;
      files = await big.writeFiles();
      const settings = faultSettings('round-robin');
      for (const t of settings.targets!) t.contextWindow = 1_000_000;
      // About 225,000 tokens: over Sonnet's 200,000, under the 1,000,000 the (wrong) setting claims.
      await expectInvalid(text('y '.repeat(450_000)), /^Bedrock rejected the request \(target \S+, us\.anthropic\.claude-sonnet-4-6\): Input is too long for requested model\.$/, settings);
    } finally {
      ({ world, files } = saved);
      await big.close();
    }
  });

  it('empty messages get ValidationException ("must start with a user message"), not retried', async () => {
    await expectInvalid({ messages: [], maxTokens: 50 }, /^Bedrock rejected the request \(target \S+, us\.anthropic\.claude-sonnet-4-6\): A conversation must start with a user message\./);
  });

  it('a message with no content gets ValidationException naming the empty field, not retried', async () => {
    await expectInvalid({ messages: [{ role: 'user', content: [] }], maxTokens: 50 }, /The content field in the Message object at messages\.0\.content is empty\./);
  });

  it('a prompt larger than every target\'s context window is refused before anything is sent, saying why', async () => {
    const h = makeRouter(world, files, faultSettings('shuffle'));
    try {
      const o = await streamOne(h.router, 1, 'main', 'reliability', text('z'.repeat(1_000_000)));
      assert.ok(o.error);
      assert.equal(h.counting.calls, 0, 'nothing was sent');
      assert.equal(o.error.kind, 'invalid-request', 'the request must change, not the targets');
      assert.match(o.error.message, /^The request is too large for every target of route "main": (\S+: the input \(about 250004 tokens\) exceeds its context window of 200000 tokens(; |\. ))+Shorten the conversation/);
      for (const id of ['a-east', 'a-west', 'b-east', 'b-west', 'haiku-b']) assert.ok(o.error.message.includes(`${id}: the input`), `names ${id}`);
      reconcile(h, [o], 1);
      await assertSettled(h, world.sim);
    } finally {
      h.dispose();
    }
  });

  it('the router serves normally after bad requests (one router, good and bad interleaved)', async () => {
    const h = makeRouter(world, files, faultSettings('least-busy'));
    try {
      const requests = [ask(1), text('q'.repeat(MAX_BODY * 2)), ask(3), { messages: [], maxTokens: 10 }, ask(5)];
      const outcomes = [];
      for (const [i, r] of requests.entries()) outcomes.push(await streamOne(h.router, i + 1, 'main', 'reliability', r));
      assert.deepEqual(outcomes.map((o) => o.error?.kind ?? 'ok'), ['ok', 'invalid-request', 'ok', 'invalid-request', 'ok']);
      assert.equal(h.counting.calls, 5, 'one call each');
      reconcile(h, outcomes, 5);
      await assertSettled(h, world.sim);
    } finally {
      h.dispose();
    }
  });
});
