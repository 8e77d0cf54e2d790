import { percentiles } from '../core/percentiles';
import { seededRandom } from '../core/rng';
import { type ModelRequest } from '../providers/types';
import { Router, type RequestRecord, RouterError, resolveSettings } from '../router';
import { type DemoEnvironment, awsEnvironment, simulatedEnvironment } from './environment';
import { crisPattern } from './patterns/cris';
import { fallbackPattern, loadBalancingPattern } from './patterns/fallback';
import { quotaIsolationPattern } from './patterns/quotaIsolation';
import { shardingPattern } from './patterns/sharding';
import { type PatternDefinition, type RunContext } from './patterns/types';
import { type DemoLine, type DemoOptions, type DemoResult, PATTERNS, PATTERN_TITLES, type Pattern } from './types';

/** Generous timeouts: a demo shows routing under limits, not timeouts (a busy machine slows a scaled clock's timers). */
const DEMO_TIMEOUTS = { firstTokenMs: 600_000, totalMs: 3_600_000 };

export interface RunDemoOptions extends DemoOptions {
  /** The `global.` profile variant of the CRIS demo. */
  global?: boolean;
}

function definition(pattern: Pattern, options: RunDemoOptions): PatternDefinition {
  switch (pattern) {
    case 'cris':
      return crisPattern(options.global ? 'global' : 'us');
    case 'sharding':
      return shardingPattern;
    case 'fallback':
      return fallbackPattern;
    case 'load-balancing':
      return loadBalancingPattern;
    case 'quota-isolation':
      return quotaIsolationPattern;
  }
}

export function isPattern(value: string): value is Pattern {
  return (PATTERNS as readonly string[]).includes(value);
}

const prompt = (pattern: Pattern, n: number): ModelRequest => ({
  system: ['You are a concise assistant.'],
  messages: [{ role: 'user', content: [{ type: 'text', text: `Request ${n}: in one sentence, why does ${PATTERN_TITLES[pattern].toLowerCase()} make LLM inference more resilient?` }] }],
  maxTokens: 120,
});

function lineOf(record: RequestRecord, n: number, startedAt: number, error?: RouterError): DemoLine {
  const s = record.servedBy;
  const attempted = record.attempts.at(-1);
  return {
    atMs: record.endedAt - startedAt,
    request: n,
    outcome: record.outcome === 'succeeded' ? 'succeeded' : record.outcome === 'rate-limited' ? 'rate-limited' : 'failed',
    target: s?.targetId ?? attempted?.targetId,
    model: s?.model ?? attempted?.model,
    account: s?.profile ?? attempted?.profile,
    region: s?.region ?? attempted?.region,
    tenant: record.tenant,
    seconds: Math.round(record.totalMs) / 1000,
    message: error?.message,
  };
}

/**
 * Runs one pattern demo: its routes through our router, its requests all at once,
 * against the embedded simulator (seeded, repeatable) or, with `aws`, real Bedrock.
 * Larger `requests` scale every limit in proportion, so the shape of the result holds.
 */
export async function runDemo(pattern: Pattern, options: RunDemoOptions = {}): Promise<DemoResult> {
  const def = definition(pattern, options);
  const scale = (options.requests ?? def.baseRequests) / def.baseRequests;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`--requests must be a positive number, got ${options.requests}`);
  const seed = options.seed ?? def.seed;
  // Every request of a demo is in flight at once, so even 1000 requests take a few simulated
  // seconds: 20x makes that a fraction of a real second without starving timers under load.
  const timeScale = options.timeScale ?? 20;
  const env: DemoEnvironment = options.aws ? awsEnvironment({ logGroup: options.aws.logGroup, logWaitMs: options.aws.logWaitMs }) : await simulatedEnvironment(seed, timeScale);
  try {
    const plan = def.plan(scale, options.aws);
    const router = new Router({ config: resolveSettings({ ...plan.settings, mode: env.mode === 'aws' ? 'aws' : 'simulated', maxQueueWaitMs: 0, timeouts: DEMO_TIMEOUTS }), provider: env.provider, clock: env.clock, random: seededRandom(seed) });
    const startedAt = env.clock.now();
    const records: RequestRecord[] = [];
    const lines: DemoLine[] = [];
    await Promise.all(
      plan.requests.map(async (r, i) => {
        let record: RequestRecord;
        let error: RouterError | undefined;
        try {
          record = (await router.send({ tenant: r.tenant, route: r.route, request: prompt(pattern, i + 1), signal: options.signal })).record;
        } catch (err) {
          if (!RouterError.isInstance(err) || !err.record) throw err;
          record = err.record;
          error = err;
        }
        records.push(record);
        const line = lineOf(record, i + 1, startedAt, error);
        lines.push(line);
        options.onLine?.(line);
      }),
    );
    if (options.signal?.aborted) throw new RouterError('cancelled', 'The demo was cancelled.');
    const endedAt = env.clock.now();
    const ctx: RunContext = { env, plan, records, lines, startedAt, endedAt, signal: options.signal };
    const summary = await def.summarize(ctx);
    const ok = records.filter((r) => r.outcome === 'succeeded');
    const [p50, p95, p99] = percentiles(ok.map((r) => r.totalMs), 50, 95, 99);
    return {
      pattern,
      title: PATTERN_TITLES[pattern] + (options.global && pattern === 'cris' ? ' (global profile)' : ''),
      mode: env.mode,
      seed: env.mode === 'simulated' ? seed : undefined,
      requests: records.length,
      succeeded: ok.length,
      rateLimited: records.filter((r) => r.outcome === 'rate-limited').length,
      failed: records.filter((r) => r.outcome === 'failed' || r.outcome === 'cancelled').length,
      providerThrottles: router.stats.totals.providerThrottles,
      latencyMs: { p50: round(p50), p95: round(p95), p99: round(p99) },
      lines: lines.sort((a, b) => a.atMs - b.atMs || a.request - b.request),
      durationMs: endedAt - startedAt,
      ...summary,
    };
  } finally {
    await env.close();
  }
}

const round = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : Math.round(v));

/** The five demos, one after another. */
export async function runAllDemos(options: RunDemoOptions = {}): Promise<DemoResult[]> {
  const results: DemoResult[] = [];
  for (const p of PATTERNS) {
    if (options.signal?.aborted) break;
    results.push(await runDemo(p, options));
  }
  return results;
}
