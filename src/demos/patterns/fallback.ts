import { type SettingsInput } from '../../router';
import { DEMO_SEEDS } from '../scenario';
import { type AwsDemoSettings } from '../types';
import { type PatternDefinition, countBy, distributionRows, pct, scaled } from './types';

export const PRIMARY_MODEL = 'us.anthropic.claude-sonnet-4-6';
export const FALLBACK_MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

function fallbackTarget(scale: number, aws?: AwsDemoSettings): NonNullable<SettingsInput['targets']>[number] {
  return { id: 'fallback', model: aws?.fallbackModel ?? FALLBACK_MODEL, profile: aws?.profiles[0] ?? 'shard-a', region: aws?.region ?? 'us-east-1', rpm: scaled(25, scale), tpm: scaled(250_000, scale) };
}

/** Pattern 3: a primary model limited to 3 RPM falls back to a second model (25 RPM) when full. */
export const fallbackPattern: PatternDefinition = {
  pattern: 'fallback',
  baseRequests: 10,
  seed: DEMO_SEEDS.default,
  plan(scale, aws) {
    return {
      settings: {
        targets: [{ id: 'primary', model: aws?.primaryModel ?? PRIMARY_MODEL, profile: aws?.profiles[0] ?? 'shard-a', region: aws?.region ?? 'us-east-1', rpm: scaled(3, scale), tpm: scaled(100_000, scale) }, fallbackTarget(scale, aws)],
        routes: [
          { name: 'primary', targets: ['primary'], fallbacks: ['fallback'] },
          { name: 'fallback', targets: ['fallback'] },
        ],
      },
      requests: Array.from({ length: Math.round(10 * scale) }, () => ({ tenant: 'demo' })),
    };
  },
  async summarize({ records, plan }) {
    const byTarget = countBy(records, (r) => r.servedBy?.targetId);
    const ok = records.filter((r) => r.outcome === 'succeeded').length;
    const [primary, fallback] = plan.settings.targets!;
    return {
      summary: `The primary (${primary!.model}, ${primary!.rpm} RPM) took what its limit allows; the router sent the rest to the fallback (${fallback!.model}, ${fallback!.rpm} RPM) without calling the full primary. ${ok} of ${records.length} succeeded.`,
      byTarget,
      tables: [{ title: 'Requests by target', columns: ['Target', 'Requests', 'Share'], rows: distributionRows(byTarget) }],
      distributions: [{ title: 'Requests by target', dimension: 'target', values: byTarget }],
      notes: [`Success rate ${pct(ok, records.length)}.`],
    };
  },
};

/** Pattern 4: two primaries of 3 RPM, shuffled, with the 25 RPM fallback behind them. */
export const loadBalancingPattern: PatternDefinition = {
  pattern: 'load-balancing',
  baseRequests: 10,
  seed: DEMO_SEEDS.default,
  plan(scale, aws) {
    const profile = aws?.profiles[0] ?? 'shard-a';
    const region = aws?.region ?? 'us-east-1';
    return {
      settings: {
        targets: [
          { id: 'primary-1', model: aws?.primaryModel ?? PRIMARY_MODEL, profile, region, rpm: scaled(3, scale), tpm: scaled(100_000, scale) },
          { id: 'primary-2', model: aws?.secondaryModel ?? 'us.amazon.nova-pro-v1:0', profile, region, rpm: scaled(3, scale), tpm: scaled(100_000, scale) },
          fallbackTarget(scale, aws),
        ],
        routes: [
          { name: 'balanced', targets: ['primary-1', 'primary-2'], strategy: 'shuffle', fallbacks: ['fallback'] },
          { name: 'fallback', targets: ['fallback'] },
        ],
      },
      requests: Array.from({ length: Math.round(10 * scale) }, () => ({ tenant: 'demo' })),
    };
  },
  async summarize({ records, plan }) {
    const byTarget = countBy(records, (r) => r.servedBy?.targetId);
    const ok = records.filter((r) => r.outcome === 'succeeded').length;
    const t = plan.settings.targets!;
    return {
      summary: `Requests were shuffled across two primaries (${t[0]!.model} and ${t[1]!.model}, ${t[0]!.rpm} RPM each); when both were full the router fell back to ${t[2]!.model}. ${ok} of ${records.length} succeeded.`,
      byTarget,
      tables: [{ title: 'Requests by target', columns: ['Target', 'Requests', 'Share'], rows: distributionRows(byTarget) }],
      distributions: [{ title: 'Requests by target', dimension: 'target', values: byTarget }],
      notes: [`Success rate ${pct(ok, records.length)}.`],
    };
  },
};
