import { type ModelInfo, modelInfo } from '../core/models';
import { type Endpoint } from '../providers/types';
import { type CooldownConfig, type TargetConfig } from './config/schema';
import { TargetHealth } from './health';
import { type LimitSpec } from './limits/types';

const EWMA_WEIGHT = 0.2;

/** A target's live state: its configuration, breaker, load and measured latency. */
export class TargetRuntime {
  inFlight = 0;
  outstandingTokens = 0;
  ttftMs: number | undefined;
  readonly health: TargetHealth;
  readonly endpoint: Endpoint;
  readonly info: ModelInfo;
  readonly key: string;

  constructor(
    public config: TargetConfig,
    cooldown: CooldownConfig,
  ) {
    this.health = new TargetHealth(cooldown);
    this.endpoint = { model: config.model, profile: config.profile, region: config.region };
    this.info = modelInfo(config.model);
    this.key = TargetRuntime.keyOf(config);
  }

  /** Store key: the id plus where it sends, so re-pointing a target starts it afresh. */
  static keyOf(c: TargetConfig): string {
    return `target:${c.id}:${c.profile}:${c.region}:${c.model}`;
  }

  get id(): string {
    return this.config.id;
  }

  get contextWindow(): number {
    return this.config.contextWindow ?? this.info.contextWindow;
  }

  get maxOutputTokens(): number {
    return this.config.maxOutputTokens ?? this.info.maxOutputTokens;
  }

  get price(): { inputPerMillion: number; outputPerMillion: number } {
    return this.config.price ?? this.info.price;
  }

  get limitSpec(): LimitSpec {
    return { key: this.key, rpm: this.config.rpm, tpm: this.config.tpm, concurrency: this.config.maxConcurrent };
  }

  recordTtft(ms: number): void {
    this.ttftMs = this.ttftMs === undefined ? ms : this.ttftMs * (1 - EWMA_WEIGHT) + ms * EWMA_WEIGHT;
  }

  costUsd(inputTokens: number, outputTokens: number): number {
    const p = this.price;
    return (inputTokens * p.inputPerMillion + outputTokens * p.outputPerMillion) / 1_000_000;
  }
}

/**
 * Builds the runtime table for a configuration, carrying over the state of every
 * target whose id and endpoint are unchanged (its limits may change; its windows,
 * breaker and latency history stay).
 */
export function reconcileTargets(previous: ReadonlyMap<string, TargetRuntime>, targets: Iterable<TargetConfig>, cooldown: CooldownConfig): Map<string, TargetRuntime> {
  const next = new Map<string, TargetRuntime>();
  for (const config of targets) {
    const old = previous.get(config.id);
    if (old && old.key === TargetRuntime.keyOf(config)) {
      old.config = config;
      old.health.configure(cooldown);
      next.set(config.id, old);
    } else {
      next.set(config.id, new TargetRuntime(config, cooldown));
    }
  }
  return next;
}
