/** Everything a running simulator knows, built from a scenario. */
import type { Clock } from '../core/clock';
import { AccountRegistry } from './accounts';
import { CrisRouter } from './cris';
import { FaultBook } from './faults';
import { DEFAULT_LOG_CAPACITY, InvocationLog } from './invocation-log';
import { DEFAULT_QUOTA, QuotaBook } from './quotas';
import { RandomStreams } from './random';
import { RegionTable } from './regions';
import type { Scenario } from './scenario';
import type { FaultSpec } from './types';

/** maxTokens assumed for the TPM reservation when a request does not set one. */
export const DEFAULT_MAX_TOKENS = 4096;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
export const DEFAULT_LOG_GROUP = '/aws/bedrock/modelinvocations';

export interface SimState {
  readonly clock: Clock;
  readonly random: RandomStreams;
  readonly accounts: AccountRegistry;
  readonly regions: RegionTable;
  readonly cris: CrisRouter;
  readonly quotas: QuotaBook;
  readonly faults: FaultBook;
  readonly log: InvocationLog;
  readonly defaultMaxTokens: number;
  readonly maxBodyBytes: number;
  readonly logGroupName: string;
  readonly seed: () => number;
  /** Model invocations being processed right now. */
  inFlight: number;
  /** Back to the scenario's configuration: windows, faults, Region health, account expiry, CRIS streams and the log. */
  reset(seed?: number): void;
}

export function createState(scenario: Scenario, clock: Clock, seed: number): SimState {
  const random = new RandomStreams(seed);
  const accounts = new AccountRegistry(scenario.accounts ?? []);
  const configuredExpiry = new Map((scenario.accounts ?? []).map((a) => [a.profile, a.expired ?? false]));
  const regions = new RegionTable(scenario.regions ?? {});
  const quotas = new QuotaBook(clock, { ...DEFAULT_QUOTA, ...scenario.quotas?.default }, scenario.quotas?.rules ?? []);
  const faults = new FaultBook(random, (scenario.faults ?? []) as FaultSpec[], scenario.modelsNotReady ?? []);
  const log = new InvocationLog(scenario.invocationLog?.capacity ?? DEFAULT_LOG_CAPACITY);
  return {
    clock,
    random,
    accounts,
    regions,
    cris: new CrisRouter(random, regions),
    quotas,
    faults,
    log,
    defaultMaxTokens: scenario.defaultMaxTokens ?? DEFAULT_MAX_TOKENS,
    maxBodyBytes: scenario.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logGroupName: scenario.invocationLog?.logGroupName ?? DEFAULT_LOG_GROUP,
    seed: () => random.currentSeed,
    inFlight: 0,
    reset(newSeed) {
      random.clear(newSeed);
      quotas.reset();
      faults.reset();
      regions.reset();
      accounts.resetExpiry(configuredExpiry);
      log.clear();
    },
  };
}
