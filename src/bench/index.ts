import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTable } from '../demos/format';
import { type SlowRegionRow, benchSlowRegion, slowRegionGoal } from './slowRegion';
import { COST_TTFT_OBJECTIVE_MS, type CostRow, benchCost, costGoal } from './costBench';
import { type ExactnessRow, benchExactness } from './exactness';
import { type FootprintResult, benchFootprint } from './footprint';
import { type OverheadResult, benchOverhead } from './overhead';
import { type AdmissionOverhead, benchAdmission } from './redisOverhead';
import { type QualityRow, benchQuality } from './quality/run';
import { BENCH_TARGETS } from './quality/world';
import { type RealWorldRow, benchRealWorld } from './realWorld/run';
import { BACKGROUND, RW_FAIL_AT, RW_TARGETS } from './realWorld/world';

export interface BenchOptions {
  quick: boolean;
  root: string;
  /** Called with each table as soon as its benchmark finishes. */
  onTable?: (text: string) => void;
  onProgress?: (message: string) => void;
}

export interface BenchResults {
  startedAt: string;
  quick: boolean;
  node: string;
  cpus: number;
  overhead: OverheadResult;
  admission: AdmissionOverhead;
  exactness: ExactnessRow[];
  quality: { minutes: number; load: number; timeScale: number; poolsTpm: string; rows: QualityRow[]; fastestTargetP99Ms: number };
  footprint: FootprintResult;
  cost: { requests: number; timeScale: number; rows: CostRow[] };
  slowRegion: { requests: number; timeScale: number; rows: SlowRegionRow[] };
  realWorld: { minutes: number; load: number; timeScale: number; rows: RealWorldRow[] };
  goals: Array<{ goal: string; met: boolean; value: string }>;
}

const kb = (b?: number) => (b === undefined ? 'not built' : `${(b / 1024).toFixed(0)} KiB`);

export function overheadTable(r: OverheadResult): string {
  return `1. Router overhead (${r.requests} requests, in-process provider that answers at once)\n${textTable(
    ['Path', 'p50 (us)', 'p99 (us)'],
    [
      ['provider called directly', r.directUs.p50, r.directUs.p99],
      ['through the router', r.routerUs.p50, r.routerUs.p99],
      ['added by the router', r.addedUs.p50, r.addedUs.p99],
    ],
  )}\n  ratio (p50): ${r.ratio}x; goal: under ${r.goalUs} us added at the median.`;
}

export function admissionTable(a: AdmissionOverhead): string {
  if ('skipped' in a) return `1b. Admission overhead, Redis vs in-process: not measured (${a.skipped})`;
  return `1b. Admission overhead (admit + settle one request under a target and a tenant, one at a time)\n${textTable(
    ['Limit store', 'Admissions', 'p50 (us)', 'p99 (us)'],
    a.rows.map((r) => [r.store, r.admissions, r.us.p50, r.us.p99]),
  )}`;
}

export function exactnessTable(rows: ExactnessRow[]): string {
  const keys = Object.keys(rows[0]!.detail);
  return `2. Limit exactness (${rows[0]!.requests} requests at once; admitted / limit)\n${textTable(
    ['Limiter', 'Strategy', ...keys, 'Over limit'],
    rows.map((r) => [r.limiter, r.strategy, ...keys.map((k) => `${r.detail[k]!.admitted}/${r.detail[k]!.limit}`), r.overAdmitted]),
  )}`;
}

const ktok = (n: number) => `${(n / 1000).toFixed(0)}k`;

export function qualityTable(q: BenchResults['quality']): string {
  return `3. Routing quality (real SDK + simulator; Bedrock's token quotas, 4 pools of ${q.poolsTpm}; ${q.minutes} simulated min at ${q.load}x capacity, us-west-2 fails at 40%; time scale ${q.timeScale})\n${textTable(
    ['Client', 'Offered', 'Succeeded', 'Goodput/limit (tokens)', 'Throttles/success', 'Failed calls', 'TTFT p50 (ms)', 'TTFT p99 (ms)', 'Fairness'],
    q.rows.map((r) => [r.client, r.offered, r.succeeded, `${(r.goodput * 100).toFixed(1)}% of ${ktok(r.capacity.tokens)}`, `${(r.throttlesPerSuccess * 100).toFixed(2)}%`, r.failedCalls, r.ttftMs.p50, r.ttftMs.p99, r.fairness.toFixed(3)]),
  )}\n  Capacity limit (first row): ${q.rows[0]?.capacity.requests ?? 0} requests, ${ktok(q.rows[0]?.capacity.tokens ?? 0)} quota tokens. Fastest target's own p99 time to first token: ${q.fastestTargetP99Ms} ms.`;
}

const pctText = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;

