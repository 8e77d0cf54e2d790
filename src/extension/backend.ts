/**
 * Where model calls go: the embedded simulator (`simulated` mode) or Amazon Bedrock (`aws`).
 * Both use the real AWS SDK through `BedrockProvider`; only the endpoint and the credentials
 * files differ. The SDK and the simulator are loaded here, on first use, never at activation.
 * No `vscode` import.
 */
import path from 'node:path';
import type { BedrockProvider } from '../providers/bedrock/provider';
import type { Endpoint, ModelRequest, StreamEvent } from '../providers/types';
import type { Settings } from '../router';
import type { Simulator } from '../simulator';

export interface Backend {
  readonly mode: Settings['mode'];
  readonly simulator?: Simulator;
  stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
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

/** Amazon Bedrock with the user's AWS files (or `resilientLlm.endpoint`). */
export async function awsBackend(s: Settings): Promise<Backend> {
  const provider = await bedrockProvider({ endpoint: s.endpoint });
  return {
    mode: 'aws',
    stream: (endpoint, request, signal) => provider.stream(endpoint, request, signal),
    async dispose() {
      provider.dispose();
    },
  };
}

/**
 * Starts the simulator on 127.0.0.1 (a free port), gives it an account for every profile
 * the targets name, writes its credentials and config files into `dir` and points the SDK
 * at it. A profile first seen later (a new target) gets its account before its first call.
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
    provider = await bedrockProvider({ endpoint: simulator.endpoint, ...files });
  } catch (err) {
    await simulator.close();
    throw err;
  }
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
    async *stream(endpoint, request, signal) {
      await ensureProfile(endpoint.profile);
      yield* provider.stream(endpoint, request, signal);
    },
    async dispose() {
      provider.dispose();
      await simulator.close();
    },
  };
}
