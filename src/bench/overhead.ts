import { percentileOfSorted } from '../core/percentiles';
import { type ModelRequest } from '../providers/types';
import { Router, resolveSettings } from '../router';
import { InstantProvider } from './instantProvider';

export interface OverheadResult {
  requests: number;
  directUs: { p50: number; p99: number };
  routerUs: { p50: number; p99: number };
  addedUs: { p50: number; p99: number };
  ratio: number;
  goalUs: number;
}

const REQUEST: ModelRequest = { messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }], maxTokens: 16 };
const ENDPOINT = { model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', profile: 'bench', region: 'us-east-1' };

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentileOfSorted(sorted, 50), p99: percentileOfSorted(sorted, 99) };
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Router overhead: the same in-process provider called directly and through the
 * router (limits, tenant quota, strategy, breaker, timers, records), one request at a
 * time, interleaved in blocks so machine noise hits both sides alike.
 */
export async function benchOverhead(requests: number): Promise<OverheadResult> {
  const provider = new InstantProvider();
  const router = new Router({
    config: resolveSettings({
      targets: [
        { id: 'a', ...ENDPOINT, rpm: 1_000_000, tpm: 1_000_000_000, maxConcurrent: 1000 },
        { id: 'b', ...ENDPOINT, profile: 'bench-b', rpm: 1_000_000, tpm: 1_000_000_000, maxConcurrent: 1000 },
      ],
      routes: [{ name: 'main', targets: ['a', 'b'], strategy: 'shuffle' }],
      quotas: { default: { rpm: 1_000_000, tpm: 1_000_000_000 } },
    }),
    provider,
  });
  const direct: number[] = [];
  const routed: number[] = [];
  const signal = new AbortController().signal;
  const runDirect = async () => {
    const t = performance.now();
    for await (const _ of provider.stream(ENDPOINT, REQUEST, signal)) void _;
    direct.push((performance.now() - t) * 1000);
  };
  const runRouted = async (i: number) => {
    const t = performance.now();
    for await (const _ of router.stream({ tenant: `t${i % 10}`, request: REQUEST })) void _;
    routed.push((performance.now() - t) * 1000);
  };
  // Warm up the JIT on both paths, then measure in alternating blocks.
  for (let i = 0; i < 2000; i++) {
    await runDirect();
    await runRouted(i);
  }
  direct.length = 0;
  routed.length = 0;
  const block = 500;
  for (let done = 0; done < requests; done += block) {
    for (let i = 0; i < block; i++) await runDirect();
    for (let i = 0; i < block; i++) await runRouted(done + i);
  }
  const d = summarize(direct);
  const r = summarize(routed);
  return {
    requests,
    directUs: { p50: round(d.p50), p99: round(d.p99) },
    routerUs: { p50: round(r.p50), p99: round(r.p99) },
    addedUs: { p50: round(r.p50 - d.p50), p99: round(r.p99 - d.p99) },
    ratio: round(r.p50 / d.p50),
    goalUs: 25,
  };
}
