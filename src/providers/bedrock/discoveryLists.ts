import { type FoundationModelSummary, type InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import { INFERENCE_PROFILES, MODELS, type ModelInfo as CatalogModel } from '../../core/catalog';

/** A foundation model an account can call from a Region. */
export interface DiscoveredModel {
  id: string;
  arn: string;
  name: string;
  provider: string;
  /** Takes image input (`inputModalities` has IMAGE). */
  images: boolean;
  streaming: boolean;
  /** `ON_DEMAND` (callable by id), `INFERENCE_PROFILE` (only through a profile), `PROVISIONED`. */
  inferenceTypes: string[];
}

/** A system-defined or application inference profile callable from a Region. */
export interface DiscoveredProfile {
  /** What goes into a target's `model`: the profile id for system profiles, the ARN for application profiles. */
  model: string;
  id: string;
  arn: string;
  name: string;
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
  status: string;
  description?: string;
  /** The foundation model it serves. */
  modelId?: string;
  /** Regions it may be processed in (from its models' ARNs). */
  regions: string[];
  /** Application profiles: the model id or system profile id it copies, when that can be told. */
  copies?: string;
}

const MODEL_ARN = /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]*):\d*:foundation-model\/(.+)$/;

export function fromModelSummary(s: FoundationModelSummary): DiscoveredModel {
  return {
    id: s.modelId ?? '',
    arn: s.modelArn ?? '',
    name: s.modelName ?? s.modelId ?? '',
    provider: s.providerName ?? '',
    images: (s.inputModalities ?? []).includes('IMAGE'),
    streaming: s.responseStreamingSupported ?? false,
    inferenceTypes: [...(s.inferenceTypesSupported ?? [])],
  };
}

/** Application profiles copy a model (one Region, the profile's) or a system profile (the same model in that profile's Regions). */
function copiedSource(region: string, modelId: string | undefined, regions: string[], systemProfiles: readonly DiscoveredProfile[]): string | undefined {
  if (!modelId) return undefined;
  if (regions.length === 1 && regions[0] === region) return modelId;
  const same = (a: readonly string[]) => a.length === regions.length && a.every((r) => regions.includes(r));
  return systemProfiles.find((p) => p.modelId === modelId && same(p.regions))?.id ?? INFERENCE_PROFILES.find((p) => p.modelId === modelId && same(p.destinationRegions))?.id;
}

export function fromProfileSummaries(summaries: readonly InferenceProfileSummary[], region: string): DiscoveredProfile[] {
  const base = summaries.map((s): DiscoveredProfile => {
    const models = (s.models ?? []).map((m) => MODEL_ARN.exec(m.modelArn ?? '')).filter((m): m is RegExpExecArray => m !== null);
    const type = s.type === 'APPLICATION' ? 'APPLICATION' : 'SYSTEM_DEFINED';
    return {
      model: type === 'APPLICATION' ? (s.inferenceProfileArn ?? '') : (s.inferenceProfileId ?? ''),
      id: s.inferenceProfileId ?? '',
      arn: s.inferenceProfileArn ?? '',
      name: s.inferenceProfileName ?? s.inferenceProfileId ?? '',
      type,
      status: s.status ?? 'ACTIVE',
      ...(s.description ? { description: s.description } : {}),
      modelId: models[0]?.[2],
      regions: [...new Set(models.map((m) => m[1] ?? ''))].filter(Boolean),
    };
  });
  const system = base.filter((p) => p.type === 'SYSTEM_DEFINED');
  return base.map((p) => (p.type === 'APPLICATION' ? { ...p, copies: copiedSource(region, p.modelId, p.regions, system) } : p));
}

function callableFrom(m: CatalogModel, region: string): boolean {
  return m.onDemandRegions.includes(region) || INFERENCE_PROFILES.some((p) => p.modelId === m.id && p.destinationRegions.includes(region));
}

/** The built-in catalog's models callable from `region`, shaped like discovery's. */
export function catalogModels(region: string): DiscoveredModel[] {
  return MODELS.filter((m) => callableFrom(m, region)).map((m) => ({
    id: m.id,
    arn: `arn:aws:bedrock:${region}::foundation-model/${m.id}`,
    name: m.name,
    provider: m.provider,
    images: m.supportsImages,
    streaming: true,
    inferenceTypes: m.onDemandRegions.includes(region) ? ['ON_DEMAND'] : ['INFERENCE_PROFILE'],
  }));
}

/** The built-in catalog's system inference profiles callable from `region`. */
export function catalogProfiles(region: string): DiscoveredProfile[] {
  return INFERENCE_PROFILES.filter((p) => p.destinationRegions.includes(region)).map((p) => ({
    model: p.id,
    id: p.id,
    arn: `arn:aws:bedrock:${region}::inference-profile/${p.id}`,
    name: `${p.geography.toUpperCase()} ${MODELS.find((m) => m.id === p.modelId)?.name ?? p.modelId}`,
    type: 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    modelId: p.modelId,
    regions: [...p.destinationRegions],
  }));
}
