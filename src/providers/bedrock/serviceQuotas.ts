import { paginateListServiceQuotas } from '@aws-sdk/client-service-quotas';
import { type EndpointAuth } from '../types';
import { type ClientPool } from './clientPool';

/**
 * The Bedrock quotas Service Quotas applies to an account in a Region (`ListServiceQuotas`
 * with service code `bedrock`, Service Quotas API reference), by quota name: "Cross-Region
 * InvokeModel tokens per minute for ${model}", "On-demand InvokeModel tokens per minute for
 * ${model}", "Model invocation max tokens per day for ${model}" ("Quotas for the
 * bedrock-runtime endpoint"). Names, not codes: AWS's codes are opaque.
 */
export async function appliedBedrockQuotas(pool: ClientPool, account: { profile: string; region: string; auth?: EndpointAuth }, signal?: AbortSignal): Promise<Map<string, number>> {
  const client = pool.serviceQuotas(account.profile, account.region, account.auth);
  const out = new Map<string, number>();
  for await (const page of paginateListServiceQuotas({ client, pageSize: 100 }, { ServiceCode: 'bedrock' }, ...(signal ? [{ abortSignal: signal }] : []))) {
    for (const q of page.Quotas ?? []) if (q.QuotaName && typeof q.Value === 'number') out.set(q.QuotaName, q.Value);
  }
  return out;
}

/** "AccessDeniedException: ..." without credentials or request ids, for the log. */
export function quotaErrorText(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}
