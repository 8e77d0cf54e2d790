import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type DemoEnvironment } from './environment';

export interface RegionQuery {
  profile: string;
  region: string;
  /** Inference profile id, e.g. `us.anthropic.claude-sonnet-4-6`. */
  profileId: string;
  startTime: number;
  endTime: number;
  signal?: AbortSignal;
}

export type RegionCounts = { ok: true; counts: Record<string, number> } | { ok: false; message: string };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Reads which Regions served an inference profile's requests from the model
 * invocation log, with the Logs Insights query the seed's demo uses. On AWS the logs
 * take about a minute to arrive, so it waits, then polls until the query completes.
 */
export async function regionsFromInvocationLog(env: DemoEnvironment, q: RegionQuery): Promise<RegionCounts> {
  const client = env.logsClient(q.profile, q.region);
  const queryString = `filter modelId like /inference-profile\\/${escapeRegex(q.profileId)}/ | stats count(*) as invocationCount by inferenceRegion | sort inferenceRegion`;
  if (env.logWaitMs > 0) await env.clock.sleep(env.logWaitMs, q.signal);
  try {
    const { queryId } = await client.send(
      new StartQueryCommand({ logGroupName: env.logGroup, startTime: Math.floor(q.startTime / 1000) - 60, endTime: Math.ceil(q.endTime / 1000) + 60, queryString }),
      { abortSignal: q.signal },
    );
    for (let poll = 0; poll < 60; poll++) {
      const r = await client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: q.signal });
      if (r.status === 'Complete') {
        const counts: Record<string, number> = {};
        for (const row of r.results ?? []) {
          const region = row.find((f) => f.field === 'inferenceRegion')?.value;
          const n = Number(row.find((f) => f.field === 'invocationCount')?.value ?? 0);
          if (region) counts[region] = n;
        }
        return { ok: true, counts };
      }
      if (r.status === 'Failed' || r.status === 'Cancelled' || r.status === 'Timeout') return { ok: false, message: `the Logs Insights query ended with status ${r.status}` };
      await env.clock.sleep(env.mode === 'aws' ? 2_000 : 50, q.signal);
    }
    return { ok: false, message: 'the Logs Insights query did not complete in time' };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      return { ok: false, message: `model invocation logging is not enabled, or it does not write to the log group ${env.logGroup} in ${q.region} (Bedrock console: Settings, Model invocation logging).` };
    }
    return { ok: false, message: `could not read the invocation log: ${err instanceof Error ? err.message : String(err)}` };
  }
}
