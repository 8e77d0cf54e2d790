import { DEMO_SEEDS } from '../scenario';
import { type Counts } from '../types';
import { type PatternDefinition, pct, scaled } from './types';

export const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'] as const;

/** Pattern 5: three workspaces share one model; the noisy one (3 RPM) cannot starve the others (10 RPM each). */
export const quotaIsolationPattern: PatternDefinition = {
  pattern: 'quota-isolation',
  baseRequests: 5,
  seed: DEMO_SEEDS.default,
  plan(scale, aws) {
    const perTenant = Math.round(5 * scale);
    return {
      settings: {
        targets: [{ id: 'shared', model: aws?.primaryModel ?? 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: aws?.profiles[0] ?? 'shard-a', region: aws?.region ?? 'us-east-1', rpm: scaled(100, scale) }],
        routes: [{ name: 'shared', targets: ['shared'] }],
        quotas: {
          default: { rpm: scaled(10, scale) },
          workspaces: {
            'tenant-a': { rpm: scaled(3, scale), tpm: scaled(30_000, scale) },
            'tenant-b': { rpm: scaled(10, scale), tpm: scaled(100_000, scale) },
            'tenant-c': { rpm: scaled(10, scale), tpm: scaled(100_000, scale) },
          },
        },
      },
      requests: TENANTS.flatMap((tenant) => Array.from({ length: perTenant }, () => ({ tenant }))),
    };
  },
  async summarize({ records, plan }) {
    const byTenant: Record<string, Counts> = {};
    for (const tenant of TENANTS) {
      const mine = records.filter((r) => r.tenant === tenant);
      byTenant[tenant] = {
        total: mine.length,
        succeeded: mine.filter((r) => r.outcome === 'succeeded').length,
        rateLimited: mine.filter((r) => r.outcome === 'rate-limited').length,
        failed: mine.filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled').length,
      };
    }
    const q = plan.settings.quotas!.workspaces!;
    return {
      summary: `Each workspace has its own quota (tenant-a ${q['tenant-a']!.rpm} RPM, the others ${q['tenant-b']!.rpm} RPM), enforced by the router before any call: tenant-a's excess is rate limited while tenant-b and tenant-c are served in full.`,
      byTenant,
      tables: [
        {
          title: 'Per workspace (tenant)',
          columns: ['Workspace', 'Quota (RPM)', 'Sent', 'Succeeded', 'Rate limited', 'Failed', 'Success rate'],
          rows: TENANTS.map((t) => [t, q[t]!.rpm!, byTenant[t]!.total, byTenant[t]!.succeeded, byTenant[t]!.rateLimited, byTenant[t]!.failed, pct(byTenant[t]!.succeeded, byTenant[t]!.total)]),
        },
      ],
      distributions: [{ title: 'Succeeded by workspace', dimension: 'tenant', values: Object.fromEntries(TENANTS.map((t) => [t, byTenant[t]!.succeeded])) }],
      notes: [],
    };
  },
};
