// Issue 19, item 13: `run --aws` against a simulator started with a time scale follows the
// simulator's clock (its limits' minutes and its waits are the simulator's), and the CLI prints
// no AWS SDK Node-version warning on the first run (or any).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulatorClock } from '../../../src/cli/simulatorClock';
import { type Simulator, startSimulator } from '../../../src/simulator';

const ROOT = resolve(__dirname, '../../..');

/** Runs the CLI as a user does, in its own process; resolves with its exit code and output. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, out, err }));
  });
}

describe('resilient-llm run --aws against a simulator with a time scale', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    sim = await startSimulator({ port: 0, seed: 3, timeScale: 60 });
    dir = await mkdtemp(join(tmpdir(), 'rllm-runaws-'));
    const files = await sim.writeAwsFiles(dir);
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _userChoice, ...rest } = process.env;
    env = { ...rest, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile, AWS_CONFIG_FILE: files.configFile, AWS_PROFILE: '', AWS_REGION: 'us-east-1' };
  });

  after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the simulator\'s time scale and clock from its health endpoint; asks nothing of a non-loopback endpoint', async () => {
    const clock = await simulatorClock(sim.endpoint);
    assert.equal(clock?.scale, 60);
    assert.equal(await simulatorClock('https://bedrock-runtime.us-east-1.amazonaws.com', () => assert.fail('a real endpoint was asked')), undefined);
  });

  it('a target of 2 RPM serves 4 requests in one run: the router waits a simulated minute, about a real second', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({
      'resilientLlm.endpoint': sim.endpoint,
      'resilientLlm.targets': [{ id: 'east', model: 'us.anthropic.claude-sonnet-4-6', profile: 'shard-a', region: 'us-east-1', rpm: 2 }],
      'resilientLlm.routes': [{ name: 'main', targets: ['east'] }],
      // Up to 90 simulated seconds of waiting for a slot: 1.5 real s at the simulator's time scale, 90 s at real time.
      'resilientLlm.maxQueueWaitMs': 90_000,
    }));
    const run = await cli(['run', '--config', file, '--aws', '--requests', '4', '--concurrency', '1'], env);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Requests 4: succeeded 4, rate limited 0, failed 0/);
    assert.match(run.err, /Limits and waits follow the simulator at http:\/\/127\.0\.0\.1:\d+ \(time scale 60\)\./);
    assert.doesNotMatch(run.err, /NodeVersionSupportWarning|Warning:/, 'no warning printed to every user');
  });

  it('prints no AWS SDK Node-version warning in the simulated run either', async () => {
    const run = await cli(['run', '--config', 'test/fixtures/configs/routes.jsonc', '--requests', '2'], env);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, '', 'stderr is empty');
  });
});
