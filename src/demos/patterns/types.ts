import { type RequestRecord, type SettingsInput } from '../../router';
import { type DemoEnvironment } from '../environment';
import { type AwsDemoSettings, type DemoLine, type DemoResult, type Pattern } from '../types';

export interface DemoRequest {
  tenant: string;
  route?: string;
}

export interface PatternPlan {
  settings: SettingsInput;
  requests: DemoRequest[];
}

export interface RunContext {
  env: DemoEnvironment;
  plan: PatternPlan;
  records: RequestRecord[];
  lines: DemoLine[];
  startedAt: number;
  endedAt: number;
  signal?: AbortSignal;
}

/** What a pattern adds to the common result: its distribution, tables and notes. */
export type PatternSummary = Pick<DemoResult, 'summary' | 'tables' | 'distributions' | 'notes'> & Partial<Pick<DemoResult, 'byTarget' | 'byRegion' | 'byTenant' | 'byAccount'>>;

export interface PatternDefinition {
  pattern: Pattern;
  /** Requests in the seed's demo; `--requests N` scales limits by N / baseRequests. */
  baseRequests: number;
  /** Simulator seed for this demo's world. */
  seed: number;
  plan(scale: number, aws?: AwsDemoSettings): PatternPlan;
  summarize(ctx: RunContext): Promise<PatternSummary>;
}

/** A limit scaled for a larger run, never below 1. */
export const scaled = (limit: number, scale: number) => Math.max(1, Math.round(limit * scale));

export function countBy<T>(items: readonly T[], key: (t: T) => string | undefined): Record<string, number> {
  // A Map, not `{}`: a key such as "constructor" or "__proto__" must count like any other.
  const out = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return Object.fromEntries(out);
}

export const pct = (n: number, total: number) => (total === 0 ? '0%' : `${Math.round((n / total) * 100)}%`);

/** Rows "key, count, share" sorted by key. */
export function distributionRows(values: Record<string, number>): Array<[string, number, string]> {
  const total = Object.values(values).reduce((a, b) => a + b, 0);
  return Object.keys(values)
    .sort()
    .map((k) => [k, values[k]!, pct(values[k]!, total)]);
}
