import { type ModelRequest } from '../providers/types';
import { type Admission, type Lease, type LimitSpec, type LimitStore, type LimitUsage, MemoryLimitStore, Router, RouterError, STRATEGIES, type StrategyName, resolveSettings } from '../router';
import { type MaybePromise } from '../router/limits/types';
import { estimateInputTokens } from '../router/tokens';
import { HoldingProvider } from './holdingProvider';

export interface ExactnessRow {
  limiter: string;
  strategy: StrategyName;
  requests: number;
  /** Requests beyond each limit, summed over every limit (goal: 0). */
  overAdmitted: number;
  detail: Record<string, { admitted: number; limit: number }>;
}

const REQUEST: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'count me' }] }], maxTokens: 100 };
const PER_REQUEST_TOKENS = estimateInputTokens(REQUEST) + 100;
const M = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const LIMITS = { a: { rpm: 7 }, b: { tpm: 20 * PER_REQUEST_TOKENS }, c: { maxConcurrent: 3 } } as const;
const TENANTS = { small: { rpm: 11 }, medium: { rpm: 29 }, large: { rpm: 1_000 } } as const;

/**
 * The way many gateways check limits: read the counter, await the cache round trip,
 * then write. Concurrent requests all read the same old count and all pass
 * (LiteLLM issues #2994, #5783, #18116). Here only as the comparison; never used by the product.
 */
class CheckThenWriteStore implements LimitStore {
  private readonly inner = new MemoryLimitStore();
  readonly mode = 'in-process' as const;

  async admit(specs: readonly LimitSpec[], tokens: number, now: number): Promise<Admission> {
    const over = specs.find((s) => {
      const u = this.inner.usage(s.key, now);
      return (s.rpm !== undefined && u.rpm + 1 > s.rpm) || (s.tpm !== undefined && u.tpm + tokens > s.tpm) || (s.concurrency !== undefined && u.inFlight >= s.concurrency);
    });
    await new Promise((r) => setImmediate(r)); // the cache round trip between check and write
    if (over) return { ok: false, key: over.key, limit: 'rpm', used: 0, max: 0, retryAfterMs: undefined, tooLarge: false };
    // Write without checking again: count the request, never refuse it here.
    return this.inner.admit(specs.map((s) => ({ key: s.key, concurrency: s.concurrency === undefined ? undefined : Number.MAX_SAFE_INTEGER })), tokens, now);
  }
  finish(lease: Lease, actualTokens: number, now: number): void {
    this.inner.finish(lease, actualTokens, now);
  }
  setCooldown(key: string, untilMs: number, reason: string, now: number): MaybePromise<void> {
    return this.inner.setCooldown(key, untilMs, reason, now);
  }
  usage(key: string, now: number): LimitUsage {
    return this.inner.usage(key, now);
  }
  clear(): void {
    this.inner.clear();
  }
  get outstanding(): number {
    return this.inner.outstanding;
  }
}

async function run(strategy: StrategyName, store: LimitStore, limiter: string, requests: number): Promise<ExactnessRow> {
  const provider = new HoldingProvider();
  const router = new Router({
    config: resolveSettings({
      targets: (['a', 'b', 'c'] as const).map((id, i) => ({ id, model: M, profile: `p${i}`, region: 'us-east-1', ...LIMITS[id] })),
      routes: [{ name: 'main', targets: ['a', 'b', 'c'], strategy }],
      quotas: { workspaces: TENANTS },
      maxQueueWaitMs: 0,
    }),
    provider,
    store,
  });
  const tenants = Object.keys(TENANTS);
  const admittedByTenant: Record<string, number> = Object.fromEntries(tenants.map((t) => [t, 0]));
  const all = Promise.allSettled(
    Array.from({ length: requests }, async (_, i) => {
      const tenant = tenants[i % tenants.length]!;
      try {
        await router.send({ tenant, request: REQUEST });
        admittedByTenant[tenant]!++;
      } catch (err) {
        if (RouterError.isInstance(err) && err.kind !== 'rate-limited') admittedByTenant[tenant]!++;
      }
    }),
  );
  await provider.releaseAllWhenIdle();
  await all;
  const detail: ExactnessRow['detail'] = {
    'target a (rpm)': { admitted: provider.callsTo('p0'), limit: LIMITS.a.rpm },
    'target b (tpm, as requests)': { admitted: provider.callsTo('p1'), limit: Math.floor(LIMITS.b.tpm / PER_REQUEST_TOKENS) },
    'target c (concurrency)': { admitted: provider.maxInFlight('p2'), limit: LIMITS.c.maxConcurrent },
    ...Object.fromEntries(tenants.filter((t) => t !== 'large').map((t) => [`tenant ${t} (rpm)`, { admitted: admittedByTenant[t]!, limit: TENANTS[t as keyof typeof TENANTS].rpm }])),
  };
  const overAdmitted = Object.values(detail).reduce((sum, d) => sum + Math.max(0, d.admitted - d.limit), 0);
  return { limiter, strategy, requests, overAdmitted, detail };
}

/** 1,000 requests at once against small limits: requests admitted beyond each limit, per strategy. */
export async function benchExactness(requests: number): Promise<ExactnessRow[]> {
  const rows: ExactnessRow[] = [];
  for (const strategy of STRATEGIES) rows.push(await run(strategy, new MemoryLimitStore(), 'resilient-llm (check and reserve in one step)', requests));
  rows.push(await run('shuffle', new CheckThenWriteStore(), 'check, await, then write (as gateways often do)', requests));
  return rows;
}
