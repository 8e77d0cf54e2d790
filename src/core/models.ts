import { findModel, type ServiceTier } from './catalog';

/**
 * What the router needs to know about a model: limits, capabilities and list prices,
 * read from the built-in catalog. Inference profile ids (`us.`, `global.` ...) and ARNs
 * resolve to their base model; unknown models get safe defaults.
 */
export interface ModelInfo {
  /** Base model id, without a geography prefix. */
  id: string;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  tools: boolean;
  images: boolean;
  reasoning: boolean;
  promptCaching: boolean;
  /** USD per million tokens. */
  price: { inputPerMillion: number; outputPerMillion: number };
  /**
   * Quota tokens each output token burns down: 5 for Claude 4-class models, 1 for the others
   * ("How tokens are counted in Amazon Bedrock", Amazon Bedrock user guide). Input counts once.
   */
  outputBurndown: number;
  /** Output tokens Bedrock reserves for a request that sets no maxTokens: the model's maximum output. */
  defaultMaxTokens: number;
  /** The model's name in Service Quotas' Bedrock quota names ("Anthropic Claude Sonnet 4.5"); undefined when unknown. */
  quotaName?: string;
  /** Service tiers the model is served at (always `default`); undefined for a model the catalog does not know (Bedrock decides). */
  serviceTiers?: readonly ServiceTier[];
}

export const GEO_PREFIXES = ['us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca', 'global'] as const;

/** Used for models the catalog does not know (new releases, application inference profiles). */
export const UNKNOWN_MODEL: Omit<ModelInfo, 'id' | 'name'> = {
  contextWindow: 200_000,
  maxOutputTokens: 8_192,
  tools: true,
  images: false,
  reasoning: false,
  promptCaching: false,
  price: { inputPerMillion: 0, outputPerMillion: 0 },
  outputBurndown: 1,
  defaultMaxTokens: 8_192,
};

const idOf = (model: string) => (model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model);

/** `us.anthropic.claude-sonnet-4-6` → `anthropic.claude-sonnet-4-6`; ARNs → their last path part. */
export function baseModelId(model: string): string {
  const id = idOf(model);
  for (const p of GEO_PREFIXES) if (id.startsWith(`${p}.`)) return id.slice(p.length + 1);
  return id;
}

export function geoPrefix(model: string): (typeof GEO_PREFIXES)[number] | undefined {
  const id = idOf(model);
  return GEO_PREFIXES.find((p) => id.startsWith(`${p}.`));
}

export function modelInfo(model: string): ModelInfo {
  const base = baseModelId(model);
  const m = findModel(base);
  if (!m) return { id: base, name: base, ...UNKNOWN_MODEL };
  return {
    id: m.id,
    name: m.name,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    tools: m.supportsTools,
    images: m.supportsImages,
    reasoning: m.supportsReasoning,
    promptCaching: m.supportsPromptCaching,
    price: { inputPerMillion: m.pricePer1kInput * 1000, outputPerMillion: m.pricePer1kOutput * 1000 },
    outputBurndown: m.outputBurndown,
    defaultMaxTokens: m.defaultMaxTokens,
    quotaName: m.quotaName,
    serviceTiers: ['default', ...(m.serviceTiers ?? [])],
  };
}
