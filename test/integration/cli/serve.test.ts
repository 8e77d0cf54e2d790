import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import OpenAI from 'openai';
import { runServe } from '../../../src/cli/serve';
import { captureIo } from '../../support/cliIo';

const ROOT = resolve(__dirname, '../../..');
const CONFIG = 'test/fixtures/configs/routes.jsonc';

/** Everything the process printed so far, and a wait (bounded by mocha's timeout) for a line to appear. */
function captureOutput(child: ChildProcess): { waitFor(pattern: RegExp): Promise<string> } {
  let out = '';
  let exitCode: number | null | undefined;
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.once('exit', (code) => (exitCode = code));
  return {
    async waitFor(pattern) {
      while (!pattern.test(out)) {
        if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before printing ${pattern}: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    },
  };
}

describe('cli: resilient-llm serve', function () {
  it('prints endpoint and token lines, serves an OpenAI client against the simulated routes, logs the client, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', CONFIG, '--tenant', 'small'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const output = captureOutput(child);
    try {
      const out = await output.waitFor(/Ctrl\+C to stop/);
      const endpoint = /^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      const token = /^token: (\S+)$/m.exec(out)?.[1];
      assert.ok(endpoint && token, out);
      assert.match(out, new RegExp(`^export OPENAI_API_KEY=${token}$`, 'm'));
      // The pools' quotas were read from (the simulator's) Service Quotas before the first request.
      assert.match(out, /^Service Quotas for account "team-a" in us-east-1: Claude Sonnet 4\.6 \(cross-Region\): \d+ tokens per minute \(Service Quotas\)/m);
      assert.match(out, /^Service Quotas for account "team-b" in us-west-2: /m);
      const openai = new OpenAI({ baseURL: `${endpoint}/v1`, apiKey: token, maxRetries: 0 });
      const reply = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hello from a script' }] });
      assert.ok((reply.choices[0]?.message.content ?? '').length > 0);
      // The tenant "small" has 2 requests a minute in the file: the third is refused as OpenAI does.
      await openai.chat.completions.create({ model: 'haiku', messages: [{ role: 'user', content: 'again' }] });
      await assert.rejects(openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'once more' }] }), (err: unknown) => err instanceof OpenAI.RateLimitError);
      const log = await output.waitFor(/-> 429/);
      assert.match(log, /OpenAI SDK \S+: chat\.completions sonnet -> 429/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  it('refuses a bad --port and a missing --config with the usage', async () => {
    const io = captureIo();
    assert.equal(await runServe(['--config', CONFIG, '--port', '70000'], io), 1);
    assert.match(io.err, /--port must be a whole number from 0 to 65535/);
    const io2 = captureIo();
    assert.equal(await runServe([], io2), 1);
    assert.match(io2.err, /--config FILE is required[\s\S]*Usage: resilient-llm serve/);
  });
});
