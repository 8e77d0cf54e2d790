import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ModelRequest } from '../providers/types';
import { Router, resolveSettings } from '../router';
import { InstantProvider } from './instantProvider';

export interface FootprintResult {
  vsixBytes?: number;
  extensionBundleBytes?: number;
  cliBundleBytes?: number;
  /** Heap held by a router with 100 targets and 1,000 tenants after traffic through all of them. */
  routerHeapBytes: number;
  routerTargets: number;
  routerTenants: number;
  /** Activation to first routed request in the extension host, when a host run measured it. */
  activationToFirstRequestMs?: number;
  /** activate() alone. */
  activationMs?: number;
  /** The first request after a cold backend start (SDK clients, the simulator in simulated mode). */
  coldFirstRequestMs?: number;
  activationSource?: string;
}

function size(path: string): number | undefined {
  return existsSync(path) ? statSync(path).size : undefined;
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const REQUEST: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], maxTokens: 50 };

async function routerHeap(targets: number, tenants: number, requests: number): Promise<number> {
  const gc = collectGarbage();
  gc();
  const before = process.memoryUsage().heapUsed;
  const routes = 10;
  const router = new Router({
    config: resolveSettings({
      targets: Array.from({ length: targets }, (_, i) => ({ id: `t${i}`, model: 'us.anthropic.claude-sonnet-4-6', profile: `shard-${i % 10}`, region: ['us-east-1', 'us-east-2', 'us-west-2'][i % 3]!, rpm: 100_000, tpm: 100_000_000, maxConcurrent: 100 })),
      routes: Array.from({ length: routes }, (_, r) => ({ name: `route-${r}`, targets: Array.from({ length: targets / routes }, (_, k) => `t${r * (targets / routes) + k}`), strategy: 'latency' as const })),
      quotas: { default: { rpm: 100_000 }, workspaces: Object.fromEntries(Array.from({ length: tenants }, (_, i) => [`tenant-${i}`, { rpm: 10_000, tpm: 10_000_000, tokensPerDay: 100_000_000 }])) },
    }),
    provider: new InstantProvider(),
  });
  for (let i = 0; i < requests; i++) await router.send({ tenant: `tenant-${i % tenants}`, route: `route-${i % routes}`, request: REQUEST });
  router.snapshot();
  gc();
  const after = process.memoryUsage().heapUsed;
  void router.activeRequests; // keep the router alive until measured
  return after - before;
}

export async function benchFootprint(root: string, quick: boolean): Promise<FootprintResult> {
  const activationFile = join(root, 'test-artifacts', 'host', 'activation.json');
  let activation: number | undefined;
  let activationDetail: { activationMs?: number; coldFirstRequestMs?: number } | undefined;
  if (existsSync(activationFile)) {
    const parsed = JSON.parse(readFileSync(activationFile, 'utf8')) as { activationToFirstRequestMs?: number; activationMs?: number; coldFirstRequestMs?: number };
    activation = parsed.activationToFirstRequestMs;
    activationDetail = parsed;
  }
  return {
    vsixBytes: size(join(root, 'dist', 'resilient-llm-bedrock.vsix')),
    extensionBundleBytes: size(join(root, 'dist', 'extension.js')),
    cliBundleBytes: size(join(root, 'dist', 'cli.js')),
    routerHeapBytes: await routerHeap(100, 1000, quick ? 5_000 : 20_000),
    routerTargets: 100,
    routerTenants: 1000,
    activationToFirstRequestMs: activation,
    activationMs: activationDetail?.activationMs,
    coldFirstRequestMs: activationDetail?.coldFirstRequestMs,
    activationSource: activation === undefined ? undefined : 'test-artifacts/host/activation.json (last extension-host test run)',
  };
}
