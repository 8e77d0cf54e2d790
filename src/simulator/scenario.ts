/**
 * Scenario files: accounts, Regions, quotas, faults and limits for a simulator run,
 * validated with zod. Every field is optional; `DEFAULT_SCENARIO` fills the gaps.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ALL_REGIONS, SERVICE_TIERS } from './catalog';
import { DISCOVERY_OPERATIONS } from './discoveryPolicy';
import { FAULT_ERROR_KIND_NAMES, STREAM_EXCEPTION_KIND_NAMES } from './errors';

const region = z.string().refine((r) => ALL_REGIONS.includes(r), { message: `unknown Region; known: ${ALL_REGIONS.join(', ')}` });
const probability = z.number().min(0).max(1);
const count = z.number().int().nonnegative();

export const scopeSchema = z.strictObject({
  profile: z.string().min(1).optional(),
  region: region.optional(),
  sourceRegion: region.optional(),
  model: z.string().min(1).optional(),
  serviceTier: z.enum(SERVICE_TIERS).optional(),
});

const faultBase = { scope: scopeSchema.optional(), rate: probability.optional(), count: count.optional() };

export const faultSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('error'), kind: z.enum(FAULT_ERROR_KIND_NAMES), message: z.string().optional(), ...faultBase }),
  z.strictObject({ type: z.literal('hang'), afterTokens: count.optional(), ...faultBase }),
  z.strictObject({ type: z.literal('midStream'), afterTokens: count, kind: z.enum(STREAM_EXCEPTION_KIND_NAMES).optional(), message: z.string().optional(), ...faultBase }),
  z.strictObject({ type: z.literal('reset'), afterTokens: count.optional(), ...faultBase }),
  z.strictObject({ type: z.literal('slowFirstToken'), extraMs: z.number().nonnegative(), ...faultBase }),
]);

/** `rpm` replays an older account: Bedrock enforces no requests-per-minute quota today. */
export const quotaLimitsSchema = z.strictObject({ rpm: count.optional(), tpm: count.optional(), tokensPerDay: count.optional() });

export const quotaRuleSchema = z.strictObject({
  profile: z.string().min(1).optional(),
  region: region.optional(),
  model: z.string().min(1).optional(),
  pool: z.enum(['on-demand', 'cross-region']).optional(),
  rpm: count.optional(),
  tpm: count.optional(),
  tokensPerDay: count.optional(),
});

export const backgroundCallerSchema = z.strictObject({
  /** Shown in the invocation log as `background:<name>`. */
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a name is 1-64 letters, digits, _ . or -'),
  /** Account, by profile name. */
  profile: z.string().min(1),
  region,
  /** Model id (on-demand pool) or inference profile id (cross-Region pool). */
  model: z.string().min(1),
  /** Quota tokens (after burndown) it draws per minute, on average. */
  tokensPerMinute: z.number().int().positive(),
  /** Quota tokens per request (default 2,000). */
  tokensPerRequest: z.number().int().positive().optional(),
  /** `steady`: evenly spaced requests; `bursty`: a minute's requests together every `burstEveryMs`. */
  pattern: z.enum(['steady', 'bursty']).optional(),
  /** For `bursty`: simulated ms between bursts (default 60,000). */
  burstEveryMs: z.number().int().positive().optional(),
});

export const accountSchema = z.strictObject({
  profile: z.string().regex(/^[A-Za-z0-9_.+@-]+$/, 'profile names may use letters, digits and _ . + @ -'),
  accountId: z.string().regex(/^\d{12}$/, 'an account id is 12 digits').optional(),
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'access key ids are upper-case letters and digits').optional(),
  secretAccessKey: z.string().min(16).optional(),
  defaultRegion: region.optional(),
  expired: z.boolean().optional(),
  /** Bedrock API keys (bearer tokens) this account accepts, besides keys issued at run time. */
  apiKeys: z.array(z.string().min(20, 'an API key is at least 20 characters')).optional(),
  /** Deny ListFoundationModels and ListInferenceProfiles (true) or the ones listed, as an SCP would. */
  denyDiscovery: z.union([z.boolean(), z.array(z.enum(DISCOVERY_OPERATIONS)).min(1)]).optional(),
});

