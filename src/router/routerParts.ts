import { type ChangeSignal } from '../core/changeSignal';
import { type Clock } from '../core/clock';
import { type Random } from '../core/rng';
import { type ModelProvider, type StreamEvent } from '../providers/types';
import { type PoolTable } from './limits/pools';
import { type HedgeBudget } from './hedge';
import { type LimitStore } from './limits/types';
import { type RequestRecord, type ServedBy } from './records';
import { type RegionHealth } from './regionHealth';
import { type RetryBudget } from './retryBudget';
import { type RouterStats } from './stats';
import { type Strategy } from './strategies';
import { type TargetRuntime } from './targets';

export type RouterEvent =
  | StreamEvent
  /** What the router is doing, for people: "sonnet-a throttled; trying sonnet-b". */
  | { type: 'progress'; message: string }
  /** The first token arrived from this target: the answer is committed to it. */
  | { type: 'served'; servedBy: ServedBy; attempt: number; fallbackDepth: number }
  /** Always the last event of a successful stream. */
  | { type: 'record'; record: RequestRecord };

/**
 * What the attempt loop works with, shared by every request of one `Router`: its policies
 * (retry budget, Region health), the limit store, the live target and strategy tables, and
 * where it reports (stats, change notifications).
 */
export interface RouterParts {
  readonly provider: ModelProvider;
  readonly clock: Clock;
  readonly store: LimitStore;
  /** Limits of Bedrock's quota pools: typed in settings, else discovered from Service Quotas. */
  readonly pools: PoolTable;
  readonly random: Random;
  readonly budget: RetryBudget;
  /** Hedges across requests, at most `route.hedge.budgetPercent` of them. */
  readonly hedges: HedgeBudget;
  readonly regions: RegionHealth;
  readonly stats: RouterStats;
  /** Wakes requests waiting for a slot or a breaker to free up. */
  readonly changed: ChangeSignal;
  /** The live tables: a configuration change replaces them, and a request in flight plans with the new ones. */
  readonly targets: ReadonlyMap<string, TargetRuntime>;
  readonly strategies: ReadonlyMap<string, Strategy>;
  /** Live state changed (an attempt started or ended). */
  stateChanged(): void;
}
