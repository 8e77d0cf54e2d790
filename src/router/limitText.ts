import { formatMs } from '../core/duration';
import { type Denial } from './limits/types';

const UNITS = { rpm: 'requests per minute', tpm: 'tokens per minute', concurrency: 'requests in flight', tokensPerDay: 'tokens per day' } as const;

/**
 * "at its limit of 3 requests per minute (free in 41 s)", for a target passed over; for its
 * Bedrock pool, "its Bedrock quota pool is at its limit of 200000 tokens per minute (free in 12 s)".
 * `learnt`: the pool's quota, when the denial was of a pool whose limit may have been learnt.
 */
export function targetLimitReason(d: Denial, tokens: number, learnt?: { quotaTpm: number | undefined }): string {
  if (d.limit === 'cooldown') return `cooling down for ${formatMs(d.retryAfterMs ?? 0)} after ${d.reason ?? 'failures'}`;
  const pool = d.key.startsWith('pool:') || d.key.startsWith('pool-day:');
  const whose = pool ? 'its Bedrock quota pool\'s' : 'its';
  if (d.tooLarge) return `this request needs about ${tokens} tokens, more than ${whose} limit of ${d.max} ${UNITS[d.limit]}`;
  const when = d.retryAfterMs !== undefined ? ` (free in ${formatMs(d.retryAfterMs)})` : '';
  // Below the quota: the limit the router learnt from Bedrock's throttles (another client may be using the account).
  if (pool && d.limit === 'tpm' && learnt !== undefined && learnt.quotaTpm !== d.max) {
    return `its Bedrock quota pool is at the ${d.max} tokens per minute learnt from Bedrock's throttles (quota ${learnt.quotaTpm ?? 'unknown'})${when}`;
  }
  return pool ? `its Bedrock quota pool is at its limit of ${d.max} ${UNITS[d.limit]}${when}` : `at its limit of ${d.max} ${UNITS[d.limit]}${when}`;
}

/** The message a tenant (workspace) over its quota reads. */
export function tenantLimitMessage(tenant: string, d: Denial, tokens: number): string {
  if (d.limit === 'cooldown') return `Workspace "${tenant}" is resting for ${formatMs(d.retryAfterMs ?? 0)} after ${d.reason ?? 'failures'}.`;
  if (d.tooLarge) {
    return `This request needs about ${tokens} tokens, more than workspace "${tenant}" may use (${d.max} ${UNITS[d.limit]}). Shorten it, or raise the quota in resilientLlm.quotas (user settings).`;
  }
  const wait = d.retryAfterMs !== undefined ? `; try again in ${formatMs(d.retryAfterMs)}` : '';
  const what = d.limit === 'tokensPerDay' ? `its daily budget of ${d.max} tokens (resets at 00:00 UTC)` : `its quota of ${d.max} ${UNITS[d.limit]}`;
  return `Workspace "${tenant}" has used ${what}${wait}. Quotas are set in resilientLlm.quotas (user settings).`;
}
