import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { type CliIo } from '../../../src/cli/io';
import { runSimulate } from '../../../src/cli/simulate';
import { replyText } from '../../../src/simulator';
import { converse, textOf } from './helpers';

const ROOT = resolve(__dirname, '../../..');

function capture(stop?: Promise<string>): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stopSignal: stop, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

/** Resolves with the process's stdout once `pattern` appears in it (or rejects if it exits first). */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolveOut, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (pattern.test(out)) {
        child.stdout?.off('data', onData);
        resolveOut(out);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${out}`)));
  });
}

describe('simulator: the simulate command', function () {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rllm-simcli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs as a separate process, serves an SDK client through the files it wrote, and stops on SIGTERM', async () => {
    const awsDir = join(dir, 'aws');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--aws-dir', awsDir, '--seed', '5', '--time-scale', '50'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const out = await waitForOutput(child, /Ctrl\+C to stop/);
      const endpoint = /^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      assert.ok(endpoint, out);
      assert.match(out, /^profile shard-a: account 111111111111, region us-east-1/m);
      assert.match(out, /^profile shard-b: account 222222222222, region us-west-2/m);
      const client = new BedrockRuntimeClient({
        region: 'us-west-2',
        endpoint,
        maxAttempts: 1,
        credentials: fromIni({ profile: 'shard-b', filepath: join(awsDir, 'credentials'), configFilepath: join(awsDir, 'config') }),
      });
      const reply = await converse(client, 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'hello from another process');
      assert.equal(textOf(reply), replyText(5, 'hello from another process'));
      client.destroy();
      const health = (await (await fetch(`${endpoint}/__sim/invocations`)).json()) as { count: number; records: Array<{ profile: string }> };
      assert.deepEqual([health.count, health.records[0]?.profile], [1, 'shard-b']);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  it('rejects an unknown flag with a clear message and exit code 1', async () => {
    const io = capture();
    assert.equal(await runSimulate(['--bogus'], io), 1);
    assert.match(io.err, /unknown option --bogus/);
    assert.match(io.err, /Usage: resilient-llm simulate/);
    const bad = capture();
    assert.equal(await runSimulate(['--port', 'eighty'], bad), 1);
    assert.match(bad.err, /--port must be a whole number from 0 to 65535, got "eighty"/);
  });

  it('names the JSON path of a scenario error', async () => {
    const file = join(dir, 'bad-scenario.json');
    await writeFile(file, JSON.stringify({ accounts: [{ profile: 'a', defaultRegion: 'mars-1' }], faults: [{ type: 'error', kind: 'meltdown' }] }));
    const io = capture();
    assert.equal(await runSimulate(['--scenario', file], io), 1);
    assert.match(io.err, /accounts\[0\]\.defaultRegion: unknown Region/);
    assert.match(io.err, /faults\[0\]\.kind: /);
  });

  it('loads a scenario file: its accounts, quotas and seed', async () => {
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify({ seed: 12, accounts: [{ profile: 'tenant-a', defaultRegion: 'eu-west-1' }], quotas: { rules: [{ profile: 'tenant-a', rpm: 3 }] } }));
    let stop: (signal: string) => void = () => undefined;
    const io = capture(new Promise<string>((r) => (stop = r)));
    const running = runSimulate(['--scenario', file, '--aws-dir', join(dir, 'scenario-aws')], io);
    for (let i = 0; i < 200 && !io.out.includes('Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(io.out, /^profile tenant-a: account \d{12}, region eu-west-1/m);
    assert.match(io.out, /^seed 12,/m);
    assert.doesNotMatch(io.out, /shard-a/);
    stop('test');
    assert.equal(await running, 0);
    assert.match(io.out, /stopped \(test\)/);
  });
});
