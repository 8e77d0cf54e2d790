// Starts and stops an isolated code-server: free loopback port, no auth, its own user-data and
// extensions folders under a temp dir, optional .vsix installs, and a clean stop of its whole
// process group. Used by the extension-host runner, the end-to-end tests and `npm start`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureProvisioned, type HostInstall } from './provision';
import { run, sleep, tailOf, withoutNpmVariables } from './run';
import { UNATTENDED_SETTINGS } from './settings';

export interface CodeServerOptions {
  /** Folder the workbench opens by default (`/?folder=`). */
  workspace?: string;
  /** .vsix files installed into the isolated extensions dir before start. */
  vsix?: readonly string[];
  /** Fixed port; default: a free one. */
  port?: number;
  /** Merged over UNATTENDED_SETTINGS into the user settings.json. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server (its extension host inherits it). */
  env?: NodeJS.ProcessEnv;
  /** Lets the workbench honour `?payload=` (extensionDevelopmentPath, extensionTestsPath). */
  enableTestPayload?: boolean;
  /** Extra code-server arguments. */
  args?: readonly string[];
  /** Keep the temp dir (logs, user data) after stop; default false. */
  keepTempDir?: boolean;
  /** How long to wait for /healthz; default 60 s. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own stdout and stderr. */
  readonly logFile: string;
  /** VS Code's logs (exthost, remoteagent, ...) live under here. */
  readonly vscodeLogsDir: string;
  readonly install: HostInstall;
  /** The `vscode-remote://` URI the workbench uses for a path on this machine. */
  remoteUri(fsPath: string): string;
  /** Workbench URL opening `folder` (default: options.workspace), with an optional `payload`. */
  workbenchUrl(options?: { folder?: string; payload?: ReadonlyArray<readonly [string, string]> }): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Environment for code-server: ours minus anything that would make it talk to another VS Code. */
function serverEnv(tempDir: string, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env = withoutNpmVariables(process.env);
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
    ...extra,
  };
}

async function installExtensions(install: HostInstall, dirs: { userDataDir: string; extensionsDir: string }, vsix: readonly string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  for (const file of vsix) {
    if (!fs.existsSync(file)) throw new Error(`no such .vsix: ${file}`);
    await run(install.nodeBin, [install.codeServerEntry, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', path.resolve(file), '--force'], { env, logFile });
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})\n${tailOf(logFile, 40)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms\n${tailOf(logFile, 40)}`);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const install = await ensureProvisioned();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rllm-cs-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const logFile = path.join(tempDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...UNATTENDED_SETTINGS, ...options.settings }, null, 2));
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ndisable-telemetry: true\ndisable-update-check: true\n');
  const env = serverEnv(tempDir, options.env);

  await installExtensions(install, { userDataDir, extensionsDir }, options.vsix ?? [], env, logFile);

  const port = options.port ?? (await freePort());
  const args = [
    install.codeServerEntry,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(options.enableTestPayload ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.args ?? []),
    ...(options.workspace ? [path.resolve(options.workspace)] : []),
  ];
  const out = fs.openSync(logFile, 'a');
  // detached: its own process group, so stop() reaches the extension host and every helper.
  const child = spawn(install.nodeBin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(pid, 'SIGTERM');
      for (let i = 0; i < 40 && child.exitCode === null && child.signalCode === null; i++) await sleep(125);
      await sleep(250); // let the group's other members see SIGTERM too
      killGroup(pid, 'SIGKILL');
      process.off('exit', killOnExit);
      if (!options.keepTempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitUntilHealthy(url, child, logFile, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }

  const authority = `127.0.0.1:${port}`;
  const remoteUri = (fsPath: string) => `vscode-remote://${authority}${encodeURI(path.resolve(fsPath))}`;
  return {
    url,
    port,
    pid,
    tempDir,
    userDataDir,
    extensionsDir,
    logFile,
    vscodeLogsDir: path.join(userDataDir, 'logs'),
    install,
    remoteUri,
    workbenchUrl({ folder, payload } = {}) {
      const target = folder ?? options.workspace;
      const query = new URLSearchParams();
      if (target) query.set('folder', path.resolve(target));
      if (payload) query.set('payload', JSON.stringify(payload));
      const qs = query.toString();
      return `${url}/${qs ? `?${qs}` : ''}`;
    },
    stop,
  };
}
