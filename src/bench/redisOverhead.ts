import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { percentileOfSorted } from '../core/percentiles';
import { type LimitSpec, type LimitStore, MemoryLimitStore, RedisLimitStore } from '../router';
import { RedisServer } from './redisServer';

export interface AdmissionOverheadRow {
  store: string;
  admissions: number;
  /** Admit + finish, one at a time, microseconds. */
  us: { p50: number; p99: number };
}

export type AdmissionOverhead = { rows: AdmissionOverheadRow[] } | { skipped: string };

const SPECS: LimitSpec[] = [
  { key: 'target:bench', rpm: 1_000_000, tpm: 1_000_000_000, concurrency: 1_000 },
  { key: 'tenant:bench', rpm: 1_000_000, tpm: 1_000_000_000, tokensPerDay: 1_000_000_000_000 },
];

async function measure(name: string, store: LimitStore, n: number): Promise<AdmissionOverheadRow> {
  const samples: number[] = [];
  for (let i = 0; i < n + 200; i++) {
    const t = performance.now();
    const a = await store.admit(SPECS, 100, Date.now());
    if (!a.ok) throw new Error(`benchmark admission refused: ${a.limit}`);
    await store.finish(a.lease, 80, Date.now());
    if (i >= 200) samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { store: name, admissions: n, us: { p50: round(percentileOfSorted(samples, 50)), p99: round(percentileOfSorted(samples, 99)) } };
}

/** Admission plus settlement, in-process and through a local redis-server (one Lua round trip each). */
export async function benchAdmission(n: number): Promise<AdmissionOverhead> {
  if (spawnSync('redis-server', ['--version']).error) return { skipped: 'redis-server is not installed (apt-get install redis-server)' };
  const server = await RedisServer.start();
  const redis = new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    return { rows: [await measure('in-process (MemoryLimitStore)', new MemoryLimitStore(), n), await measure('shared (RedisLimitStore, loopback)', new RedisLimitStore({ redis, keyPrefix: 'bench:' }), n)] };
  } finally {
    redis.disconnect();
    await server.dispose();
  }
}
