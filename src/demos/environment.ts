import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { type Clock, SystemClock } from '../core/clock';
import { BedrockProvider } from '../providers/bedrock/provider';
import { DEFAULT_LOG_GROUP, type Simulator, startSimulator } from '../simulator';
import { demoScenario } from './scenario';

/** Where a demo's traffic goes: the embedded simulator, or real AWS with the user's profiles. */
export interface DemoEnvironment {
  readonly mode: 'simulated' | 'aws';
  readonly provider: BedrockProvider;
  readonly clock: Clock;
  readonly seed?: number;
  readonly simulator?: Simulator;
  /** A CloudWatch Logs client signed as `profile`, for the invocation-log query. */
  logsClient(profile: string, region: string): CloudWatchLogsClient;
  readonly logGroup: string;
  /** How long invocation logs take to arrive before querying them. */
  readonly logWaitMs: number;
  close(): Promise<void>;
}

export async function simulatedEnvironment(seed: number, timeScale: number): Promise<DemoEnvironment> {
  const simulator = await startSimulator({ port: 0, seed, timeScale, scenario: demoScenario(seed) });
  const dir = await mkdtemp(join(tmpdir(), 'resilient-llm-demo-'));
  try {
    const files = await simulator.writeAwsFiles(dir);
    const provider = new BedrockProvider({ endpoint: simulator.endpoint, credentialsFile: files.credentialsFile, configFile: files.configFile });
    const logClients: CloudWatchLogsClient[] = [];
    return {
      mode: 'simulated',
      provider,
      clock: simulator.clock,
      seed,
      simulator,
      logGroup: DEFAULT_LOG_GROUP,
      logWaitMs: 0,
      logsClient(profile, region) {
        const client = new CloudWatchLogsClient({ region, endpoint: simulator.endpoint, credentials: fromIni({ profile, filepath: files.credentialsFile, configFilepath: files.configFile }) });
        logClients.push(client);
        return client;
      },
      async close() {
        provider.dispose();
        for (const c of logClients) c.destroy();
        await simulator.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export function awsEnvironment(options: { logGroup?: string; logWaitMs?: number; endpoint?: string }): DemoEnvironment {
  const provider = new BedrockProvider({ endpoint: options.endpoint });
  const logClients: CloudWatchLogsClient[] = [];
  return {
    mode: 'aws',
    provider,
    clock: new SystemClock(),
    logGroup: options.logGroup ?? '/aws/bedrock/modelinvocations',
    logWaitMs: options.logWaitMs ?? 60_000,
    logsClient(profile, region) {
      const client = new CloudWatchLogsClient({ region, credentials: fromIni({ profile }) });
      logClients.push(client);
      return client;
    },
    async close() {
      provider.dispose();
      for (const c of logClients) c.destroy();
    },
  };
}
