import { percentiles } from '../../core/percentiles';
import { regionsFromInvocationLog } from '../invocationLogs';
import { DEMO_SEEDS } from '../scenario';
import { CRIS_PROFILE } from './cris';
import { type DemoResult } from '../types';
import { type PatternDefinition, pct } from './types';

/**
 * Pattern 2: two AWS accounts (profiles), requests alternating between them, each
 * account using the cross-Region profile: twice the quota, and a failure domain per account.
 */
export const shardingPattern: PatternDefinition = {
  pattern: 'sharding',
  baseRequests: 10,
  seed: DEMO_SEEDS.sharding,
  plan(scale, aws) {
    const [a, b] = aws?.profiles ?? ['shard-a', 'shard-b'];
    const model = aws?.crisModel ?? CRIS_PROFILE;
    const region = aws?.region ?? 'us-east-1';
    return {
      settings: {
        targets: [
          { id: a, model, profile: a, region },
          { id: b, model, profile: b, region },
        ],
        routes: [{ name: 'sharded', targets: [a, b], strategy: 'round-robin' }],
      },
      requests: Array.from({ length: Math.round(20 * scale) }, () => ({ tenant: 'demo' })),
    };
  },
  async summarize({ env, plan, records, startedAt, endedAt, signal }) {
    const byAccount: NonNullable<DemoResult['byAccount']> = {};
    const targets = plan.settings.targets!;
    const notes: string[] = [];
    for (const t of targets) {
      const mine = records.filter((r) => (r.servedBy?.profile ?? r.attempts[0]?.profile) === t.profile);
      const ok = mine.filter((r) => r.outcome === 'succeeded');
      const logs = await regionsFromInvocationLog(env, { profile: t.profile, region: t.region, profileId: t.model, startTime: startedAt, endTime: endedAt, signal });
      if (!logs.ok) notes.push(`${t.profile}: Region distribution unavailable: ${logs.message}`);
      const avg = ok.length ? ok.reduce((s, r) => s + r.totalMs, 0) / ok.length / 1000 : 0;
      byAccount[t.profile] = { total: mine.length, succeeded: ok.length, failed: mine.length - ok.length, successRate: mine.length ? ok.length / mine.length : 0, averageSeconds: Math.round(avg * 100) / 100, byRegion: logs.ok ? logs.counts : {} };
    }
    const accounts = Object.keys(byAccount);
    const regions = [...new Set(accounts.flatMap((a) => Object.keys(byAccount[a]!.byRegion)))].sort();
    const [p50] = percentiles(records.map((r) => r.totalMs), 50);
    return {
      summary: `Requests alternated between ${accounts.join(' and ')}, two AWS accounts, so each account's quota carries half the traffic and a problem in one account leaves the other serving. Each account used ${targets[0]!.model}; its Regions come from that account's invocation log. Median time ${((p50 ?? 0) / 1000).toFixed(2)} s.`,
      byAccount,
      tables: [
        { title: 'Per account', columns: ['Account (profile)', 'Total', 'Succeeded', 'Failed', 'Success rate', 'Average time (s)'], rows: accounts.map((a) => { const x = byAccount[a]!; return [a, x.total, x.succeeded, x.failed, pct(x.succeeded, x.total), x.averageSeconds.toFixed(2)]; }) },
        { title: 'Regions per account (from each account\'s invocation log)', columns: ['Account (profile)', ...regions], rows: accounts.map((a) => [a, ...regions.map((r) => byAccount[a]!.byRegion[r] ?? 0)]) },
      ],
      distributions: accounts.map((a) => ({ title: `${a}: requests by serving Region`, dimension: 'region' as const, values: byAccount[a]!.byRegion })),
      notes,
    };
  },
};
