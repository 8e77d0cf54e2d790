// One code-server (with the packaged .vsix installed) and one Chromium per end-to-end run.
// The sample workspace is copied to a temp folder so tests may edit its settings freely.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../../../scripts/vscode-host/browser';
import { startCodeServer, type CodeServer } from '../../../scripts/vscode-host/codeServer';
import { artifactsDir, repoRoot } from './artifacts';

export const VSIX = process.env.RESILIENT_LLM_VSIX ?? path.join(repoRoot, 'dist', 'resilient-llm-bedrock.vsix');
export const FIXTURE_WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'sample-workspace');

export interface E2eSession {
  server: CodeServer;
  browser: Browser;
  /** The temp copy of test/fixtures/sample-workspace the workbench opens. */
  workspaceDir: string;
  /** That copy's .vscode/settings.json. */
  settingsFile: string;
}

let current: E2eSession | undefined;

export function getSession(): E2eSession {
  if (!current) throw new Error('no e2e session: run through test/e2e/.mocharc.json (its root hooks start code-server)');
  return current;
}

export async function startSession(): Promise<E2eSession> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm run test:e2e does)`);
  const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-e2e-'));
  const workspaceDir = path.join(workspaceRoot, 'sample-workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspaceDir, { recursive: true });
  const server = await startCodeServer({ workspace: workspaceDir, vsix: [VSIX], keepTempDir: true });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.stop();
    throw err;
  }
  current = { server, browser, workspaceDir, settingsFile: path.join(workspaceDir, '.vscode', 'settings.json') };
  return current;
}

export async function stopSession(): Promise<void> {
  const session = current;
  current = undefined;
  if (!session) return;
  await session.browser.close().catch(() => undefined);
  await session.server.stop();
  fs.mkdirSync(artifactsDir, { recursive: true });
  fs.cpSync(session.server.logFile, path.join(artifactsDir, 'code-server.log'));
  if (fs.existsSync(session.server.vscodeLogsDir)) fs.cpSync(session.server.vscodeLogsDir, path.join(artifactsDir, 'vscode-logs'), { recursive: true });
  fs.rmSync(session.server.tempDir, { recursive: true, force: true });
  fs.rmSync(path.dirname(session.workspaceDir), { recursive: true, force: true });
}
