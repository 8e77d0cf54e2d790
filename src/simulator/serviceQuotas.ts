/**
 * The Service Quotas API (awsJson1_1, `X-Amz-Target: ServiceQuotasV20190624.<Operation>`,
 * SigV4 service `servicequotas`) for service code `bedrock`, as the Service Quotas API
 * reference shapes it: `ListServiceQuotas` and `GetServiceQuota` (the values applied to
 * the caller's account in the Region it signed for), `ListAWSDefaultServiceQuotas` and
 * `GetAWSDefaultServiceQuota` (AWS's defaults), paginated with `MaxResults` (1-100) and
 * `NextToken`. Other services have no quotas here.
 */
import { awsJsonBody } from './awsJsonBody';
import { randomUUID } from 'node:crypto';
import { findModel, INFERENCE_PROFILES } from './catalog';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { mainPool, MINUTES_PER_DAY, awsDefaultTpm, DEFAULT_QUOTA } from './quotas';
import { BEDROCK_QUOTAS, type BedrockQuota, findQuota } from './quotaNames';
import type { AuthResult } from './sigv4';
import type { SimState } from './state';

export const SERVICE_QUOTAS_TARGET_PREFIX = 'ServiceQuotasV20190624.';
const SERVICE_CODE = 'bedrock';
const SERVICE_NAME = 'Amazon Bedrock';
const DEFAULT_PAGE = 100;

type Json = Record<string, unknown>;

function argument(message: string): SimError {
  return new SimError('IllegalArgumentException', message);
}

function serviceCode(body: Json): void {
  const code = body.ServiceCode;
  if (typeof code !== 'string' || code === '') throw argument("1 validation error detected: Value null at 'serviceCode' failed to satisfy constraint: Member must not be null");
  if (code !== SERVICE_CODE) throw new SimError('NoSuchResourceException', `The request failed because the specified service ${code} does not exist or has no quotas in this simulator (only ${SERVICE_CODE}).`);
}

function quotaArg(body: Json): BedrockQuota {
  const code = body.QuotaCode;
  if (typeof code !== 'string' || code === '') throw argument("1 validation error detected: Value null at 'quotaCode' failed to satisfy constraint: Member must not be null");
  const q = findQuota(code);
  if (!q) throw new SimError('NoSuchResourceException', `The request failed because the specified quota ${code} does not exist for service ${SERVICE_CODE}.`);
  return q;
}

/** AWS's default value: the catalog's per-minute default, and x 1,440 per day. */
function defaultValue(q: BedrockQuota): number {
  const tpm = (pool: 'cross-region' | 'on-demand') => awsDefaultTpm(q.model.id, pool) ?? DEFAULT_QUOTA.tpm;
  if (q.pool) return tpm(q.pool);
  return tpm(mainPool(q.model.id, 'cross-region')) * MINUTES_PER_DAY;
}

/** The value applied to this account in this Region (the scenario's quotas over the baseline). */
function appliedValue(state: SimState, auth: AuthResult, q: BedrockQuota): number {
  const pool = q.pool ?? mainPool(q.model.id, 'cross-region');
  const limits = state.quotas.limits({ profile: auth.account.profile, accountId: auth.account.accountId, sourceRegion: auth.region, modelId: q.model.id, pool });
  return q.pool ? limits.tpm : limits.tokensPerDay;
}

function shape(q: BedrockQuota, region: string, accountId: string | undefined, value: number) {
  return {
    ServiceCode: SERVICE_CODE,
    ServiceName: SERVICE_NAME,
    QuotaArn: `arn:aws:servicequotas:${region}:${accountId ?? ''}:${SERVICE_CODE}/${q.code}`,
    QuotaCode: q.code,
    QuotaName: q.name,
    Value: value,
    Unit: 'None',
    Adjustable: q.adjustable,
    GlobalQuota: false,
    Period: q.period,
    ...(accountId ? { QuotaAppliedAtLevel: 'ACCOUNT' } : {}),
    Description: q.description,
  };
}

function page<T>(items: readonly T[], body: Json): { items: T[]; NextToken?: string } {
  const max = body.MaxResults ?? DEFAULT_PAGE;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) {
    throw argument(`1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  let start = 0;
  if (body.NextToken !== undefined) {
    const decoded = typeof body.NextToken === 'string' ? /^sq:(\d+)$/.exec(Buffer.from(body.NextToken, 'base64').toString('utf8')) : null;
    start = decoded ? Number(decoded[1]) : NaN;
    if (!Number.isInteger(start) || start > items.length) throw new SimError('InvalidPaginationTokenException', 'Invalid input: the pagination token is not valid.');
  }
  const end = start + max;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(`sq:${end}`).toString('base64') } : {}) };
}

/** The quotas of the models callable from `region`: on demand there, or through a profile that serves it. */
function forRegion(region: string): BedrockQuota[] {
  const viaProfile = (modelId: string) => INFERENCE_PROFILES.some((p) => p.modelId === modelId && p.destinationRegions.includes(region));
  const onDemand = (modelId: string) => findModel(modelId)?.onDemandRegions.includes(region) ?? false;
  return BEDROCK_QUOTAS.filter((q) => {
    if (q.kind === 'cross-region-tpm') return viaProfile(q.model.id);
    if (q.kind === 'on-demand-tpm') return onDemand(q.model.id);
    return viaProfile(q.model.id) || onDemand(q.model.id);
  });
}

export function handleServiceQuotas(state: SimState, exchange: Exchange, auth: AuthResult, operation: string, raw: Uint8Array): void {
  const body = awsJsonBody(raw) as Json;
  const { region } = auth;
  const accountId = auth.account.accountId;
  let result: unknown;
  switch (operation) {
    case 'ListServiceQuotas': {
      serviceCode(body);
      const all = typeof body.QuotaCode === 'string' ? [quotaArg(body)] : forRegion(region);
      const { items, NextToken } = page(all, body);
      result = { Quotas: items.map((q) => shape(q, region, accountId, appliedValue(state, auth, q))), ...(NextToken ? { NextToken } : {}) };
      break;
    }
    case 'GetServiceQuota': {
      serviceCode(body);
      const q = quotaArg(body);
      result = { Quota: shape(q, region, accountId, appliedValue(state, auth, q)) };
      break;
    }
    case 'ListAWSDefaultServiceQuotas': {
      serviceCode(body);
      const { items, NextToken } = page(forRegion(region), body);
      result = { Quotas: items.map((q) => shape(q, region, undefined, defaultValue(q))), ...(NextToken ? { NextToken } : {}) };
      break;
    }
    case 'GetAWSDefaultServiceQuota': {
      serviceCode(body);
      const q = quotaArg(body);
      result = { Quota: shape(q, region, undefined, defaultValue(q)) };
      break;
    }
    default:
      throw new SimError('UnknownOperationException', `The simulator does not implement Service Quotas ${operation}.`, 400);
  }
  exchange.respond(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, JSON.stringify(result));
}
