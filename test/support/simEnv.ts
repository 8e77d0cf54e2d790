import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockProvider } from '../../src/providers/bedrock/provider';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator';

/** A running simulator, its AWS files in a temp dir, and a BedrockProvider (the real SDK) pointed at it. */
export interface SimEnv {
  sim: Simulator;
  provider: BedrockProvider;
  dir: string;
  credentialsFile: string;
  configFile: string;
  close(): Promise<void>;
}

export async function startSimEnv(options: SimulatorOptions & { profiles?: string[] } = {}): Promise<SimEnv> {
  const sim = await startSimulator(options);
  for (const p of options.profiles ?? []) sim.ensureAccount(p);
  const dir = await mkdtemp(join(tmpdir(), 'rllm-sim-'));
  const { credentialsFile, configFile } = await sim.writeAwsFiles(dir);
  const provider = new BedrockProvider({ endpoint: sim.endpoint, credentialsFile, configFile });
  return {
    sim,
    provider,
    dir,
    credentialsFile,
    configFile,
    async close() {
      provider.dispose();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