export function realWorldTable(w: BenchResults['realWorld']): string {
  const pools = RW_TARGETS.map((t) => `${t.id} ${t.tpm / 1000}k`).join(', ');
  return `3d. Real world (real SDK + simulator; Claude Sonnet 4.6 through its US profile, output counted 5x; pools ${pools} tokens/min; input 2k-20k, output 200-4k tokens; another application bursts through 30-60% of ${BACKGROUND.target}; us-west-2 fails at ${RW_FAIL_AT * 100}%; ${w.minutes} simulated min at ${w.load}x the capacity left to us; time scale ${w.timeScale})\n${textTable(
    ['Client', 'Succeeded', 'Goodput/capacity left', 'Throttles/success', 'TTFT p50/p99 (ms)', 'Last token p50/p99 (ms)', 'Fairness', 'Other app served'],
    w.rows.map((r) => [r.client, `${r.succeeded}/${r.offered}`, `${pctText(r.goodput)} of ${ktok(r.capacity.tokens)}`, pctText(r.throttlesPerSuccess), `${r.ttftMs.p50}/${r.ttftMs.p99}`, `${r.ttltMs.p50}/${r.ttltMs.p99}`, r.fairness.toFixed(3), pctText(r.backgroundServed, 0)]),
  )}`;
}

/** Issue 18's goal: client 5 at >= 95% of the capacity left, throttles <= 2% of successes, and better than client 2 on both. */
export function realWorldGoal(rows: readonly RealWorldRow[]): { met: boolean; value: string } {
  const learning = rows.find((r) => r.client.startsWith('5.'));
  const adaptive = rows.find((r) => r.client.startsWith('2.'));
  if (!learning || !adaptive) return { met: false, value: 'not measured' };
  const met = learning.goodput >= 0.95 && learning.throttlesPerSuccess <= 0.02 && learning.goodput > adaptive.goodput && learning.throttlesPerSuccess < adaptive.throttlesPerSuccess;
  return { met, value: `${pctText(learning.goodput)} of capacity left, ${pctText(learning.throttlesPerSuccess)} throttles/success (SDK adaptive: ${pctText(adaptive.goodput)}, ${pctText(adaptive.throttlesPerSuccess)})` };
}

export function costTable(c: BenchResults['cost']): string {
  return `3b. Cost per 1,000 requests (real SDK + simulator; ${c.requests} requests per strategy, none refused, so goodput is equal; Sonnet 4.6, Haiku 4.5, Nova Pro and Nova Lite, whose first token is 1.5 s late; objective: p95 TTFT <= ${COST_TTFT_OBJECTIVE_MS} ms; time scale ${c.timeScale})\n${textTable(
    ['Strategy', 'Answered', 'USD per 1,000', 'TTFT p95 (ms)', 'Meets objective', 'Served by'],
    c.rows.map((r) => [r.strategy, `${r.succeeded}/${r.offered}`, r.costPer1k.toFixed(3), r.ttftP95Ms, r.meetsObjective ? 'yes' : 'no', Object.entries(r.byTarget).map(([k, v]) => `${k} ${v}`).join(', ')]),
  )}`;
}

export function slowRegionTable(s: BenchResults['slowRegion']): string {
  return `3c. Slow Region (real SDK + simulator; ${s.requests} requests per variant over two Regions; 10% of us-east-1's default-tier first tokens 4x later; time scale ${s.timeScale})\n${textTable(
    ['Variant', 'Answered', 'TTFT p99 (ms)', 'vs healthy p99', 'Extra calls'],
    s.rows.map((r) => [r.variant, `${r.answered}/${r.offered}`, r.ttftP99Ms, `${r.vsHealthy}x`, `${r.extraCallsPct}%`]),
  )}`;
}

export function footprintTable(f: FootprintResult): string {
  return `4. Footprint\n${textTable(
    ['What', 'Size'],
    [
      ['packaged .vsix', kb(f.vsixBytes)],
      ['bundled extension (dist/extension.js)', kb(f.extensionBundleBytes)],
      ['bundled CLI (dist/cli.js)', kb(f.cliBundleBytes)],
      [`router heap, ${f.routerTargets} targets x ${f.routerTenants} tenants`, kb(f.routerHeapBytes)],
      ['activation to first routed request (extension host)', f.activationToFirstRequestMs === undefined ? 'not measured here (run npm run test:host first)' : `${Math.round(f.activationToFirstRequestMs)} ms (activate ${Math.round(f.activationMs ?? 0)} ms + first request from a cold backend ${Math.round(f.coldFirstRequestMs ?? 0)} ms)`],
    ],
  )}`;
}

