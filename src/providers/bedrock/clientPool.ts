import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-provider-ini';

export interface ClientPoolOptions {
  /** Endpoint override: the simulator, or a VPC endpoint. Absent: the Regional Bedrock endpoint. */
  endpoint?: string;
  /** Shared credentials file (AWS_SHARED_CREDENTIALS_FILE); absent: the SDK's default. */
  credentialsFile?: string;
  /** Shared config file (AWS_CONFIG_FILE); absent: the SDK's default. */
  configFile?: string;
}

/**
 * One BedrockRuntimeClient per (profile, Region). Credentials come from the shared
 * files through `fromIni` (profiles, SSO, role chains), re-read when they expire.
 * `maxAttempts: 1`: the router owns retries, so the SDK must not retry behind its back.
 */
export class ClientPool {
  private readonly clients = new Map<string, BedrockRuntimeClient>();

  constructor(private readonly options: ClientPoolOptions = {}) {}

  get(profile: string, region: string): BedrockRuntimeClient {
    const key = `${profile}\u0000${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new BedrockRuntimeClient({
        region,
        maxAttempts: 1,
        endpoint: this.options.endpoint,
        credentials: fromIni({ profile, ignoreCache: true, filepath: this.options.credentialsFile, configFilepath: this.options.configFile }),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Closes every client's connections. */
  dispose(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
