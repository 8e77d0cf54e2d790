import { drive } from './sideBySide';
import { percentiles } from '../core/percentiles';
import { seededRandom } from '../core/rng';
import { RouterError, Router, type SettingsInput, resolveSettings } from '../router';
import { type Scenario } from '../simulator';
import { withSimulatedBedrock } from './simulatedBedrock';

const MODEL = 'amazon.nova-pro-v1:0';
const REGION = { ttftMs: 400, tokensPerSecond: 120, jitter: 0.1 };
/** The slow Region: 10% of its default-tier requests get their first token 4x later (400 ms + 1,200 ms). */
const SLOW_REGION = 'us-east-1';

function scenario(seed: number, slow: boolean): Scenario {
  return {
    seed,
    accounts: [{ profile: 'bench-a', accountId: '666666666666', defaultRegion: 'us-east-1' }],
    regions: { 'us-east-1': REGION, 'us-west-2': REGION },
    faults: slow ? [{ type: 'slowFirstToken', extraMs: 1_200, rate: 0.1, scope: { region: SLOW_REGION, serviceTier: 'default' } }] : [],
  };
}

export interface SlowRegionRow {
  variant: string;
  answered: number;
  offered: number;
  ttftP99Ms: number;
  /** p99 against the healthy run's p99. */
  vsHealthy: number;
  /** Provider calls beyond one per request, as a share of requests. */
  extraCallsPct: number;
}

interface Variant {
  name: string;
  slow: boolean;
  route: Record<string, unknown>;
  settings?: Partial<SettingsInput>;
}

/** Hedging is on by default for this route (two Regions), so the variants without it say `hedge: false`. */
const VARIANTS: Variant[] = [
  { name: 'healthy (no slow Region, no hedging)', slow: false, route: { hedge: false } },
  { name: 'slow Region, no hedging', slow: true, route: { hedge: false } },
  { name: 'slow Region, hedging (p95, 5% budget)', slow: true, route: { hedge: { budgetPercent: 5, minDelayMs: 0 } } },
  { name: 'slow Region, hedging by default (no setting)', slow: true, route: {} },
  { name: 'slow Region, escalate to priority', slow: true, route: { escalateToPriority: true, hedge: false }, settings: { timeouts: { firstTokenMs: 1_200, totalMs: 60_000 } } },
];

async function runVariant(v: Variant, o: { requests: number; concurrency: number; timeScale: number; seed: number }): Promise<Omit<SlowRegionRow, 'vsHealthy'>> {
  return withSimulatedBedrock({ seed: o.seed, timeScale: o.timeScale, scenario: scenario(o.seed, v.slow), name: 'slow' }, async ({ sim, provider }) => {
    const router = new Router({
      config: resolveSettings({
        targets: [
          { id: 'east', model: MODEL, profile: 'bench-a', region: 'us-east-1' },
          { id: 'west', model: MODEL, profile: 'bench-a', region: 'us-west-2' },
        ],
        routes: [{ name: 'bench', targets: ['east', 'west'], strategy: 'round-robin', ...v.route }],
        maxQueueWaitMs: 0,
        ...v.settings,
      }),
      provider,
      clock: sim.clock,
      random: seededRandom(o.seed),
    });
    let calls = 0;
    const ttfts: number[] = [];
    await drive(o, async (n) => {
      try {
        const { record } = await router.send({ tenant: 'bench', request: { messages: [{ role: 'user', content: [{ type: 'text', text: `Slow Region request ${n}.` }] }], maxTokens: 40 } });
        calls += record.attempts.length;
        ttfts.push(record.ttftMs ?? 0);
      } catch (err) {
        if (!RouterError.isInstance(err)) throw err;
      }
    });
    return { variant: v.name, answered: ttfts.length, offered: o.requests, ttftP99Ms: Math.round(percentiles(ttfts, 99)[0] ?? 0), extraCallsPct: ttfts.length ? Math.round(((calls - ttfts.length) / ttfts.length) * 1000) / 10 : 0 };
  });
}

/** The slow-Region comparison: healthy, then no hedging, hedging and escalation to priority, side by side. */
export async function benchSlowRegion(o: { requests: number; concurrency: number; timeScale: number; seed: number }, onRow?: (row: SlowRegionRow) => void): Promise<SlowRegionRow[]> {
  const rows: SlowRegionRow[] = [];
  let healthy = 0;
  for (const v of VARIANTS) {
    const r = await runVariant(v, o);
    if (!v.slow) healthy = r.ttftP99Ms;
    const row = { ...r, vsHealthy: healthy ? Math.round((r.ttftP99Ms / healthy) * 100) / 100 : 0 };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

/** Goal: some way of answering the slow Region keeps p99 within 1.1x of healthy at <= 5% extra calls. */
export function slowRegionGoal(rows: readonly SlowRegionRow[]): { met: boolean; value: string } {
  const tried = rows.filter((r) => r.variant.startsWith('slow Region,') && !r.variant.includes('no hedging'));
  const best = [...tried].sort((a, b) => a.vsHealthy - b.vsHealthy)[0];
  if (!best) return { met: false, value: 'not run' };
  const met = tried.some((r) => r.answered === r.offered && r.vsHealthy <= 1.1 && r.extraCallsPct <= 5);
  return { met, value: `best: ${best.variant}, ${best.vsHealthy}x at ${best.extraCallsPct}% extra calls, ${best.answered}/${best.offered} answered` };
}
