/**
 * Where model calls go: the embedded simulator (`simulated` mode) or Amazon Bedrock (`aws`).
 * Both use the real AWS SDK through `BedrockProvider`; only the endpoint and the credentials
 * files differ. The SDK and the simulator are loaded here, on first use, never at activation.
 * No `vscode` import.
 */
import path from 'node:path';
import type { DiscoveryResult, DiscoveryTarget, ModelDiscovery } from '../providers/bedrock/discovery';
import type { BedrockProvider } from '../providers/bedrock/provider';
import type { SecretsResolver } from '../providers/bedrock/secrets';
import type { Endpoint, ModelRequest, StreamEvent, StreamHooks } from '../providers/types';
import type { QuotaAccount, Settings } from '../router';
import type { Simulator } from '../simulator';

export interface Backend {
  readonly mode: Settings['mode'];
  readonly simulator?: Simulator;
  stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncIterable<StreamEvent>;
  /** The account's models and inference profiles in a Region (ListFoundationModels, ListInferenceProfiles), cached; the built-in catalog when denied. */
  discover(target: DiscoveryTarget, options?: { refresh?: boolean; signal?: AbortSignal }): Promise<DiscoveryResult>;
  /** The Bedrock quotas Service Quotas applies to an account in a Region, by quota name. Rejects when denied or unreachable. */
  serviceQuotas(account: QuotaAccount): Promise<ReadonlyMap<string, number>>;
  /** Stored secrets changed (one account's, or all): the next request reads them again. */
  secretsChanged(account?: string): void;
  dispose(): Promise<void>;
}

/** What decides the backend: when it changes, the backend is rebuilt. */
export function backendKey(s: Settings): string {
  if (s.mode === 'aws') return JSON.stringify({ mode: s.mode, endpoint: s.endpoint ?? null });
  return JSON.stringify({ mode: s.mode, simulator: s.simulator });
}

async function bedrockProvider(options: ConstructorParameters<typeof BedrockProvider>[0]): Promise<BedrockProvider> {
  const { BedrockProvider } = await import('../providers/bedrock/provider');
  return new BedrockProvider(options);
}

/** Model discovery over the provider's clients, loaded (with the control-plane SDK) on first use. */
function discoveryFor(provider: BedrockProvider): Backend['discover'] {
  let discovery: Promise<ModelDiscovery> | undefined;
  return async (target, options) => {
    discovery ??= import('../providers/bedrock/discovery').then((m) => new m.ModelDiscovery(provider.pool));
    return (await discovery).discover(target, options);
  };
}

/** Service Quotas over the provider's clients, loaded (with its SDK) on first use. */
function quotasFor(provider: BedrockProvider): Backend['serviceQuotas'] {
  return async (account) => (await import('../providers/bedrock/serviceQuotas')).appliedBedrockQuotas(provider.pool, account);
}

/** Amazon Bedrock with the user's AWS files (or `resilientLlm.endpoint`), API keys and access keys from `secrets`. */
export async function awsBackend(s: Settings, secrets: SecretsResolver): Promise<Backend> {
  const provider = await bedrockProvider({ endpoint: s.endpoint, secrets });
  return {
    mode: 'aws',
    stream: (endpoint, request, signal, hooks) => provider.stream(endpoint, request, signal, hooks),
    discover: discoveryFor(provider),
    serviceQuotas: quotasFor(provider),
    secretsChanged: (account) => provider.secretsChanged(account),
    async dispose() {
      provider.dispose();
    },
  };
}

/**
 * Starts the simulator on 127.0.0.1 (a free port), gives it an account for every profile
 * the targets name, writes its credentials and config files into `dir` and points the SDK
 * at it (its Regional endpoints, for the runtime and for discovery). API-key and
 * access-keys targets get the simulator's own secrets for their account, default-chain
 * targets its files: nothing needs storing. A profile first seen later (a new target)
 * gets its account before its first call.
 */
export async function simulatedBackend(s: Settings, profiles: readonly string[], dir: string): Promise<Backend> {
  const sim = await import('../simulator');
  const rawScenario = (s.simulator as Record<string, unknown>).scenario;
  const scenario = rawScenario === undefined ? undefined : sim.parseScenario(rawScenario, 'resilientLlm.simulator.scenario');
  const simulator = await sim.startSimulator({ port: 0, seed: s.simulator.seed, timeScale: s.simulator.timeScale, scenario });
  let files: { credentialsFile: string; configFile: string };
  let provider: BedrockProvider;
  try {
    for (const p of profiles) simulator.ensureAccount(p);
    files = await simulator.writeAwsFiles(path.join(dir, 'simulator-aws'));
    provider = await bedrockProvider({ endpoint: simulator.endpointTemplate, controlEndpoint: simulator.endpointTemplate, quotasEndpoint: simulator.endpointTemplate, ...files, secrets: sim.simulatorSecrets(simulator), defaultChainFromFiles: true });
  } catch (err) {
    await simulator.close();
    throw err;
  }
  const discover = discoveryFor(provider);
  const quotas = quotasFor(provider);
  const written = new Set(simulator.accounts().map((a) => a.profile));
  let writing: Promise<unknown> = Promise.resolve();
  const ensureProfile = (profile: string): Promise<unknown> => {
    if (written.has(profile)) return writing;
    simulator.ensureAccount(profile);
    written.add(profile);
    writing = writing.then(() => simulator.writeAwsFiles(path.dirname(files.credentialsFile)));
    return writing;
  };
  return {
    mode: 'simulated',
    simulator,
    async *stream(endpoint, request, signal, hooks) {
      await ensureProfile(endpoint.profile);
      yield* provider.stream(endpoint, request, signal, hooks);
    },
    async discover(target, options) {
      await ensureProfile(target.profile);
      return discover(target, options);
    },
    async serviceQuotas(account) {
      await ensureProfile(account.profile);
      return quotas(account);
    },
    secretsChanged: (account) => provider.secretsChanged(account),
    async dispose() {
      provider.dispose();
      await simulator.close();
    },
  };
}
