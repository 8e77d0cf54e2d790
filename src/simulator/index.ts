/**
 * The embedded Bedrock Runtime simulator: a loopback endpoint (HTTP/2 and HTTP/1.1)
 * that the unmodified AWS SDK talks to, with accounts, Regions, CRIS routing,
 * quotas, latency, faults and an invocation log readable through CloudWatch Logs.
 */
export type { Simulator, SimulatorOptions, SimApplicationProfile } from './api';
export type { ApplicationProfileSpec } from './appProfiles';
export type { SessionCredentials } from './credentials';
export { DISCOVERY_OPERATIONS, type DiscoveryOperation } from './discoveryPolicy';
export { BEARER_REJECTED } from './auth';
export { MIN_CACHE_TOKENS, CACHE_TTL_MS } from './promptCache';
export { simulatorSecrets, type SimSecrets, type SimSecretKind } from './secrets';
export { startSimulator, LOOPBACK_HOST } from './simulator';
export { loadScenario, parseScenario, ScenarioError, DEFAULT_SCENARIO, type Scenario } from './scenario';
export { MODELS, INFERENCE_PROFILES, ALL_REGIONS, REGIONS_BY_GEOGRAPHY, findModel, findInferenceProfile, type ModelInfo, type InferenceProfileInfo, type Geography } from './catalog';
export { crisPicks, crisCounts, pickWeighted, type CrisPicksOptions, type RegionWeight } from './cris';
export { replyText, replyPieces, lengthenAnswer } from './reply';
export type { FaultControls, FaultOptions } from './faultControls';
export type { FaultErrorKind, StreamExceptionKind } from './errors';
export { DEFAULT_QUOTA, WINDOW_MS, MINUTES_PER_DAY, type QuotaBaseline } from './quotas';
export { THROTTLE_MESSAGES } from './throttleMessages';
export { BEDROCK_QUOTAS, quotaCode, type BedrockQuota } from './quotaNames';
export { settledTokens, reservationTokens } from './burndown';
export type { PoolLimits, PoolUsage, ThrottleCause } from './tokenPool';
export type { BackgroundCallerStatus } from './background';
export type { BackgroundCallerSpec } from './scenario';
export type { QuotaKeySpec } from './api';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_LOG_GROUP } from './state';
export { DEFAULT_LOG_CAPACITY } from './invocationLog';
export type { SimAccount, InvocationRecord, RegionConfig, RegionStatus, Scope, FaultSpec, FaultRule, QuotaRule, QuotaLimits, QuotaPool, Operation } from './types';
