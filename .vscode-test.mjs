// @vscode/test-cli configuration: runs the extension-host suite (out/test/host/**/*.test.js, the
// same files code-server runs in CI) under @vscode/test-electron in a downloaded desktop VS Code.
// Needs internet (it downloads VS Code); run with `npm run test:host:desktop`.
// On these machines, which cannot download VS Code, `npm run test:host` runs the suite in code-server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@vscode/test-cli';

// Tests may change workspace settings: give them a throw-away copy of the sample workspace
// (same folder name, which the smoke test checks).
const workspaceRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-host-'));
const workspaceFolder = path.join(workspaceRoot, 'sample-workspace');
fs.cpSync(path.resolve('test/fixtures/sample-workspace'), workspaceFolder, { recursive: true });

export default defineConfig({
  label: 'host',
  files: 'out/test/host/**/*.test.js',
  version: 'stable',
  extensionDevelopmentPath: '.',
  workspaceFolder,
  launchArgs: ['--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'bdd', timeout: 30_000, color: true },
});
