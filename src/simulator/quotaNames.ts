/**
 * Bedrock's runtime quotas as Service Quotas lists them (service code `bedrock`), one
 * set per model: "Cross-Region InvokeModel tokens per minute for ${model}" (calls
 * through an inference profile), "On-demand InvokeModel tokens per minute for ${model}"
 * (calls by model id, for models offered on demand) and "Model invocation max tokens per
 * day for ${model}" (names from "Quotas for the bedrock-runtime endpoint", Amazon
 * Bedrock user guide).
 *
 * AWS quota codes are opaque `L-` + 8 upper-case hex digits (e.g. `L-xxxxxxxx` in the
 * Service Quotas API reference); the simulator derives each from the quota's name, so a
 * code is stable across runs and Regions, as AWS's are.
 */
import { createHash } from 'node:crypto';
import { MODELS, type ModelInfo } from './catalog';
import type { QuotaPool } from './types';

export type QuotaKind = 'cross-region-tpm' | 'on-demand-tpm' | 'tokens-per-day';

export interface BedrockQuota {
  code: string;
  name: string;
  kind: QuotaKind;
  model: ModelInfo;
  /** The pool a per-minute quota belongs to (per-day quotas cover the model in the Region). */
  pool?: QuotaPool;
  adjustable: boolean;
  period: { PeriodValue: number; PeriodUnit: 'MINUTE' | 'DAY' };
  description: string;
}

export function quotaCode(name: string): string {
  return `L-${createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
}

function quota(model: ModelInfo, kind: QuotaKind): BedrockQuota {
  const name =
    kind === 'cross-region-tpm'
      ? `Cross-Region InvokeModel tokens per minute for ${model.quotaName}`
      : kind === 'on-demand-tpm'
        ? `On-demand InvokeModel tokens per minute for ${model.quotaName}`
        : `Model invocation max tokens per day for ${model.quotaName}`;
  const perMinute = kind !== 'tokens-per-day';
  return {
    code: quotaCode(name),
    name,
    kind,
    model,
    ...(kind === 'cross-region-tpm' ? { pool: 'cross-region' as const } : kind === 'on-demand-tpm' ? { pool: 'on-demand' as const } : {}),
    // "Request an increase for Amazon Bedrock quotas": the per-minute quotas are adjustable; the per-day one comes with them.
    adjustable: perMinute,
    period: { PeriodValue: 1, PeriodUnit: perMinute ? 'MINUTE' : 'DAY' },
    description: perMinute
      ? `The maximum number of tokens per minute (input + output, combined) that your account can use for ${model.quotaName} when invoked ${kind === 'cross-region-tpm' ? 'through a cross-Region inference profile' : 'on-demand in a single Region'}.`
      : `The maximum number of tokens per day (input + output, combined) that your account can use for ${model.quotaName}.`,
  };
}

/** Every Bedrock runtime quota, in a stable order (by model, then kind). */
export const BEDROCK_QUOTAS: readonly BedrockQuota[] = MODELS.flatMap((m) => [
  ...(m.profileGeographies.length > 0 ? [quota(m, 'cross-region-tpm')] : []),
  ...(m.onDemandRegions.length > 0 ? [quota(m, 'on-demand-tpm')] : []),
  quota(m, 'tokens-per-day'),
]);

const BY_CODE = new Map(BEDROCK_QUOTAS.map((q) => [q.code, q]));

export function findQuota(code: string): BedrockQuota | undefined {
  return BY_CODE.get(code);
}
