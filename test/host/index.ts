// Extension-host test entry: VS Code loads this (bundled to out/test/host/index.js) through
// extensionTestsPath and calls run(). It runs every out/test/host/**/*.test.js with mocha.
// When RESILIENT_LLM_HOST_TEST_RESULT names a file, the outcome is also written there as JSON
// (see ./result.ts): code-server's runner waits for that file instead of trusting stdout.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { RESULT_ENV, type HostTestResult, type HostTestCase } from './result';

function findTestFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => rel.endsWith('.test.js'))
    .map((rel) => path.join(dir, rel))
    .sort();
}

function writeResult(file: string, result: HostTestResult): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file); // atomic: the runner never reads half a file
}

export function run(): Promise<void> {
  const resultFile = process.env[RESULT_ENV];
  const startedAt = new Date().toISOString();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: Number(process.env.RESILIENT_LLM_HOST_TEST_TIMEOUT ?? 30_000), reporter: 'spec' });
  const grep = process.env.RESILIENT_LLM_HOST_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = findTestFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  const tests: HostTestCase[] = [];
  const record = (state: HostTestCase['state']) => (test: Mocha.Runnable, err?: Error) => {
    tests.push({ title: test.fullTitle(), file: test.file ? path.relative(__dirname, test.file) : undefined, state, durationMs: test.duration, error: err ? (err.stack ?? String(err)) : undefined });
  };

  return new Promise((resolve, reject) => {
    const finish = (error?: string) => {
      const failed = tests.filter((t) => t.state === 'failed').length;
      const result: HostTestResult = {
        startedAt,
        finishedAt: new Date().toISOString(),
        files: files.map((f) => path.relative(__dirname, f)),
        passed: tests.filter((t) => t.state === 'passed').length,
        failed,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
        error,
        vscodeVersion: vscode.version,
      };
      if (resultFile) writeResult(resultFile, result);
      if (error) reject(new Error(error));
      else if (failed > 0) reject(new Error(`${failed} extension-host test(s) failed`));
      else resolve();
    };
    try {
      const runner = mocha.run(() => finish());
      runner.on('pass', record('passed'));
      runner.on('fail', record('failed'));
      runner.on('pending', record('pending'));
    } catch (err) {
      finish(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
  });
}
