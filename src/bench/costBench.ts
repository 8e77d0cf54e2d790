import { drive, sideBySide } from './sideBySide';
import { percentiles } from '../core/percentiles';
import { seededRandom } from '../core/rng';
import { RouterError, STRATEGIES, Router, resolveSettings } from '../router';
import { type Scenario } from '../simulator';
import { withSimulatedBedrock } from './simulatedBedrock';

/** Four models at four prices; the cheapest (Nova Lite) answers its first token 1.5 s late. */
const COST_TARGETS = [
  { id: 'sonnet', model: 'us.anthropic.claude-sonnet-4-6' },
  { id: 'haiku', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
  { id: 'nova-pro', model: 'amazon.nova-pro-v1:0' },
  { id: 'nova-lite', model: 'amazon.nova-lite-v1:0' },
];
export const COST_TTFT_OBJECTIVE_MS = 800;
const REGION = { ttftMs: 400, tokensPerSecond: 90, jitter: 0.1 };

function costScenario(seed: number): Scenario {
  return {
    seed,
    accounts: [{ profile: 'bench-a', accountId: '555555555555', defaultRegion: 'us-east-1' }],
    regions: { 'us-east-1': REGION, 'us-east-2': REGION, 'us-west-2': REGION },
    faults: [{ type: 'slowFirstToken', extraMs: 1_500, scope: { model: 'amazon.nova-lite-v1:0' } }],
  };
}

export interface CostRow {
  strategy: string;
  offered: number;
  succeeded: number;
  /** USD per 1,000 answered requests. */
  costPer1k: number;
  ttftP95Ms: number;
  meetsObjective: boolean;
  byTarget: Record<string, number>;
}

export interface CostOptions {
  requests: number;
  /** Requests in flight at once (no limit binds: every strategy answers all, so goodput is equal). */
  concurrency: number;
  timeScale: number;
  seed: number;
}

async function runStrategy(strategy: (typeof STRATEGIES)[number], o: CostOptions): Promise<CostRow> {
  return withSimulatedBedrock({ seed: o.seed, timeScale: o.timeScale, scenario: costScenario(o.seed), name: 'cost' }, async ({ sim, provider }) => {
    const router = new Router({
      config: resolveSettings({
        targets: COST_TARGETS.map((t) => ({ ...t, profile: 'bench-a', region: 'us-east-1' })),
        routes: [{ name: 'bench', targets: COST_TARGETS.map((t) => t.id), strategy, ttftObjectiveMs: COST_TTFT_OBJECTIVE_MS }],
        maxQueueWaitMs: 0,
      }),
      provider,
      clock: sim.clock,
      random: seededRandom(o.seed),
    });
    let cost = 0;
    const ttfts: number[] = [];
    const byTarget: Record<string, number> = {};
    await drive(o, async (n) => {
      try {
        const { record } = await router.send({ tenant: 'bench', request: { messages: [{ role: 'user', content: [{ type: 'text', text: `Cost benchmark request ${n}: one sentence on thrift.` }] }], maxTokens: 120 } });
        cost += record.costUsd ?? 0;
        ttfts.push(record.ttftMs ?? 0);
        const id = record.servedBy!.targetId;
        byTarget[id] = (byTarget[id] ?? 0) + 1;
      } catch (err) {
        if (!RouterError.isInstance(err)) throw err;
      }
    });
    const p95 = Math.round(percentiles(ttfts, 95)[0] ?? 0);
    return { strategy, offered: o.requests, succeeded: ttfts.length, costPer1k: ttfts.length ? (cost / ttfts.length) * 1_000 : 0, ttftP95Ms: p95, meetsObjective: p95 <= COST_TTFT_OBJECTIVE_MS, byTarget };
  });
}

/** Cost per 1,000 requests for every strategy on the same traffic, side by side. */
export async function benchCost(o: CostOptions, onRow?: (row: CostRow) => void): Promise<CostRow[]> {
  return sideBySide(STRATEGIES, (s) => runStrategy(s, o), onRow);
}

/** Met when `cost` meets the objective and no strategy that meets it is cheaper. */
export function costGoal(rows: readonly CostRow[]): { met: boolean; value: string } {
  const cost = rows.find((r) => r.strategy === 'cost');
  if (!cost) return { met: false, value: 'no cost row' };
  const cheaperMeeting = rows.filter((r) => r.strategy !== 'cost' && r.meetsObjective && r.costPer1k < cost.costPer1k);
  const met = cost.meetsObjective && cheaperMeeting.length === 0;
  return { met, value: `$${cost.costPer1k.toFixed(3)} per 1,000 at p95 TTFT ${cost.ttftP95Ms} ms${cheaperMeeting.length ? `; cheaper and meeting: ${cheaperMeeting.map((r) => r.strategy).join(', ')}` : ''}` };
}
