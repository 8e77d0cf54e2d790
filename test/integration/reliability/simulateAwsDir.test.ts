/**
 * `simulate --aws-dir` with a path it cannot write (issue 15, defect 6): the process says
 * why, gives its port back and exits non-zero on its own, so a script around it never hangs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

describe('simulate --aws-dir with an unwritable path', function () {
  this.timeout(30_000);
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'rllm-awsdir-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints the error naming --aws-dir, frees the port and exits 1 without a signal', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    const awsDir = join(file, 'aws'); // under a regular file: unwritable for every user, root included
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--aws-dir', awsDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolveExit) => {
      // Bounded: a simulator that keeps listening is killed and reported as the failure it is.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolveExit(c);
      });
    });
    assert.equal(code, 1, `exit code (stdout: ${out}; stderr: ${err})`);
    assert.match(err, new RegExp(`cannot write the AWS files into --aws-dir ${awsDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(ENOTDIR\\)`));
    const port = Number(/^endpoint: http:\/\/127\.0\.0\.1:(\d+)$/m.exec(out)?.[1]);
    assert.ok(port > 0, out);
    const refused = await new Promise<boolean>((r) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), r(false)));
      socket.once('error', () => r(true));
    });
    assert.ok(refused, `port ${port} is free again`);
  });
});
