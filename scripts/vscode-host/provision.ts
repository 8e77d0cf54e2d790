// Provisions Node 24 and code-server (both from the npm registry) into a versioned cache
// outside the repo. Idempotent: a marker file makes later runs return at once.
// Run directly: `npx tsx scripts/vscode-host/provision.ts` (add --force to reinstall).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startProgress } from './progress';
import { isAlive, run, sleep, withoutNpmVariables } from './run';
import * as p from './paths';

export interface HostInstall {
  nodeBin: string;
  codeServerEntry: string;
  nodeVersion: string;
  codeServerVersion: string;
}

/** What the first provisioning takes: measured 3 minutes on an idle 2-core machine, 9 on one shared by other builds. */
export const FIRST_RUN_TIME = 'usually 3 to 10 minutes on 2 cores, once';

/** Debian packages the native modules of code-server need: a header each proves it installed. */
const APT_PREREQUISITES: Array<[pkg: string, probe: string]> = [
  ['libkrb5-dev', '/usr/include/gssapi/gssapi.h'],
  ['libsecret-1-dev', '/usr/include/libsecret-1/libsecret/secret.h'],
  ['libx11-dev', '/usr/include/X11/Xlib.h'],
  ['libxkbfile-dev', '/usr/include/X11/extensions/XKBfile.h'],
  ['build-essential', '/usr/bin/g++'],
  ['python3', '/usr/bin/python3'],
];

function readMarker(): HostInstall | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(p.markerFile, 'utf8')) as HostInstall;
    if (fs.existsSync(marker.nodeBin) && fs.existsSync(marker.codeServerEntry)) return marker;
  } catch {
    // missing or unreadable: not provisioned
  }
  return undefined;
}

function checkAptPrerequisites(): void {
  const missing = APT_PREREQUISITES.filter(([, probe]) => !fs.existsSync(probe)).map(([pkg]) => pkg);
  if (missing.length > 0) {
    throw new Error(`code-server's native modules need Debian packages that are missing: ${missing.join(' ')}\n` + `Install them (as .ci/run does): apt-get install -y ${missing.join(' ')}`);
  }
}

async function withLock<T>(body: () => Promise<T>): Promise<T> {
  fs.mkdirSync(p.cacheRoot, { recursive: true });
  const pidFile = path.join(p.lockDir, 'pid');
  for (;;) {
    try {
      fs.mkdirSync(p.lockDir);
      fs.writeFileSync(pidFile, String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : 0);
      if (owner && !isAlive(owner)) {
        fs.rmSync(p.lockDir, { recursive: true, force: true });
        continue;
      }
      console.log(`[provision] waiting for another provisioning run (pid ${owner || '?'})...`);
      await sleep(3000);
    }
  }
  try {
    return await body();
  } finally {
    fs.rmSync(p.lockDir, { recursive: true, force: true });
  }
}

async function install(logFile: string): Promise<HostInstall> {
  const started = Date.now();
  const step = (msg: string) => console.log(`[provision] ${msg} (${Math.round((Date.now() - started) / 1000)} s)`);

  step(`installing node@${p.NODE_VERSION} from the npm registry into ${p.nodePrefix}`);
  fs.mkdirSync(p.nodePrefix, { recursive: true });
  fs.writeFileSync(path.join(p.nodePrefix, 'package.json'), '{ "private": true }\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${p.NODE_VERSION}`], { cwd: p.nodePrefix, env: withoutNpmVariables(process.env), logFile });
  const nodeVersion = execFileSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  if (nodeVersion !== p.NODE_VERSION) throw new Error(`expected Node ${p.NODE_VERSION}, got ${nodeVersion}`);

  // node-gyp would otherwise download headers (no internet) or use the machine's nodedir=/usr (Node 20).
  step(`placing Node ${nodeVersion} headers for node-gyp`);
  const gypDir = p.nodeGypDir(nodeVersion);
  fs.rmSync(gypDir, { recursive: true, force: true });
  fs.mkdirSync(gypDir, { recursive: true });
  fs.cpSync(p.nodeHeadersDir, path.join(gypDir, 'include'), { recursive: true });
  fs.writeFileSync(path.join(gypDir, 'installVersion'), '11\n');

  step(`installing code-server@${p.CODE_SERVER_VERSION} (builds native modules; ${FIRST_RUN_TIME})`);
  fs.mkdirSync(p.codeServerPrefix, { recursive: true });
  fs.writeFileSync(path.join(p.codeServerPrefix, 'package.json'), '{ "private": true }\n');
  const env = {
    ...withoutNpmVariables(process.env),
    PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: '',
    npm_config_update_notifier: 'false',
  };
  const stopProgress = startProgress({ what: `installing code-server ${p.CODE_SERVER_VERSION}`, expected: FIRST_RUN_TIME, logFile });
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${p.CODE_SERVER_VERSION}`], { cwd: p.codeServerPrefix, env, logFile });
  } finally {
    stopProgress();
  }
  if (!fs.existsSync(p.codeServerEntry)) throw new Error(`code-server entry point missing after install: ${p.codeServerEntry}`);
  // On a machine that never ran code-server, its first start also logs "Wrote default config file
  // to ~/.config/code-server/config.yaml" before the version: look for the version line itself.
  const reported = execFileSync(p.nodeBin, [p.codeServerEntry, '--version'], { encoding: 'utf8' }).trim();
  const versionLine = reported.split('\n').find((line) => line.startsWith(p.CODE_SERVER_VERSION));
  if (!versionLine) throw new Error(`code-server --version printed ${reported}`);

  const result: HostInstall = { nodeBin: p.nodeBin, codeServerEntry: p.codeServerEntry, nodeVersion, codeServerVersion: p.CODE_SERVER_VERSION };
  fs.writeFileSync(p.markerFile, JSON.stringify(result, null, 2) + '\n');
  step('done');
  return result;
}

/** Returns the provisioned install, installing it first if the cache lacks it. */
export async function ensureProvisioned(options: { force?: boolean } = {}): Promise<HostInstall> {
  if (!options.force) {
    const ready = readMarker();
    if (ready) return ready;
  }
  return withLock(async () => {
    if (!options.force) {
      const ready = readMarker(); // another run may have finished while we waited
      if (ready) return ready;
    }
    checkAptPrerequisites();
    fs.rmSync(p.hostDir, { recursive: true, force: true });
    fs.mkdirSync(p.hostDir, { recursive: true });
    const logFile = path.join(p.cacheRoot, `${path.basename(p.hostDir)}.install.log`);
    fs.writeFileSync(logFile, '');
    console.log(`[provision] code-server is not cached yet; installing into ${p.hostDir} (${FIRST_RUN_TIME}; log: ${logFile})`);
    return install(logFile);
  });
}

if (require.main === module) {
  const started = Date.now();
  ensureProvisioned({ force: process.argv.includes('--force') }).then(
    (result) => console.log(`[provision] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: code-server ${result.codeServerVersion} on Node ${result.nodeVersion}`),
    (err: unknown) => {
      console.error(`[provision] failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
