/**
 * Injected faults: rules with a scope, a rate (seeded) and an optional count
 * (a burst), plus "model not ready" markers. `decide` is called once per admitted
 * request, after its inference Region is known.
 */
import { faultError, type SimError, type StreamExceptionKind } from './errors';
import type { RandomStreams } from './random';
import type { FaultRule, FaultSpec, Scope } from './types';

export interface FaultContext {
  profile: string;
  sourceRegion: string;
  /** Region serving the request. */
  region: string;
  foundationModelId: string;
  requestedModelId: string;
  /** Streaming operations can fail mid-stream; others cannot. */
  streaming: boolean;
  /** The request's service tier, when it set one. */
  serviceTier?: string;
}

export type Disruption =
  | { type: 'error'; error: SimError }
  | { type: 'hang'; afterTokens: number }
  | { type: 'reset'; afterTokens: number }
  | { type: 'midStream'; afterTokens: number; kind: StreamExceptionKind; message?: string };

export interface FaultDecision {
  disruption?: Disruption;
  /** Extra simulated ms before the first token. */
  extraFirstTokenMs: number;
}

export function scopeMatches(scope: Scope | undefined, ctx: Omit<FaultContext, 'streaming'>): boolean {
  if (!scope) return true;
  if (scope.profile !== undefined && scope.profile !== ctx.profile) return false;
  if (scope.region !== undefined && scope.region !== ctx.region) return false;
  if (scope.sourceRegion !== undefined && scope.sourceRegion !== ctx.sourceRegion) return false;
  if (scope.model !== undefined && scope.model !== ctx.foundationModelId && scope.model !== ctx.requestedModelId) return false;
  if (scope.serviceTier !== undefined && scope.serviceTier !== (ctx.serviceTier ?? 'default')) return false;
  return true;
}

export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private notReady: Array<{ model: string; region?: string }> = [];

  constructor(
    private readonly streams: RandomStreams,
    private readonly configured: readonly FaultSpec[] = [],
    private readonly configuredNotReady: ReadonlyArray<{ model: string; region?: string }> = [],
  ) {
    this.reset();
  }

  /** Adds a fault rule; returns its id (for `remove`). */
  add(spec: FaultSpec): string {
    const id = `f${this.nextId++}`;
    this.rules.push({ ...structuredClone(spec), id, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => structuredClone(r));
  }

  /** Marks a model (foundation or profile id) not ready, everywhere or in one source Region; `ready: true` undoes it. */
  setModelNotReady(model: string, notReady: boolean, region?: string): void {
    this.notReady = this.notReady.filter((m) => !(m.model === model && m.region === region));
    if (notReady) this.notReady.push(region === undefined ? { model } : { model, region });
  }

  modelsNotReady(): Array<{ model: string; region?: string }> {
    return this.notReady.map((m) => ({ ...m }));
  }

  isModelNotReady(foundationModelId: string, requestedModelId: string, sourceRegion: string): boolean {
    return this.notReady.some((m) => (m.model === foundationModelId || m.model === requestedModelId) && (m.region === undefined || m.region === sourceRegion));
  }

  /** Removes every fault, including the scenario's. */
  clear(): void {
    this.rules = [];
    this.notReady = [];
  }

  /** Back to the scenario's faults, with burst counters and random streams rewound. */
  reset(): void {
    this.rules = [];
    this.nextId = 1;
    for (const spec of this.configured) this.add(spec);
    this.notReady = this.configuredNotReady.map((m) => ({ ...m }));
  }

  decide(ctx: FaultContext): FaultDecision {
    const decision: FaultDecision = { extraFirstTokenMs: 0 };
    for (const rule of this.rules) {
      if (rule.type === 'midStream' && !ctx.streaming) continue;
      const terminal = rule.type !== 'slowFirstToken';
      if (terminal && decision.disruption) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (!scopeMatches(rule.scope, ctx)) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && this.streams.stream('fault', rule.id).next() >= rate) continue;
      rule.fired++;
      decision.disruption = disruptionOf(rule, ctx.streaming) ?? decision.disruption;
      if (rule.type === 'slowFirstToken') decision.extraFirstTokenMs += rule.extraMs;
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.fired < r.count);
    return decision;
  }
}

function disruptionOf(rule: FaultRule, streaming: boolean): Disruption | undefined {
  const after = (n: number | undefined) => (streaming ? (n ?? 0) : 0);
  switch (rule.type) {
    case 'error':
      return { type: 'error', error: faultError(rule.kind, rule.message) };
    case 'hang':
      return { type: 'hang', afterTokens: after(rule.afterTokens) };
    case 'reset':
      return { type: 'reset', afterTokens: after(rule.afterTokens) };
    case 'midStream':
      return { type: 'midStream', afterTokens: rule.afterTokens, kind: rule.kind ?? 'model-stream-error', message: rule.message };
    case 'slowFirstToken':
      return undefined;
  }
}
