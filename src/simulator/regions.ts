/**
 * Per-Region configuration and health: capacity (CRIS weight), status, and the
 * latency model's parameters.
 */
import { ALL_REGIONS } from './catalog';
import type { ScenarioRegion } from './scenario';
import type { DegradedBehaviour, RegionConfig, RegionStatus } from './types';

export const DEFAULT_DEGRADED: DegradedBehaviour = { weightFactor: 0.25, latencyFactor: 3, errorRate: 0.2, errorKind: 'unavailable' };

export const DEFAULT_REGION: Omit<RegionConfig, 'degraded'> = { capacity: 1, status: 'healthy', ttftMs: 400, tokensPerSecond: 60, jitter: 0.2 };

function build(overrides: ScenarioRegion | undefined): RegionConfig {
  const { degraded, ...rest } = overrides ?? {};
  return { ...DEFAULT_REGION, ...rest, degraded: { ...DEFAULT_DEGRADED, ...degraded } };
}

export class RegionTable {
  private configured = new Map<string, RegionConfig>();
  private current = new Map<string, RegionConfig>();

  constructor(overrides: Readonly<Record<string, ScenarioRegion>> = {}) {
    for (const region of ALL_REGIONS) this.configured.set(region, build(overrides[region]));
    this.reset();
  }

  get(region: string): RegionConfig {
    const config = this.current.get(region);
    if (!config) throw new Error(`unknown Region ${region}`);
    return config;
  }

  status(region: string): RegionStatus {
    return this.get(region).status;
  }

  setStatus(region: string, status: RegionStatus): void {
    this.get(region).status = status;
  }

  /** Updates a Region's settings at run time (capacity, latency, degraded behaviour). */
  configure(region: string, patch: ScenarioRegion): void {
    const config = this.get(region);
    const { degraded, ...rest } = patch;
    Object.assign(config, rest);
    if (degraded) config.degraded = { ...config.degraded, ...degraded };
  }

  /** CRIS weight: capacity, down-weighted while degraded, zero while down. */
  weight(region: string): number {
    const c = this.get(region);
    if (c.status === 'down') return 0;
    return c.status === 'degraded' ? c.capacity * c.degraded.weightFactor : c.capacity;
  }

  snapshot(): Record<string, RegionConfig> {
    return Object.fromEntries([...this.current].map(([r, c]) => [r, structuredClone(c)]));
  }

  /** Back to the configured state (scenario values). */
  reset(): void {
    this.current = new Map([...this.configured].map(([r, c]) => [r, structuredClone(c)]));
  }
}