export const applicationProfileSchema = z.strictObject({
  profile: z.string().min(1),
  region,
  name: z.string().regex(/^[0-9a-zA-Z][ 0-9a-zA-Z_-]{0,63}$/, 'a name is 1-64 letters, digits, spaces, _ or -'),
  copyFrom: z.string().min(1),
  description: z.string().max(200).optional(),
  id: z.string().regex(/^[a-z0-9]{12}$/, 'an id is 12 lower-case letters or digits').optional(),
});

export const regionStatusSchema = z.enum(['healthy', 'degraded', 'down']);

export const regionSchema = z.strictObject({
  capacity: z.number().nonnegative().optional(),
  status: regionStatusSchema.optional(),
  ttftMs: z.number().nonnegative().optional(),
  tokensPerSecond: z.number().positive().optional(),
  jitter: probability.optional(),
  degraded: z
    .strictObject({
      weightFactor: z.number().nonnegative().optional(),
      latencyFactor: z.number().positive().optional(),
      errorRate: probability.optional(),
      errorKind: z.enum(FAULT_ERROR_KIND_NAMES).optional(),
    })
    .optional(),
});

export const scenarioSchema = z.strictObject({
  seed: z.number().int().optional(),
  timeScale: z.number().positive().optional(),
  accounts: z.array(accountSchema).optional(),
  regions: z.record(region, regionSchema).optional(),
  quotas: z
    .strictObject({
      /** `raised` (default): 50,000,000 TPM everywhere, so router limits bind; `aws-default`: the catalog's AWS default quota per model. */
      baseline: z.enum(['raised', 'aws-default']).optional(),
      default: quotaLimitsSchema.optional(),
      rules: z.array(quotaRuleSchema).optional(),
    })
    .optional(),
  /** Other applications in the accounts, drawing tokens from a pool (they appear in the invocation log as another caller). */
  backgroundCallers: z.array(backgroundCallerSchema).optional(),
  faults: z.array(faultSchema).optional(),
  modelsNotReady: z.array(z.strictObject({ model: z.string().min(1), region: region.optional() })).optional(),
  /** maxTokens reserved for requests that set none (default: each model's own `defaultMaxTokens` from the catalog). */
  defaultMaxTokens: z.number().int().positive().optional(),
  /** Answers of realistic length: each text answer is `min` to `max` output tokens (drawn per question, seeded), before `maxTokens` cuts it. Default: a short answer. */
  answerTokens: z
    .strictObject({ min: z.number().int().positive(), max: z.number().int().positive() })
    .refine((a) => a.max >= a.min, { message: 'max must be at least min' })
    .optional(),
  invocationLog: z.strictObject({ capacity: z.number().int().positive().optional(), logGroupName: z.string().min(1).optional() }).optional(),
  limits: z.strictObject({ maxBodyBytes: z.number().int().positive().optional() }).optional(),
  /** Application inference profiles, each in one account and Region, copying a model or system profile. */
  applicationInferenceProfiles: z.array(applicationProfileSchema).optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioAccount = z.infer<typeof accountSchema>;
export type ScenarioRegion = z.infer<typeof regionSchema>;
export type ScenarioApplicationProfile = z.infer<typeof applicationProfileSchema>;
export type BackgroundCallerSpec = z.infer<typeof backgroundCallerSchema>;

/** Used when no scenario is given: two account shards in different default Regions. */
export const DEFAULT_SCENARIO: Scenario = {
  accounts: [
    { profile: 'shard-a', accountId: '111111111111', defaultRegion: 'us-east-1' },
    { profile: 'shard-b', accountId: '222222222222', defaultRegion: 'us-west-2' },
  ],
};

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Formats a zod issue path as `faults[0].kind`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/** Validates parsed JSON as a scenario; the error names each offending JSON path. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  throw new ScenarioError(`${source} is not a valid scenario:\n${lines.join('\n')}`);
}

/**
 * Loads a scenario from a file path, a JSON string, or an already parsed object,
 * and validates it.
 */
export function loadScenario(source: string | object): Scenario {
  if (typeof source !== 'string') return parseScenario(source);
  const isJsonText = source.trimStart().startsWith('{');
  let text = source;
  if (!isJsonText) {
    try {
      text = readFileSync(source, 'utf8');
    } catch (err) {
      throw new ScenarioError(`cannot read scenario file ${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`${isJsonText ? 'scenario' : source} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseScenario(json, isJsonText ? 'scenario' : source);
}
