// Issue 19, item 14: the first `npm start` provisions code-server for minutes; it shows progress
// while it does, and the README states what it really takes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProgress } from '../../../scripts/vscode-host/progress';
import { FIRST_RUN_TIME } from '../../../scripts/vscode-host/provision';

describe('first hour: provisioning progress', () => {
  it('prints a line per interval with the time so far, what to expect and what the log says now', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'rllm-progress-')), 'install.log');
    writeFileSync(log, '$ npm install code-server@4.139.1\nnpm warn deprecated foo\n');
    let t = 1_000_000;
    let tick: (() => void) | undefined;
    let stopped = false;
    const lines: string[] = [];
    const stop = startProgress({ what: 'installing code-server', expected: FIRST_RUN_TIME, logFile: log, intervalMs: 15_000, print: (l) => lines.push(l), now: () => t, every: (ms, fn) => {
      assert.equal(ms, 15_000);
      tick = fn;
      return () => (stopped = true);
    } });
    t += 15_000;
    tick!();
    writeFileSync(log, '$ npm install code-server@4.139.1\n  CXX(target) Release/obj.target/argon2/argon2.o\n', { flag: 'w' });
    t += 60_000;
    tick!();
    assert.deepEqual(lines, [
      `[provision] still installing code-server: 15 s so far (${FIRST_RUN_TIME}); now: $ npm install code-server@4.139.1`,
      `[provision] still installing code-server: 1 min 15 s so far (${FIRST_RUN_TIME}); now: CXX(target) Release/obj.target/argon2/argon2.o`,
    ]);
    stop();
    assert.ok(stopped);
  });

  it('the README says what the first npm start takes, as provisioning says it', () => {
    assert.match(FIRST_RUN_TIME, /3 to 10 minutes on 2 cores/);
    assert.match(readFileSync('README.md', 'utf8'), /the first time takes 3 to 10 minutes on a 2-core machine/);
  });
});
