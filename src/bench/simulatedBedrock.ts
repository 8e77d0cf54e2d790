import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockProvider } from '../providers/bedrock/provider';
import { type Scenario, type Simulator, startSimulator } from '../simulator';

/**
 * Runs `body` against a fresh simulator with its own AWS files and the real SDK's provider,
 * then closes all three, whatever happened.
 */
export async function withSimulatedBedrock<T>(o: { seed: number; timeScale: number; scenario: Scenario; name: string }, body: (w: { sim: Simulator; provider: BedrockProvider }) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ port: 0, seed: o.seed, timeScale: o.timeScale, scenario: o.scenario });
  const dir = await mkdtemp(join(tmpdir(), `resilient-llm-${o.name}-`));
  const files = await sim.writeAwsFiles(dir);
  const provider = new BedrockProvider({ endpoint: sim.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile });
  try {
    return await body({ sim, provider });
  } finally {
    provider.dispose();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
