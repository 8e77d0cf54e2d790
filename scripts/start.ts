// `npm start`: build and package the extension, provision code-server on first use, install the
// .vsix into an isolated code-server, open the sample workspace and print the URL.
// Ctrl+C stops code-server (its whole process group) and removes its temp dir.
// Options: --port N (or PORT=N) to pin the port; --no-package to reuse dist/*.vsix.
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLE_WORKSPACE, startUserSettings } from './startSettings';
import { startCodeServer, type CodeServer } from './vscode-host/codeServer';
import { run } from './vscode-host/run';

const repoRoot = path.resolve(__dirname, '..');
const vsix = path.join(repoRoot, 'dist', 'resilient-llm-bedrock.vsix');
const workspace = path.join(repoRoot, 'test', 'fixtures', SAMPLE_WORKSPACE);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-package')) {
    console.log('[start] building and packaging the extension...');
    await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot });
  }
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing (npm run package)`);
  const portText = option('port') ?? process.env.PORT;
  const port = portText ? Number(portText) : undefined;

  const state: { server?: CodeServer; stopping: boolean } = { stopping: false };
  const shutdown = (signal: string) => {
    if (state.stopping) return;
    state.stopping = true;
    console.log(`\n[start] ${signal}: stopping code-server...`);
    void (state.server?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  const server = await startCodeServer({ workspace, vsix: [vsix], port, settings: startUserSettings() });
  state.server = server;
  if (state.stopping) return void (await server.stop());
  console.log(`\n  Resilient LLM for Amazon Bedrock is running in VS Code (code-server ${server.install.codeServerVersion}):\n`);
  console.log(`    ${server.url}\n`);
  console.log(`  Workspace: ${path.relative(repoRoot, workspace)} · code-server log: ${server.logFile}`);
  console.log('  Press Ctrl+C to stop.\n');
}

main().catch((err: unknown) => {
  console.error(`[start] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
