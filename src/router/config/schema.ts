import { z } from 'zod';
import { SERVICE_TIERS } from '../../core/catalog';
import { authSchema } from './auth';
import { MAX_CONCURRENT, MAX_CONTEXT_TOKENS, MAX_RPM, MAX_TOKENS_PER_DAY, MAX_TPM, idField, limitField, modelField, msField, profileField, regionField } from './fields';

/**
 * The one source of truth for settings: validation, the JSON schema in package.json
 * and the README's settings reference all come from here. Keys are the setting
 * names without the `resilientLlm.` prefix.
 */

export const STRATEGIES = ['shuffle', 'round-robin', 'least-busy', 'latency', 'cost'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** Converse `serviceTier.type` (user guide: "Service tiers for optimizing performance and cost", service-tiers-inference.html). */
export const serviceTierField = z.enum(SERVICE_TIERS, { error: `must be one of ${SERVICE_TIERS.map((s) => `"${s}"`).join(', ')} (Bedrock's service tiers)` });

export const priceSchema = z.strictObject({
  inputPerMillion: z.number({ error: 'must be a price in USD per million input tokens' }).min(0, { error: 'must not be negative' }).max(10_000),
  outputPerMillion: z.number({ error: 'must be a price in USD per million output tokens' }).min(0, { error: 'must not be negative' }).max(10_000),
});

export const targetSchema = z.strictObject({
  id: idField('target').describe('Unique id that routes refer to, e.g. `sonnet-a`.'),
  model: modelField.describe('Model id, inference profile id (`us.`, `eu.`, `apac.`, `global.`) or ARN.'),
  profile: profileField.describe('The account (shard): an AWS profile from your AWS config or credentials file; with an `auth` other than `profile`, the name its stored secrets are kept under.'),
  region: regionField.describe('Region the request is sent to (the source Region for inference profiles).'),
  rpm: limitField('requests per minute', MAX_RPM).optional().describe('Requests per minute this target may take. Leave out for no limit.'),
  tpm: limitField('tokens per minute', MAX_TPM).optional().describe('Tokens per minute (estimated input + maxTokens at admission, settled with real usage).'),
  maxConcurrent: limitField('requests in flight', MAX_CONCURRENT).optional().describe('Requests in flight at once.'),
  weight: z.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' }).max(1_000_000, { error: 'must be at most 1000000' }).optional().describe('The target\'s relative size: its share under `shuffle` and of the draws under `latency`, and what `least-busy` measures load against; defaults to the target\'s `rpm` (so traffic follows quota, as LiteLLM\'s simple-shuffle does), else 1.'),
  contextWindow: limitField('tokens', MAX_CONTEXT_TOKENS).optional().describe("Context window in tokens; defaults to the model's. Requests estimated larger skip this target."),
  maxOutputTokens: limitField('tokens', 1_000_000).optional().describe("Largest `maxTokens` this target accepts; defaults to the model's."),
  price: priceSchema.optional().describe('USD per million tokens, for cost estimates; defaults to the model list price.'),
  label: z.string().max(80).optional().describe('Display name.'),
  auth: authSchema.optional(),
  serviceTier: serviceTierField.optional().describe('Bedrock service tier this target is called at: `priority` (faster, at a premium), `default`, `flex` (cheaper, slower) or `reserved`. A route\'s `serviceTier` wins over it. Routes skip the target when its model does not offer the tier.'),
  learnLimits: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('Default true. Learn the tokens per minute this target\'s Bedrock pool really gives (another application may share the account): a throttle on a pool the router believed had room lowers its admitted limit at once, and success raises it gradually back to the quota. `false`: this target is admitted against the typed or discovered quota alone, and its throttles teach nothing.'),
});

/**
 * A Bedrock quota pool's limit, typed: the pool of every target with this profile (account),
 * Region and model; an inference profile id (`us.`, `global.` ...) means the model's
 * cross-Region pool, a model id its on-demand pool. Typed values win over Service Quotas.
 */
export const poolSchema = z.strictObject({
  profile: profileField.describe('The account: the AWS profile its targets use.'),
  region: regionField.describe('The Region the targets send to (the source Region for inference profiles).'),
  model: modelField.describe('An inference profile id (the model\'s cross-Region pool) or a model id (its on-demand pool).'),
  tpm: limitField('tokens per minute', MAX_TPM).optional().describe('Bedrock tokens per minute of the pool, as Bedrock counts them (output x 5 for Claude 4-class models). Leave out to use Service Quotas.'),
  tokensPerDay: limitField('tokens per day', MAX_TOKENS_PER_DAY).optional().describe('Bedrock tokens per day of the model in this Region (shared by its cross-Region and on-demand pools). Leave out to use Service Quotas.'),
});

/** How far from its target's Region a route lets a request be processed, narrowest first. */
export const INFERENCE_SCOPES = ['in-region', 'geographic', 'global'] as const;
export type InferenceScope = (typeof INFERENCE_SCOPES)[number];

