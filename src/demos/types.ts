import { type DemoSettings } from '../router';

/**
 * The five pattern demos, as data. The CLI, the chat's `/demo`, the commands and the
 * dashboard all run demos through `runDemo` (./runner) and render a `DemoResult`.
 */
export const PATTERNS = ['cris', 'sharding', 'fallback', 'load-balancing', 'quota-isolation'] as const;
export type Pattern = (typeof PATTERNS)[number];

export const PATTERN_TITLES: Record<Pattern, string> = {
  cris: 'Cross-Region inference',
  sharding: 'Account sharding',
  fallback: 'Model fallback',
  'load-balancing': 'Load balancing across models',
  'quota-isolation': 'Multi-tenant quota isolation',
};

/** One request's line in the per-request log, printed as it completes. */
export interface DemoLine {
  /** Milliseconds since the demo started (simulated time under a time scale). */
  atMs: number;
  request: number;
  outcome: 'succeeded' | 'rate-limited' | 'failed';
  target?: string;
  model?: string;
  account?: string;
  /** Region the request was sent to; for inference profiles, the Region that served it when known. */
  region?: string;
  tenant?: string;
  seconds: number;
  message?: string;
}

export interface Counts {
  total: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
}

export interface DemoTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** What a chart shows: one bar per key. */
export interface Distribution {
  title: string;
  /** What the keys are: Region, account, target or tenant. */
  dimension: 'region' | 'account' | 'target' | 'tenant';
  values: Record<string, number>;
}

export interface DemoResult {
  pattern: Pattern;
  title: string;
  /** One paragraph: what the demo shows and how to read it. */
  summary: string;
  mode: 'simulated' | 'aws';
  seed?: number;
  requests: number;
  succeeded: number;
  rateLimited: number;
  failed: number;
  providerThrottles: number;
  byTarget?: Record<string, number>;
  byRegion?: Record<string, number>;
  byTenant?: Record<string, Counts>;
  byAccount?: Record<string, { total: number; succeeded: number; failed: number; successRate: number; averageSeconds: number; byRegion: Record<string, number> }>;
  latencyMs: { p50: number; p95: number; p99: number };
  lines: DemoLine[];
  tables: DemoTable[];
  distributions: Distribution[];
  /** Anything the reader should know (e.g. "invocation logging is not enabled"). */
  notes: string[];
  durationMs: number;
}

export interface DemoOptions {
  /** Requests per demo unit (default: the seed's numbers). Larger runs scale the limits in proportion. */
  requests?: number;
  seed?: number;
  /** Simulated ms per real ms; default chosen so scaled runs finish in seconds. */
  timeScale?: number;
  /** Called as each request completes. */
  onLine?: (line: DemoLine) => void;
  signal?: AbortSignal;
  /** Run against real AWS with these settings instead of the simulator. */
  aws?: AwsDemoSettings;
}

/** The `resilientLlm.demo` settings: which of the user's profiles and models the demos use on real AWS. */
export type AwsDemoSettings = DemoSettings;
