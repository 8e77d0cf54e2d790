/**
 * What the router needs to know about a model: limits, capabilities and list prices.
 * Inference profile ids (`us.`, `global.` ...) resolve to their base model.
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
}

export const GEO_PREFIXES = ['us-gov', 'us', 'eu', 'apac', 'jp', 'au', 'ca', 'global'] as const;

const MODELS: ModelInfo[] = [
  { id: 'anthropic.claude-sonnet-4-6', name: 'Claude Sonnet 4.6', contextWindow: 200_000, maxOutputTokens: 64_000, tools: true, images: true, reasoning: true, promptCaching: true, price: { inputPerMillion: 3, outputPerMillion: 15 } },
  { id: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'Claude Haiku 4.5', contextWindow: 200_000, maxOutputTokens: 64_000, tools: true, images: true, reasoning: true, promptCaching: true, price: { inputPerMillion: 1, outputPerMillion: 5 } },
  { id: 'anthropic.claude-opus-4-6-v1', name: 'Claude Opus 4.6', contextWindow: 200_000, maxOutputTokens: 32_000, tools: true, images: true, reasoning: true, promptCaching: true, price: { inputPerMillion: 5, outputPerMillion: 25 } },
  { id: 'anthropic.claude-3-haiku-20240307-v1:0', name: 'Claude 3 Haiku', contextWindow: 200_000, maxOutputTokens: 4_096, tools: true, images: true, reasoning: false, promptCaching: false, price: { inputPerMillion: 0.25, outputPerMillion: 1.25 } },
  { id: 'amazon.nova-pro-v1:0', name: 'Amazon Nova Pro', contextWindow: 300_000, maxOutputTokens: 10_000, tools: true, images: true, reasoning: false, promptCaching: true, price: { inputPerMillion: 0.8, outputPerMillion: 3.2 } },
  { id: 'amazon.nova-lite-v1:0', name: 'Amazon Nova Lite', contextWindow: 300_000, maxOutputTokens: 10_000, tools: true, images: true, reasoning: false, promptCaching: true, price: { inputPerMillion: 0.06, outputPerMillion: 0.24 } },
  { id: 'amazon.nova-micro-v1:0', name: 'Amazon Nova Micro', contextWindow: 128_000, maxOutputTokens: 10_000, tools: true, images: false, reasoning: false, promptCaching: true, price: { inputPerMillion: 0.035, outputPerMillion: 0.14 } },
  { id: 'meta.llama3-3-70b-instruct-v1:0', name: 'Llama 3.3 70B Instruct', contextWindow: 128_000, maxOutputTokens: 8_192, tools: true, images: false, reasoning: false, promptCaching: false, price: { inputPerMillion: 0.72, outputPerMillion: 0.72 } },
];

const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

/** Used for models the catalog does not know (new releases, application inference profiles). */
export const UNKNOWN_MODEL: Omit<ModelInfo, 'id' | 'name'> = {
  contextWindow: 200_000,
  maxOutputTokens: 8_192,
  tools: true,
  images: false,
  reasoning: false,
  promptCaching: false,
  price: { inputPerMillion: 0, outputPerMillion: 0 },
};

/** `us.anthropic.claude-sonnet-4-6` → `anthropic.claude-sonnet-4-6`; ARNs → their last path part. */
export function baseModelId(model: string): string {
  let id = model;
  if (id.startsWith('arn:')) id = id.slice(id.lastIndexOf('/') + 1);
  for (const p of GEO_PREFIXES) if (id.startsWith(`${p}.`)) return id.slice(p.length + 1);
  return id;
}

export function geoPrefix(model: string): (typeof GEO_PREFIXES)[number] | undefined {
  const id = model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return GEO_PREFIXES.find((p) => id.startsWith(`${p}.`));
}

export function modelInfo(model: string): ModelInfo {
  const base = baseModelId(model);
  return BY_ID.get(base) ?? { id: base, name: base, ...UNKNOWN_MODEL };
}

export function knownModels(): readonly ModelInfo[] {
  return MODELS;
}
