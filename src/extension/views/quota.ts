/** The workspace's (tenant's) quota and its use right now. No `vscode` import. */
import { type LimitUsage, type Router, workspaceQuota } from '../../router';

export interface TenantQuota {
  name: string;
  /** `own`: an entry under quotas.workspaces; `default`: quotas.default. */
  source: 'own' | 'default';
  quota: { rpm?: number; tpm?: number; tokensPerDay?: number };
  usage: LimitUsage;
}

export function tenantQuota(router: Router, tenant: string): TenantQuota {
  const { quota, own } = workspaceQuota(router.configuration.settings.quotas, tenant);
  const spec = router.tenantSpec(tenant);
  return { name: tenant, source: own ? 'own' : 'default', quota: { ...quota }, usage: router.store.usage(spec?.key ?? `tenant:${tenant}`, router.clock.now()) };
}

export const num = (n: number) => Math.round(n).toLocaleString('en-US');

const of = (used: number, max: number | undefined, unit: string) => (max === undefined ? `${num(used)} ${unit} (no limit)` : `${num(used)} of ${num(max)} ${unit}`);

/** `Workspace "x" (default quota): 2 of 60 requests per minute · 1,200 of 500,000 tokens per minute · 1,200 of 5,000,000 tokens today` */
export function quotaText(t: TenantQuota): string {
  const parts = [of(t.usage.rpm, t.quota.rpm, 'requests per minute'), of(t.usage.tpm, t.quota.tpm, 'tokens per minute'), of(t.usage.tokensToday, t.quota.tokensPerDay, 'tokens today')];
  if (t.usage.inFlight > 0) parts.push(`${t.usage.inFlight} in flight`);
  return `Workspace "${t.name}" (${t.source === 'own' ? 'its own quota' : 'default quota'}): ${parts.join(' · ')}`;
}
