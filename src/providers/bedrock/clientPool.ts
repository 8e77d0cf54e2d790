import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { type EndpointAuth } from '../types';
import { type ClientAuth, type CredentialSources, clientAuth } from './credentials';
import { CachedSecrets, type SecretsResolver, envSecrets } from './secrets';

export interface ClientPoolOptions {
  /**
   * Endpoint override: the simulator, or a VPC endpoint. `{region}` in it is replaced by
   * the target's Region. Absent: the Regional Bedrock Runtime endpoint.
   */
  endpoint?: string;
  /** Endpoint override for the control plane (model discovery), `{region}` as above. Absent: the Regional Bedrock endpoint. */
  controlEndpoint?: string;
  /** Endpoint override for Service Quotas (the simulator serves it on its own endpoint), `{region}` as above. Absent: the Regional Service Quotas endpoint. */
  quotasEndpoint?: string;
  /** Shared credentials file (AWS_SHARED_CREDENTIALS_FILE); absent: the SDK's default. */
  credentialsFile?: string;
  /** Shared config file (AWS_CONFIG_FILE); absent: the SDK's default. */
  configFile?: string;
  /** Where API keys and access keys come from; default: environment variables (`envSecrets`). Answers are cached for `secretsTtlMs`. */
  secrets?: SecretsResolver;
  /** How long a resolved secret is reused (default 30 s); `ClientPool.secretsChanged` drops it at once. */
  secretsTtlMs?: number;
  /** Environment for `AWS_BEARER_TOKEN_BEDROCK` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** See `CredentialSources.defaultChainFromFiles`: for the simulator only. */
  defaultChainFromFiles?: boolean;
}

interface Destroyable {
  destroy(): void;
}

export function regionalEndpoint(template: string | undefined, region: string): string | undefined {
  return template?.replaceAll('{region}', region);
}

/**
 * One SDK client per (account, auth, Region), for Bedrock Runtime and for the Bedrock
 * control plane. Credentials by the target's auth: `fromIni` for profiles (SSO, role
 * chains), the default chain, a bearer token, or stored access keys.
 * `maxAttempts: 1`: the router owns retries, so the SDK must not retry behind its back.
 */
export class ClientPool {
  private readonly runtime = new Map<string, BedrockRuntimeClient>();
  private readonly control = new Map<string, BedrockClient>();
  private readonly quotas = new Map<string, ServiceQuotasClient>();
  private readonly secrets: CachedSecrets;
  readonly sources: CredentialSources;

  constructor(private readonly options: ClientPoolOptions = {}) {
    this.secrets = new CachedSecrets(options.secrets ?? envSecrets(), options.secretsTtlMs);
    this.sources = {
      secrets: this.secrets,
      env: options.env ?? process.env,
      credentialsFile: options.credentialsFile,
      configFile: options.configFile,
      defaultChainFromFiles: options.defaultChainFromFiles,
    };
  }

  private static key(profile: string, region: string, auth: EndpointAuth | undefined): string {
    return `${auth?.type ?? 'profile'}\u0000${profile}\u0000${region}`;
  }

  private auth(profile: string, auth: EndpointAuth | undefined): ClientAuth {
    return clientAuth(profile, auth, this.sources);
  }

  /** The Bedrock Runtime client for an account and Region. */
  get(profile: string, region: string, auth?: EndpointAuth): BedrockRuntimeClient {
    const key = ClientPool.key(profile, region, auth);
    let client = this.runtime.get(key);
    if (!client) {
      client = new BedrockRuntimeClient({ region, maxAttempts: 1, endpoint: regionalEndpoint(this.options.endpoint, region), ...this.auth(profile, auth) });
      this.runtime.set(key, client);
    }
    return client;
  }

  /** The Bedrock control-plane client (ListFoundationModels, ListInferenceProfiles) for an account and Region. */
  controlPlane(profile: string, region: string, auth?: EndpointAuth): BedrockClient {
    const key = ClientPool.key(profile, region, auth);
    let client = this.control.get(key);
    if (!client) {
      client = new BedrockClient({ region, maxAttempts: 1, endpoint: regionalEndpoint(this.options.controlEndpoint, region), ...this.auth(profile, auth) });
      this.control.set(key, client);
    }
    return client;
  }

  /** The Service Quotas client (the Bedrock quotas applied to the account) for an account and Region. */
  serviceQuotas(profile: string, region: string, auth?: EndpointAuth): ServiceQuotasClient {
    const key = ClientPool.key(profile, region, auth);
    let client = this.quotas.get(key);
    if (!client) {
      client = new ServiceQuotasClient({ region, maxAttempts: 1, endpoint: regionalEndpoint(this.options.quotasEndpoint, region), ...this.auth(profile, auth) });
      this.quotas.set(key, client);
    }
    return client;
  }

  /** Forgets cached secrets (one account's, or all): call it when stored secrets change. */
  secretsChanged(account?: string): void {
    this.secrets.forget(account);
  }

  get size(): number {
    return this.runtime.size;
  }

  /** Closes every client's connections. */
  dispose(): void {
    for (const c of [...this.runtime.values(), ...this.control.values(), ...this.quotas.values()] as Destroyable[]) c.destroy();
    this.runtime.clear();
    this.control.clear();
    this.quotas.clear();
  }
}
