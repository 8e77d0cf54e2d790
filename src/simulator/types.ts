/** Shared simulator types (plain data). */
import type { FaultErrorKind, StreamExceptionKind } from './errors';

/** Which Bedrock quota a call counts against: the model's on-demand quota, or the cross-Region (inference profile) one. */
export type QuotaPool = 'on-demand' | 'cross-region';

export interface SimAccount {
  /** AWS profile name this account appears as in the written credentials/config files. */
  profile: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  defaultRegion: string;
  expired: boolean;
}

export type RegionStatus = 'healthy' | 'degraded' | 'down';

export interface DegradedBehaviour {
  /** Multiplies the Region's CRIS weight while degraded. */
  weightFactor: number;
  /** Multiplies time to first token and time per output token. */
  latencyFactor: number;
  /** Probability that a request served there fails. */
  errorRate: number;
  errorKind: FaultErrorKind;
}

export interface RegionConfig {
  /** Relative capacity: a Region's share of a profile's traffic is proportional to it. */
  capacity: number;
  status: RegionStatus;
  /** Base time to first token, simulated ms. */
  ttftMs: number;
  /** Base output speed, tokens per simulated second. */
  tokensPerSecond: number;
  /** Relative latency jitter, 0..1 (deterministic per prompt). */
  jitter: number;
  degraded: DegradedBehaviour;
}

/** Which requests a fault or quota applies to; absent fields match everything. */
export interface Scope {
  /** Account, by profile name. */
  profile?: string;
  /** Region the request is served in (the inference Region). */
  region?: string;
  /** Region the request was sent to. */
  sourceRegion?: string;
  /** Foundation model id or inference profile id. */
  model?: string;
  /**
   * Service tier the request asked for (`default` also matches requests that set none): e.g. a capacity crunch
   * that throttles or slows default and flex traffic while priority, served ahead of them, gets through.
   */
  serviceTier?: 'priority' | 'default' | 'flex' | 'reserved';
}

interface FaultBase {
  scope?: Scope;
  /** Probability that a matching request is hit (default 1). */
  rate?: number;
  /** Fire on at most this many matching requests, then retire (a burst). */
  count?: number;
}

export type FaultSpec =
  | (FaultBase & { type: 'error'; kind: FaultErrorKind; message?: string })
  | (FaultBase & { type: 'hang'; afterTokens?: number })
  | (FaultBase & { type: 'midStream'; afterTokens: number; kind?: StreamExceptionKind; message?: string })
  | (FaultBase & { type: 'reset'; afterTokens?: number })
  | (FaultBase & { type: 'slowFirstToken'; extraMs: number });

export type FaultRule = FaultSpec & { id: string; fired: number };

export interface QuotaLimits {
  /** Requests per minute: Bedrock enforces none today; set it only to replay an older account. */
  rpm?: number;
  /** Tokens per minute, after burndown. */
  tpm?: number;
  /** Tokens per day, after burndown (default: tpm x 1,440). */
  tokensPerDay?: number;
}

export interface QuotaRule extends QuotaLimits {
  profile?: string;
  region?: string;
  /** Foundation model id or inference profile id (a profile id implies the cross-Region pool). */
  model?: string;
  pool?: QuotaPool;
}

export type Operation = 'Converse' | 'ConverseStream' | 'InvokeModel' | 'InvokeModelWithResponseStream';

export interface InvocationRecord {
  requestId: string;
  /** Simulator clock time, ms since the epoch. */
  time: number;
  operation: Operation;
  accountId: string;
  profile: string;
  sourceRegion: string;
  /** Region that served (or was chosen to serve) the request; absent if none was chosen. */
  inferenceRegion?: string;
  /** As invocation logs record it: the profile ARN for profile calls (an application profile's own ARN), else the model id. */
  modelId: string;
  /** Identifier exactly as requested. */
  requestedModelId: string;
  /** Foundation model id. */
  foundationModelId?: string;
  /** Input tokens not read from or written to the prompt cache. */
  inputTokens: number;
  outputTokens: number;
  /** Set when the request had cache points. */
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** Simulated ms from arrival to the last byte (or the error). */
  latencyMs: number;
  outcome: 'success' | 'error' | 'client-aborted';
  /** Set for traffic from a background caller (another application in the account), e.g. `background:batch-job`. */
  caller?: string;
  /** Tokens the request counted against its quota pool (after burndown), once settled. */
  quotaTokens?: number;
  errorCode?: string;
  stopReason?: string;
  /** The service tier the request asked for (Converse `serviceTier`); every tier draws on the same on-demand quota. */
  serviceTier?: 'priority' | 'default' | 'flex' | 'reserved';
}
