/** The simulator's public programmatic interface (types only). */
import type { Clock } from '../core/clock';
import type { ApplicationProfileSpec } from './appProfiles';
import type { SessionCredentials } from './credentials';
import type { DiscoveryOperation } from './discoveryPolicy';
import type { RegionWeight } from './cris';
import type { FaultControls } from './faultControls';
import type { BackgroundCallerStatus } from './background';
import type { BackgroundCallerSpec, Scenario } from './scenario';
import type { PoolLimits, PoolUsage } from './tokenPool';
import type { InvocationRecord, QuotaRule, RegionConfig, SimAccount } from './types';

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Only loopback is served; anything but `127.0.0.1` is refused. */
  host?: string;
  /** Seed for CRIS picks, fault rates, jitter and reply text (default: scenario seed, else 1). */
  seed?: number;
  /** Simulated ms per real ms, for a `ScaledClock` (default: scenario timeScale, else 1). Ignored when `clock` is given. */
  timeScale?: number;
  clock?: Clock;
  /** A parsed and validated scenario (`loadScenario`); default: two accounts, `shard-a` and `shard-b`. */
  scenario?: Scenario;
  /** Called with unexpected internal errors (the server keeps serving); default: ignore. */
  onError?: (err: unknown) => void;
}

/** An application inference profile as the simulator reports it. */
export interface SimApplicationProfile {
  arn: string;
  id: string;
  name: string;
  profile: string;
  accountId: string;
  region: string;
  /** The foundation model it serves. */
  modelId: string;
  /** The system inference profile it copies, if it copies one. */
  copies?: string;
  /** Regions it may be processed in. */
  regions: string[];
}

/** A quota pool, as the admin API and `quotaFor` name it. */
export interface QuotaKeySpec {
  profile: string;
  region: string;
  /** Model id, or an inference profile id for the cross-Region pool. */
  model: string;
  pool?: 'on-demand' | 'cross-region';
}

export interface Simulator {
  /** `http://127.0.0.1:PORT`, for the SDK's `endpoint` option. */
  readonly endpoint: string;
  /**
   * `http://127.0.0.1:PORT/region/{region}`: one endpoint per Region (replace `{region}`,
   * as `ClientPool` does). Needed for bearer-token (API key) requests, which carry no
   * Region of their own; SigV4 requests work with either endpoint.
   */
  readonly endpointTemplate: string;
  readonly port: number;
  readonly clock: Clock;
  /** The current seed (changed by `reset({ seed })`). */
  readonly seed: number;
  accounts(): SimAccount[];
  /** Returns the account for an AWS profile, adding it (with derived keys) if it does not exist. */
  ensureAccount(profile: string, init?: { defaultRegion?: string; expired?: boolean }): SimAccount;
  /** Issues a Bedrock API key (bearer token) for the account of `profile`; requests with it are that account's. */
  issueApiKey(profile: string): string;
  /** Stops accepting an API key; returns whether it was known. */
  revokeApiKey(key: string): boolean;
  /** Issues temporary credentials (ASIA key pair and session token) for the account of `profile`. */
  issueSessionCredentials(profile: string): SessionCredentials;
  /** Denies (or, with `deny: false`, allows again) ListFoundationModels / ListInferenceProfiles to an account, as an SCP would. */
  denyDiscovery(profile: string, options?: { deny?: boolean; operations?: DiscoveryOperation[] }): void;
  /** Creates an application inference profile in an account and Region, copying a model or system profile. */
  createApplicationInferenceProfile(spec: ApplicationProfileSpec): SimApplicationProfile;
  applicationInferenceProfiles(): SimApplicationProfile[];
  /** Writes `credentials` and `config` (one profile per account, with its Region) into `dir`. */
  writeAwsFiles(dir: string): Promise<{ credentialsFile: string; configFile: string }>;
  readonly faults: FaultControls;
  /** Quota override for account (profile) x source Region x model x pool; absent fields match all. Later rules win. `rpm` replays an older account. */
  setQuota(rule: QuotaRule): void;
  /** The limits in force for one pool (a profile id as `model` means its cross-Region pool). */
  quotaFor(key: QuotaKeySpec): PoolLimits;
  /** Tokens used in one pool: the last 60 s, today, and still reserved by running requests. */
  quotaUsage(key: QuotaKeySpec): PoolUsage;
  /** Every pool that has seen traffic, with its usage, and the quota rules in force. */
  quotaPools(): { rules: QuotaRule[]; pools: Array<{ pool: string } & PoolUsage> };
  /** Starts another application in an account, drawing tokens from a pool (replaces one of the same name). */
  addBackgroundCaller(spec: BackgroundCallerSpec): BackgroundCallerStatus;
  /** Stops a background caller; returns whether it was running. */
  removeBackgroundCaller(name: string): boolean;
  backgroundCallers(): BackgroundCallerStatus[];
  /** Current Region settings and health. */
  regions(): Record<string, RegionConfig>;
  /** CRIS weights for an inference profile, in its destination order (for `crisPicks`). */
  crisWeights(profileId: string): RegionWeight[];
  /** Model invocations in progress (including hung ones). */
  activeRequests(): number;
  /** Every recorded invocation, oldest first (bounded ring buffer). */
  invocationLog(): InvocationRecord[];
  /** Back to the scenario's state: quota pools and overrides, background callers, faults, Region health, account expiry, discovery denials, CRIS streams, the prompt cache, the log. A new seed may be given. Issued keys and created profiles stay. */
  reset(options?: { seed?: number }): void;
  /** Closes every session and socket; in-flight requests end at once. */
  close(): Promise<void>;
}
