/**
 * The Bedrock control plane's discovery operations, as `@aws-sdk/client-bedrock` calls
 * them (restJson1, SigV4 service `bedrock`): `GET /foundation-models` (ListFoundationModels)
 * and `GET /inference-profiles` (ListInferenceProfiles: the system-defined profiles callable
 * from the Region and the account's application inference profiles there).
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationProfile } from './appProfiles';
import { INFERENCE_PROFILES, MODELS, type InferenceProfileInfo, type ModelInfo } from './catalog';
import { deniedMessage, type DiscoveryOperation } from './discoveryPolicy';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { sendJson } from './responses';
import type { SimState } from './state';
import type { SimAccount } from './types';

/** When the simulator's system profiles "were created" (ISO 8601, as the API returns). */
const SYSTEM_PROFILE_CREATED = '2025-01-01T00:00:00Z';
const GEO_NAME: Record<string, string> = { us: 'US', eu: 'EU', apac: 'APAC', global: 'Global' };

export const CONTROL_PATHS: Readonly<Record<string, DiscoveryOperation>> = {
  '/foundation-models': 'ListFoundationModels',
  '/inference-profiles': 'ListInferenceProfiles',
};

const foundationArn = (region: string, modelId: string) => `arn:aws:bedrock:${region}::foundation-model/${modelId}`;

function callableFrom(model: ModelInfo, region: string): boolean {
  return model.onDemandRegions.includes(region) || INFERENCE_PROFILES.some((p) => p.modelId === model.id && p.destinationRegions.includes(region));
}

function modelSummary(model: ModelInfo, region: string) {
  return {
    modelArn: foundationArn(region, model.id),
    modelId: model.id,
    modelName: model.name,
    providerName: model.provider,
    inputModalities: model.supportsImages ? ['TEXT', 'IMAGE'] : ['TEXT'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: true,
    customizationsSupported: [],
    inferenceTypesSupported: model.onDemandRegions.includes(region) ? ['ON_DEMAND'] : ['INFERENCE_PROFILE'],
    modelLifecycle: { status: 'ACTIVE' },
  };
}

function listFoundationModels(region: string, query: URLSearchParams) {
  const provider = query.get('byProvider')?.toLowerCase();
  const output = query.get('byOutputModality');
  const inference = query.get('byInferenceType');
  if (output && !['TEXT', 'IMAGE', 'EMBEDDING'].includes(output)) throw new SimError('ValidationException', `1 validation error detected: Value '${output}' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]`);
  if (inference && !['ON_DEMAND', 'PROVISIONED'].includes(inference)) throw new SimError('ValidationException', `1 validation error detected: Value '${inference}' at 'byInferenceType' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]`);
  // The simulated models generate text and none can be customized.
  if (query.get('byCustomizationType') || (output && output !== 'TEXT')) return { modelSummaries: [] };
  const models = MODELS.filter((m) => callableFrom(m, region))
    .filter((m) => !provider || m.provider.toLowerCase() === provider)
    .filter((m) => !inference || (inference === 'ON_DEMAND' && m.onDemandRegions.includes(region)));
  return { modelSummaries: models.map((m) => modelSummary(m, region)) };
}

function systemSummary(p: InferenceProfileInfo, region: string, accountId: string) {
  const model = MODELS.find((m) => m.id === p.modelId)!;
  return {
    inferenceProfileName: `${GEO_NAME[p.geography] ?? p.geography.toUpperCase()} ${model.provider} ${model.name.replace(/^(Amazon|Meta) /, '')}`,
    description: `Routes requests to ${model.name} in ${p.destinationRegions.join(', ')}.`,
    createdAt: SYSTEM_PROFILE_CREATED,
    updatedAt: SYSTEM_PROFILE_CREATED,
    inferenceProfileArn: `arn:aws:bedrock:${region}:${accountId}:inference-profile/${p.id}`,
    models: p.destinationRegions.map((r) => ({ modelArn: foundationArn(r, p.modelId) })),
    inferenceProfileId: p.id,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

function applicationSummary(p: ApplicationProfile) {
  const created = new Date(p.createdAt).toISOString();
  return {
    inferenceProfileName: p.name,
    ...(p.description ? { description: p.description } : {}),
    createdAt: created,
    updatedAt: created,
    inferenceProfileArn: p.arn,
    models: p.regions.map((r) => ({ modelArn: foundationArn(r, p.model.id) })),
    inferenceProfileId: p.id,
    status: 'ACTIVE',
    type: 'APPLICATION',
  };
}

function page<T>(items: T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const rawMax = query.get('maxResults');
  const max = rawMax === null ? 1000 : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new SimError('ValidationException', `1 validation error detected: Value '${rawMax}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`);
  const token = query.get('nextToken');
  const start = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new SimError('ValidationException', 'The pagination token is invalid.');
  const end = start + max;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString('base64') : undefined };
}

function listInferenceProfiles(state: SimState, account: SimAccount, region: string, query: URLSearchParams) {
  const type = query.get('type');
  if (type && type !== 'SYSTEM_DEFINED' && type !== 'APPLICATION') throw new SimError('ValidationException', `1 validation error detected: Value '${type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`);
  const system = type === 'APPLICATION' ? [] : INFERENCE_PROFILES.filter((p) => p.destinationRegions.includes(region)).map((p) => systemSummary(p, region, account.accountId));
  const application = type === 'SYSTEM_DEFINED' ? [] : state.applicationProfiles.list(account.accountId, region).map(applicationSummary);
  const { items, nextToken } = page([...system, ...application], query);
  return { inferenceProfileSummaries: items, ...(nextToken ? { nextToken } : {}) };
}

/** Serves one discovery operation for an authenticated account. */
export function handleControlPlane(state: SimState, exchange: Exchange, account: SimAccount, region: string, operation: DiscoveryOperation): void {
  if (state.discovery.isDenied(account.profile, operation)) throw new SimError('AccessDeniedException', deniedMessage(account.accountId, account.profile, operation));
  const query = new URLSearchParams(exchange.query);
  const body = operation === 'ListFoundationModels' ? listFoundationModels(region, query) : listInferenceProfiles(state, account, region, query);
  sendJson(exchange, 200, body, { 'x-amzn-requestid': randomUUID() });
}