function goals(r: Omit<BenchResults, 'goals'>): BenchResults['goals'] {
  const routers = r.quality.rows.filter((x) => x.client.startsWith('resilient-llm'));
  const worst = (f: (x: QualityRow) => number, max = true) => routers.reduce((acc, x) => (max ? Math.max(acc, f(x)) : Math.min(acc, f(x))), max ? -Infinity : Infinity);
  const minGoodput = worst((x) => x.goodput, false);
  const maxWaste = worst((x) => x.throttlesPerSuccess);
  const maxP99 = worst((x) => x.ttftMs.p99);
  const over = r.exactness.filter((x) => x.limiter.startsWith('resilient-llm')).reduce((s, x) => s + x.overAdmitted, 0);
  return [
    { goal: 'router overhead under 25 us (median)', met: r.overhead.addedUs.p50 < 25, value: `${r.overhead.addedUs.p50} us` },
    { goal: 'requests admitted beyond a limit: exactly 0', met: over === 0, value: String(over) },
    { goal: 'goodput at least 97% of the capacity limit (every strategy)', met: minGoodput >= 0.97, value: `${(minGoodput * 100).toFixed(1)}% (worst strategy)` },
    { goal: 'wasted calls under 1% of successes (every strategy)', met: maxWaste < 0.01, value: `${(maxWaste * 100).toFixed(2)}% (worst strategy)` },
    { goal: "p99 TTFT within 1.25x of the fastest target's p99 (every strategy)", met: maxP99 <= 1.25 * r.quality.fastestTargetP99Ms, value: `${(maxP99 / r.quality.fastestTargetP99Ms).toFixed(2)}x (worst strategy)` },
    { goal: 'slow Region: p99 TTFT within 1.1x of healthy at <= 5% extra calls (hedging or priority)', met: slowRegionGoal(r.slowRegion.rows).met, value: slowRegionGoal(r.slowRegion.rows).value },
    { goal: '`cost` is the cheapest strategy that meets its latency objective', met: costGoal(r.cost.rows).met, value: costGoal(r.cost.rows).value },
    { goal: 'real world: discovered quotas + learning >= 95% of the capacity left, throttles <= 2% of successes, better than the SDK\'s adaptive mode on both', ...realWorldGoal(r.realWorld.rows) },
  ];
}

/** Runs the benchmarks in one process, one after another, and writes the numbers under bench/results/. */
export async function runBench(o: BenchOptions): Promise<{ results: BenchResults; file: string }> {
  const started = new Date();
  o.onProgress?.('router overhead');
  const overhead = await benchOverhead(o.quick ? 5_000 : 20_000);
  o.onTable?.(overheadTable(overhead));
  o.onProgress?.('admission overhead (Redis)');
  const admission = await benchAdmission(o.quick ? 2_000 : 10_000);
  o.onTable?.(admissionTable(admission));
  o.onProgress?.('limit exactness');
  const exactness = await benchExactness(1_000);
  o.onTable?.(exactnessTable(exactness));
  const q = o.quick ? { minutes: 2, load: 1.5, timeScale: 20, seed: 1 } : { minutes: 4, load: 1.5, timeScale: 10, seed: 1 };
  const rows: QualityRow[] = [];
  await benchQuality(q, (row) => {
    rows.push(row);
    o.onProgress?.(`routing quality: ${row.client} done`);
  });
  const routerRows = rows.filter((x) => x.client.startsWith('resilient-llm'));
  const fastestTargetP99Ms = Math.min(...routerRows.flatMap((x) => Object.values(x.ttftP99ByTarget)));
  const quality = { minutes: q.minutes, load: q.load, timeScale: q.timeScale, poolsTpm: `${BENCH_TARGETS.map((t) => t.tpm / 1000).join(', ')}k TPM`, rows, fastestTargetP99Ms };
  o.onTable?.(qualityTable(quality));
  const c = o.quick ? { requests: 200, concurrency: 4, timeScale: 5, seed: 1 } : { requests: 400, concurrency: 4, timeScale: 4, seed: 1 };
  const costRows = await benchCost(c, (row) => o.onProgress?.(`cost: ${row.strategy} done`));
  const cost = { requests: c.requests, timeScale: c.timeScale, rows: costRows };
  o.onTable?.(costTable(cost));
  const sr = o.quick ? { requests: 300, concurrency: 4, timeScale: 5, seed: 1 } : { requests: 600, concurrency: 4, timeScale: 4, seed: 1 };
  const slowRows = await benchSlowRegion(sr, (row) => o.onProgress?.(`slow Region: ${row.variant} done`));
  const slowRegion = { requests: sr.requests, timeScale: sr.timeScale, rows: slowRows };
  o.onTable?.(slowRegionTable(slowRegion));
  const rw = o.quick ? { minutes: 2, load: 1.5, timeScale: 20, seed: 1 } : { minutes: 4, load: 1.5, timeScale: 10, seed: 1 };
  const rwRows = await benchRealWorld(rw, (row) => o.onProgress?.(`real world: ${row.client} done`));
  const realWorld = { minutes: rw.minutes, load: rw.load, timeScale: rw.timeScale, rows: rwRows };
  o.onTable?.(realWorldTable(realWorld));
  o.onProgress?.('footprint');
  const footprint = await benchFootprint(o.root, o.quick);
  o.onTable?.(footprintTable(footprint));
  const partial = { startedAt: started.toISOString(), quick: o.quick, node: process.version, cpus: (await import('node:os')).cpus().length, overhead, admission, exactness, quality, footprint, cost, slowRegion, realWorld };
  const results: BenchResults = { ...partial, goals: goals(partial) };
  const dir = join(o.root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  return { results, file };
}

export function goalsTable(g: BenchResults['goals']): string {
  return `Goals\n${textTable(['Goal', 'Met', 'Value'], g.map((x) => [x.goal, x.met ? 'yes' : 'NO', x.value]))}`;
}
