/**
 * The built-in model catalog: real Bedrock model ids, their inference profiles (with
 * the real geography prefixes), what each model can do and its list price. The router
 * reads limits and prices from it, "Add Target" offers it when the account cannot be
 * asked, and the simulator serves exactly these models.
 */

export type Geography = 'us' | 'eu' | 'apac' | 'global';

/** Commercial Regions the simulator knows, by geography. */
export const REGIONS_BY_GEOGRAPHY: Readonly<Record<Exclude<Geography, 'global'>, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1'],
  apac: ['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'ap-northeast-2'],
};

export const ALL_REGIONS: readonly string[] = [...REGIONS_BY_GEOGRAPHY.us, ...REGIONS_BY_GEOGRAPHY.eu, ...REGIONS_BY_GEOGRAPHY.apac];

export interface ModelInfo {
  /** Foundation model id, e.g. `anthropic.claude-sonnet-4-6`. */
  id: string;
  name: string;
  provider: 'Anthropic' | 'Amazon' | 'Meta';
  /** Body shape for InvokeModel. */
  family: 'anthropic' | 'nova' | 'llama';
  /** Regions where the bare id works on demand; empty means an inference profile is required. */
  onDemandRegions: readonly string[];
  /** Geographies with an inference profile `<geo>.<id>`. */
  profileGeographies: readonly Geography[];
  contextWindow: number;
  maxOutputTokens: number;
  supportsTools: boolean;
  supportsImages: boolean;
  supportsReasoning: boolean;
  /** Accepts cache points (prompt caching). */
  supportsPromptCaching: boolean;
  /** USD per 1,000 tokens. */
  pricePer1kInput: number;
  pricePer1kOutput: number;
  /** Relative generation speed (1 = the Region's base tokens per second). */
  speedFactor: number;
  /** The model's name in Bedrock's Service Quotas quota names, e.g. "Anthropic Claude Sonnet 4.5". */
  quotaName: string;
  /**
   * Quota tokens each output token burns down ("How tokens are counted in Amazon Bedrock"):
   * 5 for Claude 4-class models, 1 for the others. Input tokens always count once.
   */
  outputBurndown: number;
  /**
   * Output tokens a request reserves when it sets no maxTokens / max_tokens / max_gen_len:
   * the model's maximum output ("How tokens are counted in Amazon Bedrock"; AWS's
   * aws-bedrock-o11y sample: "If max_tokens is not explicitly set, it defaults to the
   * model's maximum output capacity. For Claude Sonnet, this is 64,000 tokens").
   */
  defaultMaxTokens: number;
  /** AWS default tokens-per-minute quotas: cross-Region (through a profile) and on-demand (by model id, where offered). */
  defaultQuotaTpm: { crossRegion?: number; onDemand?: number };
  /**
   * Service tiers besides `default` the model is served at (Converse `serviceTier.type`). The user guide's
   * "Service tiers for optimizing performance and cost" page (service-tiers-inference.html) lists the models
   * and Regions with Priority and Flex (Nova Pro and Nova Premier, gpt-oss, DeepSeek, Qwen3 at launch;
   * Nova 2 Lite too); every model has `default`. `reserved` needs a reservation made with the account team,
   * so no catalog model offers it. Absent: `default` only.
   */
  serviceTiers?: readonly OptionalServiceTier[];
}

/** Converse's `serviceTier.type` values (API reference: ServiceTier; user guide: service-tiers-inference.html). */
export const SERVICE_TIERS = ['priority', 'default', 'flex', 'reserved'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];
export type OptionalServiceTier = Exclude<ServiceTier, 'default'>;

/**
 * How a tier changes speed and price against `default`. Priority: "up to 25% better output tokens per second"
 * (service-tiers page and the Nov 2025 launch post) at a premium; flex: a discount, slower. The premium and
 * discount are the simulator's and the router's cost estimates' model of Bedrock's pricing page (priority
 * +75%, flex -50%); a target's own `price` setting overrides list prices, not these multipliers.
 */
export const SERVICE_TIER_EFFECT: Readonly<Record<ServiceTier, { speed: number; price: number }>> = {
  priority: { speed: 1.25, price: 1.75 },
  default: { speed: 1, price: 1 },
  flex: { speed: 0.7, price: 0.5 },
  reserved: { speed: 1, price: 1 },
};

export interface InferenceProfileInfo {
  /** Profile id, e.g. `us.anthropic.claude-sonnet-4-6`. */
  id: string;
  geography: Geography;
  modelId: string;
  /** Regions a request may be served in (and sent from). */
  destinationRegions: readonly string[];
}

const US = REGIONS_BY_GEOGRAPHY.us;

/** A model's row in the table below: what differs between models of one family. */
interface Row {
  /** Geographies of its inference profiles (default: the family's). */
  geos?: readonly Geography[];
  context: number;
  /** Maximum output tokens (default: the family's). */
  maxOutput?: number;
  images?: boolean;
  /** USD per 1,000 input and output tokens. */
  price: readonly [input: number, output: number];
  speed: number;
  /** AWS default tokens per minute (Service Quotas), per kind. */
  quotaTpm: ModelInfo['defaultQuotaTpm'];
  serviceTiers?: ModelInfo['serviceTiers'];
}

