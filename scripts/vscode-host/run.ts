// Small process helpers shared by provisioning, the launcher and the runners.
import { spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

export interface RunOptions extends SpawnOptions {
  /** Append stdout and stderr here instead of inheriting the terminal. */
  logFile?: string;
}

/** Runs a command to completion; rejects with the exit code (and the log's tail) on failure. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<void> {
  const { logFile, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    let out: number | undefined;
    if (logFile) {
      out = fs.openSync(logFile, 'a');
      fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
    }
    const child = spawn(command, args, { stdio: out === undefined ? 'inherit' : ['ignore', out, out], ...spawnOptions });
    child.on('error', (err) => {
      if (out !== undefined) fs.closeSync(out);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      if (out !== undefined) fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = logFile ? `\n--- last lines of ${logFile} ---\n${tailOf(logFile, 60)}` : '';
      reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}${tail}`));
    });
  });
}

export function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** npm settings a person may set in the environment that a nested npm should still honour. */
const KEPT_NPM_SETTINGS = new Set(['cache', 'registry', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'userconfig'].map((k) => `npm_config_${k}`));

/**
 * The environment minus the npm_* variables of any npm/npx that started us (but for the
 * connection settings above). A nested npm would otherwise take npm_config_user_agent (naming our
 * Node 20) and the like from them, and code-server's postinstall reads the Node version there.
 */
export function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) || KEPT_NPM_SETTINGS.has(key.toLowerCase())));
}
