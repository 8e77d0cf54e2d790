import { regionsFromInvocationLog } from '../invocationLogs';
import { DEMO_SEEDS } from '../scenario';
import { type PatternDefinition, distributionRows } from './types';

export const CRIS_PROFILE = 'us.anthropic.claude-sonnet-4-6';
export const CRIS_GLOBAL_PROFILE = 'global.anthropic.claude-sonnet-4-6';

/**
 * Pattern 1: requests to a cross-Region inference profile from one source Region,
 * served wherever the geography has capacity. The Region of each request is read back
 * from the model invocation log, as the seed does.
 */
export function crisPattern(variant: 'us' | 'global' = 'us'): PatternDefinition {
  return {
    pattern: 'cris',
    baseRequests: 10,
    seed: DEMO_SEEDS.cris,
    plan(scale, aws) {
      const model = aws ? (variant === 'global' ? (aws.globalCrisModel ?? aws.crisModel) : aws.crisModel) : variant === 'global' ? CRIS_GLOBAL_PROFILE : CRIS_PROFILE;
      const profile = aws?.profiles[0] ?? 'shard-a';
      const region = aws?.region ?? 'us-east-1';
      return {
        settings: { targets: [{ id: 'cris', model, profile, region }], routes: [{ name: 'cris', targets: ['cris'] }] },
        requests: Array.from({ length: Math.round(10 * scale) }, () => ({ tenant: 'demo' })),
      };
    },
    async summarize({ env, plan, startedAt, endedAt, signal }) {
      const target = plan.settings.targets![0]!;
      const logs = await regionsFromInvocationLog(env, { profile: target.profile, region: target.region, profileId: target.model, startTime: startedAt, endTime: endedAt, signal });
      const notes = logs.ok ? [] : [`Region distribution unavailable: ${logs.message}`];
      const byRegion = logs.ok ? logs.counts : {};
      return {
        summary: `Every request went to ${target.region} with the inference profile ${target.model}; Bedrock served each in whichever ${variant === 'global' ? 'commercial' : 'US'} Region had capacity. The Regions come from the model invocation log (field inferenceRegion), read with CloudWatch Logs Insights.`,
        byRegion,
        tables: [{ title: `Regions that served ${target.model} (from the invocation log)`, columns: ['Region', 'Requests', 'Share'], rows: distributionRows(byRegion) }],
        distributions: [{ title: 'Requests by serving Region', dimension: 'region', values: byRegion }],
        notes,
      };
    },
  };
}
