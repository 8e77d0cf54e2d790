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
}

export interface InferenceProfileInfo {
  /** Profile id, e.g. `us.anthropic.claude-sonnet-4-6`. */
  id: string;
  geography: Geography;
  modelId: string;
  /** Regions a request may be served in (and sent from). */
  destinationRegions: readonly string[];
}

const US = REGIONS_BY_GEOGRAPHY.us;

export const MODELS: readonly ModelInfo[] = [
  {
    id: 'anthropic.claude-sonnet-4-6',
    name: 'Claude Sonnet 4.6',
    provider: 'Anthropic',
    family: 'anthropic',
    onDemandRegions: [],
    profileGeographies: ['us', 'eu', 'apac', 'global'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: true,
    supportsPromptCaching: true,
    pricePer1kInput: 0.003,
    pricePer1kOutput: 0.015,
    speedFactor: 1,
  },
  {
    id: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    name: 'Claude Haiku 4.5',
    provider: 'Anthropic',
    family: 'anthropic',
    onDemandRegions: [],
    profileGeographies: ['us', 'eu', 'apac', 'global'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: true,
    supportsPromptCaching: true,
    pricePer1kInput: 0.001,
    pricePer1kOutput: 0.005,
    speedFactor: 2,
  },
  {
    id: 'anthropic.claude-opus-4-5-20251101-v1:0',
    name: 'Claude Opus 4.5',
    provider: 'Anthropic',
    family: 'anthropic',
    onDemandRegions: [],
    profileGeographies: ['us', 'eu', 'global'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: true,
    supportsPromptCaching: true,
    pricePer1kInput: 0.005,
    pricePer1kOutput: 0.025,
    speedFactor: 0.6,
  },
  {
    id: 'amazon.nova-pro-v1:0',
    name: 'Amazon Nova Pro',
    provider: 'Amazon',
    family: 'nova',
    onDemandRegions: US,
    profileGeographies: ['us', 'eu', 'apac'],
    contextWindow: 300_000,
    maxOutputTokens: 10_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: false,
    supportsPromptCaching: true,
    pricePer1kInput: 0.0008,
    pricePer1kOutput: 0.0032,
    speedFactor: 1.2,
  },
  {
    id: 'amazon.nova-lite-v1:0',
    name: 'Amazon Nova Lite',
    provider: 'Amazon',
    family: 'nova',
    onDemandRegions: US,
    profileGeographies: ['us', 'eu', 'apac'],
    contextWindow: 300_000,
    maxOutputTokens: 10_000,
    supportsTools: true,
    supportsImages: true,
    supportsReasoning: false,
    supportsPromptCaching: true,
    pricePer1kInput: 0.00006,
    pricePer1kOutput: 0.00024,
    speedFactor: 2.5,
  },
  {
    id: 'meta.llama3-3-70b-instruct-v1:0',
    name: 'Llama 3.3 70B Instruct',
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
