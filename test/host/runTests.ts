// Runs the extension-host mocha suite inside code-server's real extension host.
//
// How: code-server starts with `--vscode-option enable-smoke-test-driver`, which makes its web
// workbench honour the `?payload=` URL parameter. Headless Chromium opens the workbench with
// payload extensionDevelopmentPath = this repo (package.json -> dist/extension.js) and
// extensionTestsPath = out/test/host/index.js. The workbench starts the Node extension host on
// the server with the extension under development; the host require()s index.js and calls run().
// run() writes a JSON result file (path in RESILIENT_LLM_HOST_TEST_RESULT, inherited from the
// code-server process); this runner waits for it (with a timeout) and exits non-zero on any
// failure, pending test, empty suite, missing result or timeout. The workbench's own
// codeAutomationExit(code) callback is watched too, as a second signal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../scripts/vscode-host/browser';
import { bundleHostTests, hostTestsEntry, repoRoot } from '../../scripts/vscode-host/bundleHostTests';
import { startCodeServer, type CodeServer } from '../../scripts/vscode-host/codeServer';
import { sleep, tailOf } from '../../scripts/vscode-host/run';
import { RESULT_ENV, type HostTestResult } from './result';

const TIMEOUT_MS = Number(process.env.RESILIENT_LLM_HOST_TIMEOUT_MS ?? 300_000);
const artifactsDir = path.join(repoRoot, 'test-artifacts', 'host');
const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'sample-workspace');

function readResult(file: string): HostTestResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HostTestResult;
  } catch {
    return undefined;
  }
}

/** Prints the result spec-style and returns the reasons it is a failure (none: success). */
function report(result: HostTestResult): string[] {
  console.log(`\nextension-host suite in VS Code ${result.vscodeVersion} (code-server), files: ${result.files.join(', ') || '(none)'}`);
  for (const t of result.tests) {
    const mark = t.state === 'passed' ? '  ✔' : t.state === 'failed' ? '  ✖' : '  -';
    console.log(`${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  console.log(`\n  ${result.passed} passing, ${result.failed} failing, ${result.pending} pending`);
  const problems: string[] = [];
  if (result.error) problems.push(`the suite did not run: ${result.error}`);
  if (result.failed > 0) problems.push(`${result.failed} test(s) failed`);
  if (result.pending > 0) problems.push(`${result.pending} test(s) pending/skipped (not allowed)`);
  if (result.passed === 0 && !result.error) problems.push('no test ran');
  return problems;
}

function copyLogs(from: string, to: string): void {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

/** Opens the workbench with the test payload and waits for the suite's outcome; returns the problems found. */
async function driveWorkbench(server: CodeServer, resultFile: string): Promise<string[]> {
  const browser = await launchChromium();
  const consoleLog = fs.createWriteStream(path.join(artifactsDir, 'browser-console.log'));
  let automationExit: number | undefined;
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.exposeFunction('codeAutomationExit', (code: number) => {
      automationExit = code;
    });
    const page = await context.newPage();
    page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => consoleLog.write(`[pageerror] ${err.stack ?? err.message}\n`));
    const url = server.workbenchUrl({
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
        ['extensionTestsPath', server.remoteUri(hostTestsEntry)],
      ],
    });
    await page.goto(url);

    const deadline = Date.now() + TIMEOUT_MS;
    let result: HostTestResult | undefined;
    let exitSeenAt: number | undefined;
    while (!result && Date.now() < deadline) {
      result = readResult(resultFile);
      if (automationExit !== undefined) {
        exitSeenAt ??= Date.now();
        if (!result && Date.now() - exitSeenAt > 5000) break; // the host exited without a result file
      }
      if (!result) await sleep(250);
    }
    await page.screenshot({ path: path.join(artifactsDir, 'workbench.png') }).catch(() => undefined);

    if (result) {
      problems.push(...report(result));
      // Give the host a moment to report its exit; a non-zero code with a clean result is still a failure.
      for (let i = 0; i < 20 && automationExit === undefined; i++) await sleep(250);
      console.log(`[host] extension host reported exit code ${automationExit ?? '(none yet)'}`);
      if (automationExit !== undefined && automationExit !== 0 && problems.length === 0) problems.push(`extension host exited with code ${automationExit}`);
    } else if (automationExit !== undefined) {
      problems.push(`the extension host exited (code ${automationExit}) without writing ${resultFile}: the test entry did not load or crashed`);
    } else {
      problems.push(`timed out after ${TIMEOUT_MS} ms waiting for ${resultFile}: the extension host never ran the suite`);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => consoleLog.end(resolve));
  }
  if (problems.length > 0 && !readResult(resultFile)) {
    // No result: show what the extension host last printed (its console is forwarded to the page).
    console.log(`[host] last lines of ${path.relative(repoRoot, path.join(artifactsDir, 'browser-console.log'))}:\n${tailOf(path.join(artifactsDir, 'browser-console.log'), 40)}`);
  }
  return problems;
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const tests = await bundleHostTests();
  console.log(`[host] bundled ${tests.length} test file(s): ${tests.map((t) => path.relative(repoRoot, t)).join(', ')}`);
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  // Tests may change workspace settings: they get a throw-away copy (same folder name). The result
  // file sits beside it, unique to this run, so concurrent runs in one checkout never mix results.
  const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-host-'));
  const workspace = path.join(workspaceRoot, 'sample-workspace');
  const resultFile = path.join(workspaceRoot, 'result.json');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });

  let problems: string[];
  try {
    const server = await startCodeServer({ workspace, enableTestPayload: true, env: { [RESULT_ENV]: resultFile }, keepTempDir: true });
    console.log(`[host] code-server ${server.url} (pid ${server.pid})`);
    try {
      problems = await driveWorkbench(server, resultFile);
    } finally {
      await server.stop();
      copyLogs(server.logFile, path.join(artifactsDir, 'code-server.log'));
      copyLogs(server.vscodeLogsDir, path.join(artifactsDir, 'vscode-logs'));
      fs.rmSync(server.tempDir, { recursive: true, force: true });
    }
  } finally {
    copyLogs(resultFile, path.join(artifactsDir, 'result.json'));
    fs.rmSync(workspaceRoot, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`\n[host] FAILED: ${problems.join('; ')}\n[host] logs, console and screenshot: ${path.relative(repoRoot, artifactsDir)}/`);
    return 1;
  }
  console.log('[host] passed');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[host] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