/** What a family's models share. Service Quotas names a model "<quotaPrefix><name>". */
type Family = Pick<ModelInfo, 'provider' | 'family' | 'onDemandRegions' | 'profileGeographies' | 'maxOutputTokens' | 'supportsTools' | 'supportsReasoning' | 'supportsPromptCaching' | 'outputBurndown'> & { quotaPrefix: string };

/**
 * Claude 4-class models: tools, images, extended thinking and prompt caching; a
 * cross-Region inference profile is required (no on-demand by model id); each output
 * token burns down 5 tokens of quota ("How tokens are counted in Amazon Bedrock").
 */
const CLAUDE_4: Family = { provider: 'Anthropic', family: 'anthropic', onDemandRegions: [], profileGeographies: ['us', 'eu', 'apac', 'global'], maxOutputTokens: 64_000, supportsTools: true, supportsReasoning: true, supportsPromptCaching: true, outputBurndown: 5, quotaPrefix: 'Anthropic ' };

/** The first Amazon Nova models: on demand in the US Regions and through `us.`, `eu.` and `apac.` profiles; output counts 1:1. */
const NOVA_1: Family = { provider: 'Amazon', family: 'nova', onDemandRegions: US, profileGeographies: ['us', 'eu', 'apac'], maxOutputTokens: 10_000, supportsTools: true, supportsReasoning: false, supportsPromptCaching: true, outputBurndown: 1, quotaPrefix: '' };

function model(f: Family, id: string, name: string, row: Row): ModelInfo {
  const { quotaPrefix, ...family } = f;
  const maxOutputTokens = row.maxOutput ?? f.maxOutputTokens;
  return {
    ...family,
    id,
    name,
    quotaName: `${quotaPrefix}${name}`,
    profileGeographies: row.geos ?? f.profileGeographies,
    contextWindow: row.context,
    maxOutputTokens,
    defaultMaxTokens: maxOutputTokens,
    supportsImages: row.images ?? true,
    pricePer1kInput: row.price[0],
    pricePer1kOutput: row.price[1],
    speedFactor: row.speed,
    defaultQuotaTpm: row.quotaTpm,
    ...(row.serviceTiers ? { serviceTiers: row.serviceTiers } : {}),
  };
}

/*
 * Ids checked against the Amazon Bedrock user guide's "Supported foundation models" and
 * "Supported Regions and models for inference profiles" pages, and against what Claude
 * Code 2.1.x asks for in Bedrock mode (its `sonnet` alias is `us.anthropic.claude-sonnet-4-5-20250929-v1:0`,
 * `opus` is `us.anthropic.claude-opus-4-6-v1`, `haiku` is `us.anthropic.claude-haiku-4-5-20251001-v1:0`,
 * and it knows `claude-sonnet-5`, `claude-opus-4-7`, `claude-opus-4-8` and `claude-fable-5`).
 * Context windows are the models' native ones (1M for the 2026 models).
 * `defaultQuotaTpm` are the simulator's AWS default quota values (Service Quotas'
 * ListAWSDefaultServiceQuotas); real defaults vary by Region and account age, as the
 * "Quotas for Amazon Bedrock" page says, so these are representative, not AWS's table.
 */
