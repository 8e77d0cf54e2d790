import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, SystemClock } from '../core/clock';
import { percentiles } from '../core/percentiles';
import { seededRandom } from '../core/rng';
import { BedrockProvider } from '../providers/bedrock/provider';
import { type ModelRequest } from '../providers/types';
import { type RedisFileSettings, type RequestRecord, type ResolvedConfig, Router, RouterError, createLimitStore } from '../router';
import { type Simulator, parseScenario, simulatorSecrets, startSimulator } from '../simulator';
import { type DiscoveryLog, poolDiscoveryFor } from './quotaDiscovery';
import { type Counts } from './types';

export interface TrafficOptions {
  config: ResolvedConfig;
  route?: string;
  requests: number;
  concurrency: number;
  tenant: string;
  /** Real Bedrock with the default AWS files instead of the embedded simulator. */
  aws?: boolean;
  /** With `aws`: the router's clock (default: the system clock). A simulator's own clock when `endpoint` is one run with a time scale. */
  clock?: Clock;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Share limits through this Redis (`resilientLlm.redis.*` of the config file); default: in this process. */
  redis?: RedisFileSettings;
  /** Where the limits live, and each move between Redis and this process, as sentences. */
  onLimits?: (message: string) => void;
  /** What Service Quotas discovery found for the targets' accounts, or why it could not ask (default: not said). */
  onQuotas?: DiscoveryLog;
}

export interface TrafficResult {
  requests: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  byTarget: Record<string, number>;
  byRegion: Record<string, number>;
  byTenant: Record<string, Counts>;
  providerThrottles: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** Distinct error messages and how often each ended a request. */
  errors: Record<string, number>;
}

export interface Backend {
  provider: BedrockProvider;
  clock: Clock;
  close(): Promise<void>;
}

/** The simulator from `resilientLlm.simulator`, with an account for every profile the targets name (and its secrets for api-key and access-keys targets). */
export async function simulatedBackend(config: ResolvedConfig): Promise<Backend> {
  const s = config.settings.simulator;
  let scenario;
  try {
    scenario = s.scenario ? parseScenario(s.scenario, 'resilientLlm.simulator.scenario') : undefined;
  } catch (err) {
    throw new RouterError('config', err instanceof Error ? err.message : String(err));
  }
  const sim: Simulator = await startSimulator({ port: 0, seed: s.seed, timeScale: s.timeScale, scenario });
  const dir = await mkdtemp(join(tmpdir(), 'resilient-llm-run-'));
  for (const t of config.targets.values()) sim.ensureAccount(t.profile, { defaultRegion: t.region });
  const files = await sim.writeAwsFiles(dir);
  // The simulator's own API keys and access keys, so api-key and access-keys targets work too.
  const provider = new BedrockProvider({ endpoint: sim.endpointTemplate, controlEndpoint: sim.endpointTemplate, quotasEndpoint: sim.endpointTemplate, credentialsFile: files.credentialsFile, configFile: files.configFile, secrets: simulatorSecrets(sim), defaultChainFromFiles: true });
  return {
    provider,
    clock: sim.clock,
    async close() {
      provider.dispose();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const request = (n: number): ModelRequest => ({ messages: [{ role: 'user', content: [{ type: 'text', text: `Synthetic request ${n}: summarise why retries need a budget.` }] }], maxTokens: 200 });

/**
 * Sends synthetic traffic through the router with the given settings: `requests`
 * requests, at most `concurrency` at a time. Lets users try their routes under
 * load (and the simulator's faults) before they rely on them.
 */
export async function runTraffic(o: TrafficOptions): Promise<TrafficResult> {
  const backend: Backend = o.aws ? { provider: new BedrockProvider({ endpoint: o.config.settings.endpoint }), clock: o.clock ?? new SystemClock(), close: async () => {} } : await simulatedBackend(o.config);
  const limits = createLimitStore({ redisUrl: o.redis?.url, keyPrefix: o.redis?.keyPrefix, clock: backend.clock });
  try {
    if (o.redis?.url) {
      limits.onModeChange((e) => o.onLimits?.(e.message));
      await limits.ready();
    }
    const router = new Router({ config: o.config, provider: backend.provider, clock: backend.clock, store: limits.store, random: seededRandom(o.config.settings.simulator.seed) });
    // Pools without typed limits run at their applied quotas, as in the editor (one round: a run is short).
    await poolDiscoveryFor(router, backend.provider, o.onQuotas ?? { info: () => {}, warn: () => {} }, backend.clock).refresh(o.config.settings);
    const records: RequestRecord[] = [];
    const errors = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < o.requests && !o.signal?.aborted) {
        const n = ++next;
        try {
          records.push((await router.send({ tenant: o.tenant, route: o.route, request: request(n), signal: o.signal })).record);
        } catch (err) {
          if (!RouterError.isInstance(err) || !err.record) throw err;
          records.push(err.record);
          errors.set(err.message, (errors.get(err.message) ?? 0) + 1);
        }
        o.onProgress?.(records.length, o.requests);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.requests) }, worker));
    const ok = records.filter((r) => r.outcome === 'succeeded');
    const count = (pick: (r: RequestRecord) => string | undefined) => {
      const out = new Map<string, number>();
      for (const r of ok) {
        const k = pick(r);
        if (k) out.set(k, (out.get(k) ?? 0) + 1);
      }
      return Object.fromEntries(out);
    };
    // Maps, not `{}`: a tenant, target or message such as "constructor" or "__proto__" counts like any other.
    const byTenant = new Map<string, Counts>();
    for (const r of records) {
      let t = byTenant.get(r.tenant);
      if (!t) byTenant.set(r.tenant, (t = { total: 0, succeeded: 0, rateLimited: 0, failed: 0 }));
      t.total++;
      if (r.outcome === 'succeeded') t.succeeded++;
      else if (r.outcome === 'rate-limited') t.rateLimited++;
      else t.failed++;
    }
    const [p50, p95, p99] = percentiles(ok.map((r) => r.totalMs), 50, 95, 99).map((v) => (Number.isNaN(v) ? 0 : Math.round(v)));
    return {
      requests: records.length,
      succeeded: ok.length,
      rateLimited: records.filter((r) => r.outcome === 'rate-limited').length,
      failed: records.filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled').length,
      byTarget: count((r) => r.servedBy?.targetId),
      byRegion: count((r) => r.servedBy?.region),
      byTenant: Object.fromEntries(byTenant),
      providerThrottles: router.stats.totals.providerThrottles,
      latencyMs: { p50: p50!, p95: p95!, p99: p99! },
      errors: Object.fromEntries(errors),
    };
  } finally {
    await limits.close();
    await backend.close();
  }
}
