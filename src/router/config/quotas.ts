import { own } from '../../core/dict';
import { type QuotaConfig, type Settings } from './schema';

/**
 * The quota of a workspace (tenant): its own entry under `quotas.workspaces`, else
 * `quotas.default`. Own entries only, so a workspace folder named "constructor",
 * "toString" or "__proto__" gets the default quota, never an inherited, limitless one.
 */
export function workspaceQuota(quotas: Settings['quotas'], tenant: string): { quota: QuotaConfig; own: boolean } {
  const entry = own(quotas.workspaces, tenant);
  return entry ? { quota: entry, own: true } : { quota: quotas.default, own: false };
}