/** Smallest thinking budget Claude accepts. */
export const MIN_REASONING_BUDGET = 1_024;

export const reasoningSchema = z
  .strictObject({
    budgetTokens: z
      .number({ error: 'must be a number of tokens' })
      .int({ error: 'must be a whole number of tokens' })
      .min(MIN_REASONING_BUDGET, { error: `must be at least ${MIN_REASONING_BUDGET} tokens (the smallest thinking budget models accept)` })
      .max(128_000, { error: 'must be at most 128000 tokens' })
      .describe('Tokens the model may spend thinking before it answers, on top of the answer\'s maxTokens.'),
  })
  .describe('Extended thinking for the targets whose model supports it (Claude); other targets answer without it.');

export const routeSchema = z.strictObject({
  name: idField('route').describe('Route name, shown as a model in the model picker.'),
  targets: z.array(idField('target'), { error: 'must be a list of target ids' }).min(1, { error: 'must name at least one target' }).describe('Target ids this route balances across.'),
  strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.map((s) => `"${s}"`).join(', ')}` }).default('shuffle').describe('How requests are spread over the targets.'),
  fallbacks: z.array(idField('route'), { error: 'must be a list of route names' }).default([]).describe('Routes tried, in order, when every target of this route is limited or unhealthy.'),
  maxTokens: limitField('tokens', 1_000_000).optional().describe('Default `maxTokens` for requests on this route (reserved against TPM limits).'),
  description: z.string().max(200).optional(),
  inferenceScope: z
    .enum(INFERENCE_SCOPES, { error: `must be one of ${INFERENCE_SCOPES.map((s) => `"${s}"`).join(', ')}` })
    .optional()
    .describe('Default `global`. Widest area a request may be processed in: `in-region` (model ids only, no inference profiles), `geographic` (also `us.`, `eu.`, `apac.` ... profiles, never `global.`), `global` (anything).'),
  allowedRegions: z
    .array(regionField, { error: 'must be a list of AWS Regions, e.g. ["us-east-1", "us-west-2"]' })
    .min(1, { error: 'must list at least one Region (leave it out to allow every Region)' })
    .optional()
    .describe("Regions requests may be sent to and processed in. A target whose Region, or any Region its inference profile may route to, is not listed can't be in this route."),
  promptCaching: z.boolean({ error: 'must be true or false' }).optional().describe('Default false. Add cache points after the system prompt and the conversation so far, for models that support prompt caching.'),
  reasoning: reasoningSchema.optional(),
  serviceTier: serviceTierField.optional().describe('Bedrock service tier for this route\'s requests, over each target\'s own: e.g. `flex` for background work, `priority` for a latency-critical route. Targets whose model does not offer it are skipped, with the reason recorded.'),
  ttftObjectiveMs: msField('time to first token objective', 50, 600_000).optional().describe('The route\'s time-to-first-token objective. Under the `cost` strategy, the cheapest target whose recent p95 time to first token meets it leads; when none does, the fastest lead. Leave out for plain cheapest first.'),
  hedge: z
    .union(
      [
        z.boolean(),
        z.strictObject({
          budgetPercent: z.number({ error: 'must be a percentage' }).min(0, { error: 'must be between 0 and 100' }).max(100, { error: 'must be between 0 and 100' }).default(5).describe('Most extra calls hedges may add, as a percentage of the requests in the last minute.'),
          minDelayMs: msField('shortest wait before hedging', 0, 600_000).default(100).describe('Never hedge sooner than this after the call began, whatever the target\'s p95.'),
        }),
      ],
      { error: 'must be false (no hedging), true (hedging with the defaults) or an object, e.g. { "budgetPercent": 5, "minDelayMs": 100 }' },
    )
    .optional()
    .describe(
      'Hedged first token: when a call\'s first token is later than its target\'s p95 time to first token (learnt over its recent answers), start a second call on another target within limits and the hedge budget; stream whichever answers first and cancel the other. Default: on (5% budget) for a route whose targets span two or more accounts or Regions, hedging only to another account or Region with spare quota; `false` turns it off, `true` or an object turns it on for any route.',
    ),
  escalateToPriority: z.boolean({ error: 'must be true or false' }).optional().describe('Default false. When an attempt is throttled or its first token times out, the retry on that target goes at the `priority` tier if its model offers it.'),
});

export const quotaSchema = z.strictObject({
  rpm: limitField('requests per minute', MAX_RPM).optional(),
  tpm: limitField('tokens per minute', MAX_TPM).optional(),
  tokensPerDay: limitField('tokens per day', MAX_TOKENS_PER_DAY).optional(),
});

export const quotasSchema = z.strictObject({
  default: quotaSchema.default({}).describe('Quota of every workspace without its own entry.'),
  workspaces: z.record(z.string().min(1).max(128), quotaSchema).default({}).describe('Quota per workspace (tenant) name.'),
});

export const retrySchema = z.strictObject({
  maxAttempts: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(10, { error: 'must be at most 10' }).default(4),
  baseDelayMs: msField('first backoff', 1, 60_000).default(200),
  maxDelayMs: msField('longest backoff', 1, 300_000).default(5_000),
  budgetPercent: z.number().min(0, { error: 'must be between 0 and 100' }).max(100, { error: 'must be between 0 and 100' }).default(20),
  minRetriesPerSecond: z.number().min(0, { error: 'must not be negative' }).max(1000).default(3),
});

export const timeoutsSchema = z.strictObject({
  firstTokenMs: msField('time to first token', 100, 600_000).default(30_000),
  totalMs: msField('whole attempt', 100, 3_600_000).default(300_000),
});

export const cooldownSchema = z.strictObject({
  failures: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(1000).default(3),
  windowMs: msField('window failures are counted in', 1_000, 3_600_000).default(60_000),
  durationMs: msField('rest period', 100, 3_600_000).default(15_000),
});

export const simulatorSettingsSchema = z.strictObject({
  seed: z.number().int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' }).max(2 ** 32 - 1).default(7).describe('Seed for the simulator: CRIS Region picks, fault rates and reply text repeat for the same seed.'),
  timeScale: z.number({ error: 'must be a number' }).positive({ error: 'must be greater than 0' }).max(10_000).default(1).describe('Simulated time runs this many times faster than real time (quota windows, latencies).'),
  scenario: z.record(z.string(), z.unknown()).optional().describe('A simulator scenario (Regions, quotas, faults) as in docs/simulator.md; checked when the simulator starts.'),
});

export const demoSettingsSchema = z.strictObject({
  profiles: z.tuple([profileField, profileField], { error: 'must list two AWS profiles (accounts), e.g. ["shard-a", "shard-b"]' }).describe('The two accounts (profiles) the demos use.'),
  region: regionField.describe('Source Region for every demo request.'),
  crisModel: modelField.describe('A Regional cross-Region inference profile, e.g. `us.anthropic.claude-haiku-4-5-20251001-v1:0`.'),
  globalCrisModel: modelField.optional().describe('A `global.` inference profile for the global CRIS variant.'),
  primaryModel: modelField.describe('Primary model of the fallback and load-balancing demos.'),
  secondaryModel: modelField.optional().describe('Second primary of the load-balancing demo.'),
  fallbackModel: modelField.describe('Fallback model.'),
  logGroup: z.string().min(1).optional().describe('CloudWatch Logs group of model invocation logging (default `/aws/bedrock/modelinvocations`).'),
  logWaitMs: msField('wait for invocation logs', 0, 600_000).optional().describe('How long to wait for invocation logs before querying (default 60000).'),
});

export const settingsSchema = z.strictObject({
  mode: z.enum(['simulated', 'aws'], { error: 'must be "simulated" or "aws"' }).default('simulated'),
  targets: z.array(targetSchema, { error: 'must be a list of targets' }).default([]),
  routes: z.array(routeSchema, { error: 'must be a list of routes' }).default([]),
  defaultRoute: idField('route').optional(),
  quotas: quotasSchema.default({ default: {}, workspaces: {} }),
  pools: z.array(poolSchema, { error: 'must be a list of Bedrock quota pools, e.g. [{ "profile": "shard-a", "region": "us-east-1", "model": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "tpm": 200000 }]' }).default([]).describe('Bedrock quota pools\' limits (tokens per minute and per day, as Bedrock counts them), shared by every target that sends to the pool. Pools not listed use Service Quotas.'),
  serviceQuotas: z.boolean({ error: 'must be true or false' }).default(true).describe('Read the limits of pools not listed in `pools` from Service Quotas (ListServiceQuotas, service code `bedrock`) for each profile and Region; refreshed every 15 minutes and on settings changes.'),
  retry: retrySchema.default(retrySchema.parse({})),
  timeouts: timeoutsSchema.default(timeoutsSchema.parse({})),
  cooldown: cooldownSchema.default(cooldownSchema.parse({})),
  maxQueueWaitMs: msField('longest wait for a free target', 0, 600_000).default(10_000),
  endpoint: z.url({ error: 'must be a URL such as "https://bedrock-runtime.us-east-1.amazonaws.com"' }).optional(),
  simulator: simulatorSettingsSchema.default(simulatorSettingsSchema.parse({})),
  demo: demoSettingsSchema.optional(),
});

export type TargetConfig = z.output<typeof targetSchema>;
export type ReasoningConfig = z.output<typeof reasoningSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type QuotaConfig = z.output<typeof quotaSchema>;
export type PoolConfig = z.output<typeof poolSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type TimeoutsConfig = z.output<typeof timeoutsSchema>;
export type CooldownConfig = z.output<typeof cooldownSchema>;
export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type DemoSettings = z.output<typeof demoSettingsSchema>;

export const SETTINGS_PREFIX = 'resilientLlm';