export const MODELS: readonly ModelInfo[] = [
  model(CLAUDE_4, 'anthropic.claude-fable-5', 'Claude Fable 5', { geos: ['us', 'eu', 'global'], context: 1_000_000, maxOutput: 128_000, price: [0.01, 0.05], speed: 0.5, quotaTpm: { crossRegion: 1_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-opus-4-8', 'Claude Opus 4.8', { context: 1_000_000, maxOutput: 128_000, price: [0.005, 0.025], speed: 0.6, quotaTpm: { crossRegion: 2_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-opus-4-7', 'Claude Opus 4.7', { geos: ['us', 'eu', 'global'], context: 1_000_000, maxOutput: 128_000, price: [0.005, 0.025], speed: 0.6, quotaTpm: { crossRegion: 2_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-opus-4-6-v1', 'Claude Opus 4.6', { geos: ['us', 'eu', 'global'], context: 200_000, maxOutput: 128_000, price: [0.005, 0.025], speed: 0.6, quotaTpm: { crossRegion: 2_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-sonnet-5', 'Claude Sonnet 5', { context: 1_000_000, price: [0.003, 0.015], speed: 1, quotaTpm: { crossRegion: 4_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-sonnet-4-6', 'Claude Sonnet 4.6', { context: 200_000, price: [0.003, 0.015], speed: 1, quotaTpm: { crossRegion: 4_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', { context: 200_000, price: [0.003, 0.015], speed: 1, quotaTpm: { crossRegion: 4_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-haiku-4-5-20251001-v1:0', 'Claude Haiku 4.5', { context: 200_000, price: [0.001, 0.005], speed: 2, quotaTpm: { crossRegion: 4_000_000 } }),
  model(CLAUDE_4, 'anthropic.claude-opus-4-5-20251101-v1:0', 'Claude Opus 4.5', { geos: ['us', 'eu', 'global'], context: 200_000, price: [0.005, 0.025], speed: 0.6, quotaTpm: { crossRegion: 2_000_000 } }),
  {
    id: 'amazon.nova-2-lite-v1:0',
    name: 'Amazon Nova 2 Lite',
    quotaName: 'Amazon Nova 2 Lite',
    provider: 'Amazon',
    family: 'nova',
    onDemandRegions: [],
    profileGeographies: ['us', 'eu', 'global'],
    contextWindow: 1_000_000,
    maxOutputTokens: 64_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: false,
    supportsPromptCaching: true,
    pricePer1kInput: 0.0003,
    pricePer1kOutput: 0.0025,
    speedFactor: 2.5,
    outputBurndown: 1,
    defaultMaxTokens: 64_000,
    defaultQuotaTpm: { crossRegion: 4_000_000 },
    serviceTiers: ['priority', 'flex'],
  },
  model(NOVA_1, 'amazon.nova-pro-v1:0', 'Amazon Nova Pro', { images: true, context: 300_000, price: [0.0008, 0.0032], speed: 1.2, quotaTpm: { crossRegion: 2_000_000, onDemand: 1_000_000 }, serviceTiers: ['priority', 'flex'] }),
  model(NOVA_1, 'amazon.nova-lite-v1:0', 'Amazon Nova Lite', { images: true, context: 300_000, price: [0.00006, 0.00024], speed: 2.5, quotaTpm: { crossRegion: 4_000_000, onDemand: 2_000_000 } }),
  model(NOVA_1, 'amazon.nova-micro-v1:0', 'Amazon Nova Micro', { images: false, context: 128_000, price: [0.000035, 0.00014], speed: 3, quotaTpm: { crossRegion: 4_000_000, onDemand: 2_000_000 } }),
  {
    id: 'meta.llama4-maverick-17b-instruct-v1:0',
    name: 'Llama 4 Maverick 17B Instruct',
    quotaName: 'Meta Llama 4 Maverick 17B Instruct',
    provider: 'Meta',
    family: 'llama',
    onDemandRegions: [],
    profileGeographies: ['us'],
    contextWindow: 1_000_000,
    maxOutputTokens: 8_192,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: false,
    supportsPromptCaching: false,
    pricePer1kInput: 0.00024,
    pricePer1kOutput: 0.00097,
    speedFactor: 1.8,
    outputBurndown: 1,
    defaultMaxTokens: 8_192,
    defaultQuotaTpm: { crossRegion: 600_000 },
  },
  {
    id: 'meta.llama4-scout-17b-instruct-v1:0',
    name: 'Llama 4 Scout 17B Instruct',
    quotaName: 'Meta Llama 4 Scout 17B Instruct',
    provider: 'Meta',
    family: 'llama',
    onDemandRegions: [],
    profileGeographies: ['us'],
    contextWindow: 3_500_000,
    maxOutputTokens: 8_192,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: false,
    supportsPromptCaching: false,
    pricePer1kInput: 0.00017,
    pricePer1kOutput: 0.00066,
    speedFactor: 2,
    outputBurndown: 1,
    defaultMaxTokens: 8_192,
    defaultQuotaTpm: { crossRegion: 600_000 },
  },
  {
    id: 'meta.llama3-3-70b-instruct-v1:0',
    name: 'Llama 3.3 70B Instruct',
    quotaName: 'Meta Llama 3.3 70B Instruct',
    provider: 'Meta',
    family: 'llama',
    onDemandRegions: [],
    profileGeographies: ['us'],
    contextWindow: 128_000,
    maxOutputTokens: 8_192,
    supportsTools: true,
    supportsImages: false,
    supportsReasoning: false,
    supportsPromptCaching: false,
    pricePer1kInput: 0.00072,
    pricePer1kOutput: 0.00072,
    speedFactor: 1.5,
    outputBurndown: 1,
    defaultMaxTokens: 8_192,
    defaultQuotaTpm: { crossRegion: 600_000 },
  },
];

function destinations(geography: Geography): readonly string[] {
  return geography === 'global' ? ALL_REGIONS : REGIONS_BY_GEOGRAPHY[geography];
}

export const INFERENCE_PROFILES: readonly InferenceProfileInfo[] = MODELS.flatMap((m) =>
  m.profileGeographies.map((geography) => ({ id: `${geography}.${m.id}`, geography, modelId: m.id, destinationRegions: destinations(geography) })),
);

const MODEL_BY_ID = new Map(MODELS.map((m) => [m.id, m]));
const PROFILE_BY_ID = new Map(INFERENCE_PROFILES.map((p) => [p.id, p]));

export function findModel(id: string): ModelInfo | undefined {
  return MODEL_BY_ID.get(id);
}

export function findInferenceProfile(id: string): InferenceProfileInfo | undefined {
  return PROFILE_BY_ID.get(id);
}

/** True if `region` is one the simulator knows. */
export function isKnownRegion(region: string): boolean {
  return ALL_REGIONS.includes(region);
}
